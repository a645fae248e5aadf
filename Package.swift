// swift-tools-version: 6.0
// WijkSim: a discrete-event, multi-agent simulator of the Dutch social domain.
// No package dependencies: the toolchain's Foundation, Dispatch, Synchronization and Testing only.
import PackageDescription

/// The engine is generic over the model's event type; cross-module optimisation lets the model's
/// module specialise and inline the engine's hot paths in release builds.
let optimised: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
]

let package = Package(
    name: "WijkSim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "wijksim", targets: ["wijksim"]),
        .library(name: "SimCore", targets: ["SimCore"]),
        .library(name: "SocialDomain", targets: ["SocialDomain"]),
        .library(name: "ScenarioKit", targets: ["ScenarioKit"]),
        .library(name: "Experiments", targets: ["Experiments"]),
        .library(name: "Uncertainty", targets: ["Uncertainty"]),
        .library(name: "Reporting", targets: ["Reporting"]),
    ],
    targets: [
        // The engine: time, event queue, random streams, distributions, waiting lists,
        // capacity pools, statistics. Knows nothing about households.
        .target(name: "SimCore", swiftSettings: optimised),
        // The social-domain model: households, life domains, teams, services, paths, costs,
        // measures. Imports SimCore only; no file or terminal I/O.
        .target(name: "SocialDomain", dependencies: ["SimCore"], swiftSettings: optimised),
        // Methods for decisions under uncertainty: Latin hypercubes, history matching (implausibility,
        // keep rules, the non-implausible region). Imports SimCore only; knows nothing of households.
        .target(name: "Uncertainty", dependencies: ["SimCore"]),
        // Scenario files: JSON5, extends, units, validation, the field reference.
        .target(name: "ScenarioKit", dependencies: ["SocialDomain", "SimCore"]),
        // Experiments: replications of scenarios and sweep points on all cores, summaries, paired
        // comparisons, shards and merging, the run directory's files.
        .target(name: "Experiments", dependencies: ["ScenarioKit", "SocialDomain", "SimCore", "Uncertainty"],
                plugins: ["BuildInfo"]),
        // Records the exact compiler and the git commit at build time (run.json, the report's footer).
        .plugin(name: "BuildInfo", capability: .buildTool()),

        // Reporting: what people read. The run directory's files (CSV, JSON, the Excel workbook with our own
        // ZIP and SpreadsheetML), report.html and the other pages, household stories, the languages (nl, en).
        .target(name: "Reporting", dependencies: ["Experiments", "ScenarioKit", "SocialDomain", "SimCore", "Uncertainty"]),
        // The command line: parse, call, print, exit codes.
        .executableTarget(name: "wijksim", dependencies: ["SimCore", "SocialDomain", "ScenarioKit", "Experiments", "Uncertainty", "Reporting"],
                          swiftSettings: optimised),
        .testTarget(name: "SimCoreTests", dependencies: ["SimCore"]),
        .testTarget(name: "UncertaintyTests", dependencies: ["Uncertainty", "SimCore"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "SocialDomain", "SimCore"]),
        .testTarget(name: "SocialDomainTests", dependencies: ["SocialDomain", "SimCore"]),
        .testTarget(name: "ScenarioKitTests", dependencies: ["ScenarioKit", "SocialDomain", "SimCore"],
                    exclude: ["FuzzCorpus"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "ScenarioKit", "SocialDomain", "SimCore", "Uncertainty", "Reporting"],
                    exclude: ["Golden"]),
        // End-to-end tests of the command: they run the built `wijksim` binary.
        .testTarget(name: "WijkSimCommandTests", dependencies: ["wijksim"]),
    ]
)
