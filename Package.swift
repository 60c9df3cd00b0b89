// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "gd",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gd", targets: ["gd"]),
        .executable(name: "gd-bench", targets: ["gd-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Gathers each target's declarations (statements, methods, schedules, built-ins) into its registries.
        .plugin(name: "Registry", capability: .buildTool()),
        // text → tokens → AST → simplified terms → compiled program
        .target(name: "GDLang"),
        // runs, stopping rules, sweeps over a compiled program
        .target(name: "GDOptim", dependencies: ["GDLang"], plugins: ["Registry"]),
        // figures: scales, ticks, terminal raster and SVG; knows nothing of losses or runs
        .target(name: "GDPlot"),
        // libedit, found with pkg-config; its variadic calls go through the CLineEdit shim
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"]), .brew(["libedit"])]),
        // the line editor's C side: plain functions over libedit, and the interactive signal handling
        .target(name: "CLineEdit", dependencies: ["CLibEdit"], linkerSettings: [.linkedLibrary("edit")]),
        // statements, session state, text and JSON output
        .target(name: "GDShell", dependencies: ["GDLang", "GDOptim", "GDPlot", "CLineEdit"]),
        .executableTarget(
            name: "gd",
            dependencies: [
                "GDShell",
                "GDOptim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // a libFuzzer target over the whole pipeline (scripts/fuzz), or a replayer of its corpus
        .executableTarget(name: "gd-fuzz", dependencies: ["GDShell"], path: "Sources/GDFuzz"),
        // the measurements behind scripts/bench
        .executableTarget(name: "gd-bench", dependencies: ["GDLang", "GDOptim"], path: "Sources/GDBench"),
        .testTarget(name: "GDLangTests", dependencies: ["GDLang"]),
        .testTarget(name: "GDOptimTests", dependencies: ["GDOptim", "GDLang"]),
        .testTarget(name: "GDShellTests", dependencies: ["GDShell", "GDLang", "GDOptim"]),
        .testTarget(name: "GDPlotTests", dependencies: ["GDPlot"], exclude: ["Golden"]),
    ]
)
