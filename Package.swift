// swift-tools-version:6.0
import PackageDescription

// Linux only: the machine code, the line editor and the C library calls are written for Linux (Glibc).
let package = Package(
    name: "gd",
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
        // threads and locks, for the language's tables, the programs' reductions and the runs' lanes
        .target(name: "GDConcurrency"),
        // C's printf for one number, which Swift can reach only through a costly va_list
        .target(name: "CPrintf"),
        // text → tokens → syntax → terms → derivative, and the built-in functions
        .target(name: "GDLang", dependencies: ["GDConcurrency", "CPrintf"], plugins: ["Registry"]),
        // machine code: the x86-64 assembler and executable memory; knows nothing of programs
        .target(name: "GDNative"),
        // lane kernels in C that Swift cannot vectorise for the processor it runs on (fused multiply-add)
        .target(name: "CLanes"),
        // the compiled program (L and ∇L in one pass), its interpreter, and its translation to machine code
        .target(name: "GDProgram", dependencies: ["GDLang", "GDNative", "GDConcurrency", "CLanes"]),
        // runs, stopping rules, sweeps over a compiled program
        .target(name: "GDOptim", dependencies: ["GDLang", "GDProgram", "GDNative", "GDConcurrency", "CLanes"], plugins: ["Registry"]),
        // figures: scales, ticks, terminal raster and SVG; knows nothing of losses or runs
        .target(name: "GDPlot", dependencies: ["CPrintf"]),
        // libedit, found with pkg-config; its variadic calls go through the CLineEdit shim
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // the line editor's C side: plain functions over libedit, and the interactive signal handling
        .target(name: "CLineEdit", dependencies: ["CLibEdit"], linkerSettings: [.linkedLibrary("edit")]),
        // text for people and JSON: tables, numbers, colours, error rendering; knows nothing of statements
        .target(name: "GDRender", dependencies: ["GDLang", "GDOptim", "GDPlot"]),
        // session state and the statements, one file each (Statements/); no I/O of their own
        .target(name: "GDSession", dependencies: ["GDLang", "GDProgram", "GDOptim", "GDPlot", "GDRender"], plugins: ["Registry"]),
        // runs scripts against a session: files, loading, writing reports to a console
        .target(name: "GDShell", dependencies: ["GDSession", "GDRender", "GDLang"]),
        // the interactive layer: line editing through libedit, progress, interrupts, the terminal
        .target(name: "GDRepl", dependencies: ["GDShell", "GDSession", "GDRender", "GDOptim", "GDLang", "GDConcurrency", "CLineEdit"]),
        .executableTarget(
            name: "gd",
            dependencies: [
                "GDShell",
                "GDRepl",
                "GDOptim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // a libFuzzer target over the whole pipeline (scripts/fuzz), or a replayer of its corpus
        .executableTarget(name: "gd-fuzz", dependencies: ["GDShell"], path: "Sources/GDFuzz"),
        // the measurements behind scripts/bench
        .executableTarget(name: "gd-bench", dependencies: ["GDLang", "GDProgram", "GDOptim"], path: "Sources/GDBench"),
        .testTarget(name: "GDLangTests", dependencies: ["GDLang", "GDProgram", "GDNative", "GDConcurrency"]),
        .testTarget(name: "GDOptimTests", dependencies: ["GDOptim", "GDLang", "GDProgram", "GDNative", "GDConcurrency"]),
        .testTarget(name: "GDShellTests", dependencies: ["GDShell", "GDSession", "GDRender", "GDRepl", "GDLang", "GDProgram", "GDOptim", "GDConcurrency"]),
        .testTarget(name: "GDPlotTests", dependencies: ["GDPlot"], exclude: ["Golden"]),
    ]
)
