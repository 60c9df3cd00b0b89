import Foundation
import Testing
import GDPlot

/// The golden SVG files, in Golden/ next to this file (excluded from the target in Package.swift).
/// `GD_UPDATE_GOLDEN=1 swift test` rewrites them; look at
/// them (rsvg-convert to PNG) before committing.
private let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

@Suite struct GoldenTests {
    @Test(arguments: GoldenFigures.all.map(\.name))
    func svgMatchesGolden(_ name: String) throws {
        let figure = try #require(GoldenFigures.all.first { $0.name == name }).figure
        let svg = SVGPlot.render(figure)
        let file = goldenDirectory.appendingPathComponent(name + ".svg")
        if ProcessInfo.processInfo.environment["GD_UPDATE_GOLDEN"] == "1" {
            try svg.write(to: file, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: file, encoding: .utf8)
        #expect(svg == golden, "SVG of \(name) differs from Golden/\(name).svg; if the change is intended, rerun with GD_UPDATE_GOLDEN=1 and look at the picture")
    }

    /// Each golden file renders with rsvg-convert to a PNG that is not blank: larger than the PNG of a white
    /// page of the same size. Skipped where rsvg-convert is not installed.
    @Test(.enabled(if: rsvgConvert != nil), arguments: GoldenFigures.all.map(\.name))
    func goldenRendersToPNG(_ name: String) throws {
        let blank = ##"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="420"><rect width="640" height="420" fill="#ffffff"/></svg>"##
        let blankPNG = try png(of: Data(blank.utf8))
        let picture = try png(of: Data(contentsOf: goldenDirectory.appendingPathComponent(name + ".svg")))
        #expect(picture.starts(with: [0x89, 0x50, 0x4E, 0x47]))   // "\x89PNG"
        #expect(picture.count > 4 * blankPNG.count)
    }
}

/// The path of rsvg-convert on PATH, if any.
private let rsvgConvert: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    return path.split(separator: ":").map { $0 + "/rsvg-convert" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// `svg` rendered to PNG by rsvg-convert, which must exit with status 0.
private func png(of svg: Data) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(rsvgConvert))
    process.arguments = ["-f", "png"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(svg)
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return data
}
