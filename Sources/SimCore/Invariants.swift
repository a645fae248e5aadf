// Invariant checks that cost time at every event: compiled into debug builds, and into optimised builds
// given `-D WIJKSIM_CHECKS` (scripts/test.sh builds the tests so: optimised, every check on); compiled
// away in the release binary that users run and benchmark.

/// Whether the compiled-in checks run in this process. A build with the checks compiled in (the
/// tests' optimised build) can still run at full speed: `wijksim` sets this to false, before any
/// simulation starts, when the environment has WIJKSIM_SKIP_CHECKS=1 (CI runs its scenario checks so,
/// on the binary the tests built, instead of building the release binary a second time). Without
/// the checks compiled in it changes nothing.
nonisolated(unsafe) public var invariantChecksEnabled = true

/// Stops with `message` when `condition` is false, in debug builds and in builds with `WIJKSIM_CHECKS`;
/// does nothing (and evaluates nothing) in a plain release build.
@inlinable @inline(__always)
public func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                      file: StaticString = #fileID, line: UInt = #line) {
    #if DEBUG || WIJKSIM_CHECKS
    if invariantChecksEnabled { precondition(condition(), message(), file: file, line: line) }
    #endif
}

/// Whether this build compiles the invariant checks in (debug, or `-D WIJKSIM_CHECKS`).
public let invariantChecksCompiled: Bool = {
    #if DEBUG || WIJKSIM_CHECKS
    return true
    #else
    return false
    #endif
}()
