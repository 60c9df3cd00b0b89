// gd-fuzz: feeds arbitrary bytes to the whole statement pipeline (lex, parse, simplify, differentiate,
// compile, run a few steps). Built by scripts/fuzz with -DFUZZ, coverage instrumentation and libFuzzer's
// driver it is a fuzzer; built plainly it replays the files named on its command line, which is how
// scripts/test re-runs the seed corpus and every crash ever found.
#if canImport(Glibc)
import Glibc
#endif
import GDShell

/// Writes nothing: the fuzzer looks for traps, hangs and memory errors, not for output.
final class SilentConsole: Console {
    func output(_ text: String) {}
    func error(_ text: String) {}
}

func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Runs one input as a script, in text and JSON mode; long runs are interrupted after a short budget.
func runInput(_ bytes: UnsafeBufferPointer<UInt8>) {
    let source = String(decoding: bytes, as: UTF8.self)
    for json in [false, true] {
        let shell = Shell(json: json, console: SilentConsole())
        shell.allowsFiles = false
        let deadline = monotonicSeconds() + 0.2
        shell.session.interrupted = { monotonicSeconds() > deadline }
        _ = shell.run(source, file: "<fuzz>")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    runInput(UnsafeBufferPointer(start: data, count: size))
    return 0
}

#if FUZZ
/// libFuzzer's entry when it does not own `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// SwiftPM links an executable's `main` to `<module>_main`; defining it here hands the process to libFuzzer's
/// driver, and keeps libFuzzer's own `main` out of the link.
@_cdecl("gd_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzOneInput)
}
#else
@main
enum Replay {
    static func main() {
        var count = 0
        for path in CommandLine.arguments.dropFirst() {
            guard let text = try? ScriptFile.read(path) else { continue }
            Array(text.utf8).withUnsafeBufferPointer { runInput($0) }
            count += 1
        }
        print("replayed \(count) inputs")
    }
}
#endif
