// Records, at build time, the exact compiler and the git commit the binary is built from, so that
// run.json and every report can say what made them (scripts/build-info.sh does the work).

import Foundation
import PackagePlugin

@main
struct BuildInfo: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let package = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("BuildInfo.swift")
        let script = package.appendingPathComponent("scripts/build-info.sh")
        // The compiler of this build: the command runs with an empty environment, so no PATH to it.
        let compiler = (try? context.tool(named: "swiftc"))?.url.path ?? "swiftc"
        // Run again when the script changes or git records a commit or checkout (logs/HEAD grows
        // with each); outside a git checkout the commit is "unknown".
        let git = package.appendingPathComponent(".git")
        let inputs = [script] + ["logs/HEAD", "HEAD"].map { git.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        return [.buildCommand(displayName: "Recording the compiler and git commit",
                              executable: URL(fileURLWithPath: "/bin/sh"),
                              arguments: [script.path, package.path, output.path, compiler],
                              inputFiles: inputs, outputFiles: [output])]
    }
}
