// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "gd",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gd", targets: ["gd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // text → tokens → AST → simplified terms → compiled program
        .target(name: "GDLang"),
        // runs, stopping rules, sweeps over a compiled program
        .target(name: "GDOptim", dependencies: ["GDLang"]),
        // figures: scales, ticks, terminal raster and SVG; knows nothing of losses or runs
        .target(name: "GDPlot"),
        // statements, session state, text and JSON output
        .target(name: "GDShell", dependencies: ["GDLang", "GDOptim", "GDPlot"]),
        .executableTarget(
            name: "gd",
            dependencies: [
                "GDShell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "GDLangTests", dependencies: ["GDLang"]),
        .testTarget(name: "GDOptimTests", dependencies: ["GDOptim", "GDLang"]),
        .testTarget(name: "GDShellTests", dependencies: ["GDShell", "GDLang", "GDOptim"]),
        .testTarget(name: "GDPlotTests", dependencies: ["GDPlot"]),
    ]
)
