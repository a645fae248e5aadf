// An output directory written whole or not at all. Before any simulation the command takes a lock
// beside the directory (a second run with the same --out is refused while the first writes), clears
// temporaries that interrupted runs left, and creates a staging folder beside it (so an unwritable
// place is found before the replications, not after). The files go into the staging folder, then a
// manifest with the SHA-256 of every file, written last; then the staging folder is swapped in. A
// directory that exists is therefore complete and from one run; a run that is interrupted, killed or
// out of disk leaves the old directory as it was.

import Foundation
import ScenarioKit

public final class OutputDirectory {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public let path: String
    let parent: String
    let name: String
    let staging: String
    let lockDescriptor: Int32
    var written: [(name: String, sha256: String)] = []
    var finished = false
    /// A command continuing its own results (calibrate's next wave) keeps their files.
    var keepsEarlierFiles = false

    /// The files a run directory of any command may hold; other files in an existing directory
    /// (part files, a user's notes) are carried over into the new one.
    public static let manifestName = "manifest.json"

    /// Takes the lock, clears stale temporaries (each with a note), checks that the directory is new,
    /// empty or a WijkSim output directory, and creates the staging folder.
    ///
    /// A folder that already holds finished results (a manifest or run.json) is replaced only with
    /// `force`, or when it holds the results of `continuing` (calibrate resumes its own folder):
    /// results are never overwritten silently.
    public init(_ path: String, force: Bool = false, continuing: String? = nil, note: (String) -> Void) throws(Failure) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        self.path = url.path
        name = url.lastPathComponent
        parent = url.deletingLastPathComponent().path
        guard !name.isEmpty, name != "/", name != ".", name != ".." else {
            throw Failure(description: "--out \(path): not a folder WijkSim can replace; choose a folder such as Results/my-run")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: self.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw Failure(description: "--out \(path) is a file, not a directory; choose another --out") }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: self.path)) ?? []
            let ours = entries.contains { $0 == "run.json" || $0 == Self.manifestName || $0 == "calibration-state.json"
                || ($0.hasSuffix(".json") && $0.contains("part-")) }
            guard entries.isEmpty || ours else {
                throw Failure(description: "--out \(path) holds \(entries.count) files and is not a WijkSim output folder; WijkSim replaces its output folder whole, so choose a new or empty folder")
            }
            if !force, entries.contains(where: { $0 == "run.json" || $0 == Self.manifestName }) {
                let earlier = Self.describeResults(in: self.path)
                if let continuing, earlier.command?.hasPrefix(continuing) == true {
                    keepsEarlierFiles = true
                } else {
                    throw Failure(description: "--out \(path) already holds results (\(earlier.text)); add --force to replace them, or choose another --out")
                }
            }
        }
        do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw Failure(description: "cannot create \(parent) (\(Self.reason(error))); choose another --out")
        }
        let lockPath = parent + "/.\(name).wijksim-lock"
        let fd = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw Failure(description: "cannot write in \(parent) (\(String(cString: strerror(errno)))); choose an --out where you may write")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw Failure(description: "another wijksim is writing \(path) now; wait for it, or choose another --out")
        }
        lockDescriptor = fd
        // Holding the lock, any temporary beside the directory is from a run that ended without finishing.
        let prefix = ".\(name).wijksim-"
        for entry in ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []) where entry.hasPrefix(prefix) && !entry.hasSuffix("-lock") {
            try? FileManager.default.removeItem(atPath: parent + "/" + entry)
            note("removed \(parent)/\(entry), left by a run that was interrupted")
        }
        staging = parent + "/\(prefix)\(getpid()).tmp"
        do { try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false) } catch {
            flock(fd, LOCK_UN); close(fd)
            throw Failure(description: "cannot write in \(parent) (\(Self.reason(error))); choose an --out where you may write")
        }
    }

    /// A JSON object file of an output folder (manifest.json, run.json), nil when absent or unreadable.
    static func object(_ path: String) -> [String: Any]? {
        FileManager.default.contents(atPath: path).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    /// What an existing results folder holds, in words: "wijksim run, 30 replications, finished
    /// 2026-12-01T23:49:01Z", and the command that wrote it.
    static func describeResults(in path: String) -> (command: String?, text: String) {
        let run = object(path + "/run.json")
        let command = object(path + "/" + manifestName)?["command"] as? String ?? run?["kind"] as? String
        var parts: [String] = []
        if let r = run?["replications"] as? Int { parts.append("\(r) replication\(r == 1 ? "" : "s")") }
        if let finished = run?["finished"] as? String { parts.append("finished \(finished)") }
        return (command, (["wijksim " + (command ?? "output")] + parts).joined(separator: ", "))
    }

    /// The files the previous results' manifest lists: replaced, never carried over.
    static func manifestFiles(in path: String) -> Set<String> {
        guard let files = object(path + "/" + manifestName)?["files"] as? [String: Any] else { return [] }
        return Set(files.keys).union([manifestName])
    }

    deinit {
        if !finished { abandon() }
    }

    static func reason(_ error: Error) -> String {
        if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError { return String(cString: strerror(Int32(posix.code))) }
        return (error as NSError).localizedDescription
    }

    /// Writes one file into the staging folder.
    public func write(_ file: String, _ text: String) throws(Failure) {
        try write(file, data: Data(text.utf8))
    }

    public func write(_ file: String, data: Data) throws(Failure) {
        guard FileManager.default.createFile(atPath: staging + "/" + file, contents: data) else {
            throw Failure(description: "cannot write \(path)/\(file) (\(String(cString: strerror(errno)))); free space or choose another --out; \(path) is left as it was")
        }
        written.append((file, SHA256.hex(data)))
    }

    /// Writes `files`, the manifest and swaps the folder in; on any failure the staging folder is
    /// removed and the old folder stays as it was.
    public func publish(_ files: [(String, String)], data: [(String, Data)] = [], command: String, version: String) throws(Failure) {
        do {
            for (name, text) in files { try write(name, text) }
            for (name, bytes) in data { try write(name, data: bytes) }
            try commit(command: command, version: version)
        } catch {
            abandon()
            throw error
        }
    }

    /// Writes the manifest, carries over files of the old directory that this run does not write
    /// (part files, notes), and swaps the staging folder in.
    public func commit(command: String, version: String) throws(Failure) {
        let manifest = JSONValue.object([("wijksim_manifest", .integer(1)), ("command", .string(command)), ("wijksim_version", .string(version)),
                                         ("files", .object(written.map { ($0.name, .string($0.sha256)) }))]).text + "\n"
        try write(Self.manifestName, manifest)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            // The old results are replaced whole: only files no WijkSim run listed (part files, a
            // user's notes) come along, so no file of an earlier run lingers beside the new ones.
            let mine = Set(written.map(\.name)).union(keepsEarlierFiles ? [] : Self.manifestFiles(in: path))
            for entry in ((try? fm.contentsOfDirectory(atPath: path)) ?? []) where !mine.contains(entry) && !entry.hasPrefix(".") {
                _ = rename(path + "/" + entry, staging + "/" + entry)
            }
            let old = parent + "/.\(name).wijksim-\(getpid()).old"
            guard rename(path, old) == 0 else {
                throw Failure(description: "cannot replace \(path) (\(String(cString: strerror(errno)))); the new results are in \(staging)")
            }
            guard rename(staging, path) == 0 else {
                _ = rename(old, path)
                throw Failure(description: "cannot replace \(path) (\(String(cString: strerror(errno)))); it is left as it was")
            }
            try? fm.removeItem(atPath: old)
        } else {
            guard rename(staging, path) == 0 else {
                throw Failure(description: "cannot create \(path) (\(String(cString: strerror(errno)))); choose another --out")
            }
        }
        finished = true
        release()
    }

    /// Removes the staging folder and releases the lock; the old directory stays as it was.
    public func abandon() {
        try? FileManager.default.removeItem(atPath: staging)
        finished = true
        release()
    }

    func release() {
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
    }

}
