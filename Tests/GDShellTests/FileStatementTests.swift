import Testing
@testable import GDShell
@testable import GDSession
@testable import GDRender
@testable import GDRepl
#if canImport(Glibc)
import Glibc
#endif

/// A fresh folder under /tmp for one test.
func temporaryFolder() -> String {
    var template = Array("/tmp/gd-test-XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    return String(cString: path!)
}

func writeFile(_ path: String, _ text: String) throws {
    try ScriptFile.write(text, to: path)
}

@Suite struct FileStatementTests {
    @Test func loadKeepsDefinitionsAndResolvesRelativeToTheLoadingScript() throws {
        let dir = temporaryFolder()
        mkdir(dir + "/sub", 0o755)
        try writeFile(dir + "/outer.gdscript", "g(x) = 2*x\nload sub/inner.gdscript\n")
        try writeFile(dir + "/sub/inner.gdscript", "h(x) = g(x) + 1\n")
        let r = runScript("load \(dir)/outer.gdscript\nh(5)")
        #expect(r.ok)
        #expect(r.out.last == "11")   // 2·5 + 1
    }

    @Test func aScriptThatLoadsItselfIsStopped() throws {
        let dir = temporaryFolder()
        try writeFile(dir + "/a.gdscript", "load b.gdscript\n")
        try writeFile(dir + "/b.gdscript", "load a.gdscript\n")
        let console = RecordingConsole()
        let shell = Shell(json: true, console: console)
        #expect(!shell.run("load b.gdscript\n", file: dir + "/a.gdscript"))
        #expect(console.outputs.last?.contains(#""message":"'a.gdscript' loads itself (a.gdscript → b.gdscript → a.gdscript)""#) == true)
    }

    @Test func saveSessionWritesAScriptThatRecreatesIt() throws {
        let dir = temporaryFolder()
        let console = RecordingConsole()
        let shell = Shell(console: console)
        #expect(shell.run("f(x) = x^4 - 3*x^2 + 2\ng(w1, w2) = f(w1) + w2^2\na = 0.1\nset eta=0.2 method=momentum beta=0.5 digits=4\nsave session \(dir)/s.gdscript\nshow", file: "t"))
        #expect(console.outputs[console.outputs.count - 2] == "saved session to \(dir)/s.gdscript")
        let shown = console.outputs.last!
        let again = RecordingConsole()
        let second = Shell(console: again)
        #expect(second.run("load \(dir)/s.gdscript\nshow", file: "u"))
        #expect(again.outputs.last == shown)
        #expect(try ScriptFile.read(dir + "/s.gdscript").contains("set eta=0.2 method=momentum beta=0.5 digits=4"))
    }

    @Test func quitEndsTheScript() {
        let r = runScript("1 + 1\nquit\n2 + 2")
        #expect(r.ok)
        #expect(r.out == ["2"])
    }

    @Test func helpTopics() {
        let r = runScript("help\nhelp run\nhelp functions")
        // The overview: every topic with its summary, within 80 columns (the syntax is each topic's own help).
        let overview = r.out[0].split(separator: "\n")
        #expect(overview.allSatisfy { $0.count <= 80 })
        #expect(overview.contains("  run         run gradient descent (or another method)"))
        // Every statement with its summary; the topics that are not statements, named at the end.
        for topic in Help.entries.map(\.name) {
            #expect(overview.contains { $0.hasPrefix("  \(topic) ") }, "\(topic)")
        }
        for topic in ["functions", "methods", "schedules", "options"] {
            #expect(r.out[0].contains("help \(topic)"), "\(topic)")
        }
        #expect(r.out[1].hasPrefix("run NAME from p1=v1, … [where BOUNDS] [OPTIONS]\n  run gradient descent"))
        #expect(r.out[1].contains("  eta           0.1"))
        // Every topic's help fits 80 columns; a long meaning continues under itself.
        for topic in Help.topics {
            #expect(Help().text(topic)!.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(topic)")
        }
        #expect(r.out[1].contains("  eta           0.1                   step size η (the first trial step for\n"
                                  + "                                      backtracking)\n"))
        #expect(r.out[1].contains("beta          0.9"))
        #expect(r.out[2].contains("sigmoid(x)") && r.out[2].contains("max(a, b)"))
    }
}

@Suite struct FileLimitTests {
    @Test func aSessionWithoutFilesRefusesThem() {
        let console = RecordingConsole()
        let shell = Shell(json: true, console: console)
        shell.allowsFiles = false
        #expect(!shell.run("save session x.gdscript", file: "t"))
        #expect(console.outputs.last?.contains("this session does not read or write files") == true)
    }

    @Test func loadsNestOnlySoDeep() throws {
        let dir = temporaryFolder()
        for i in 0..<40 { try writeFile(dir + "/s\(i).gdscript", "load s\(i + 1).gdscript\n") }
        try writeFile(dir + "/s40.gdscript", "1\n")
        let console = RecordingConsole()
        let shell = Shell(json: true, console: console)
        #expect(!shell.run("load s0.gdscript\n", file: dir + "/start.gdscript"))
        #expect(console.outputs.last?.contains("loads nest more than 32 deep") == true)
    }
}
