import Glibc
import ArgumentParser
import GDOptim
import GDRender
import GDRepl
import GDShell

/// `gd`: run gradient-descent scripts, or explore interactively.
@main
struct GDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gd",
        abstract: "Explore gradient descent: define a loss, differentiate it, run and sweep descents.",
        discussion: """
            With no FILE and no -e, gd reads a script from standard input, or opens an \
            interactive session when standard input is a terminal. Exit status: 0 success, \
            1 an error in a script, 2 a usage error.
            """,
        version: "gd 0.1.0"
    )

    @Flag(name: .long, help: "Print one JSON object per line for each result (the contract is in README.md).")
    var json = false

    @Flag(name: .long, help: "Show a progress line for long work on a terminal's standard error, in scripts and with --json too.")
    var progress = false

    @Option(name: [.customShort("e"), .customLong("eval")], help: "Run STATEMENTS (may be repeated; runs before FILEs).")
    var statements: [String] = []

    @Argument(help: "Scripts to run in order, sharing one session.")
    var files: [String] = []

    func run() throws {
        let shell = Shell(json: json)
        shell.layout = { (LineEditor.terminalColumns, Colour.forTerminal(1).isEnabled) }
        shell.wrapsLines = isatty(1) == 1
        if progress && isatty(2) == 1 { InteractiveLoop.showProgress(of: shell) }
        for (i, text) in statements.enumerated() {
            guard shell.run(text, file: statements.count == 1 ? "<-e>" : "<-e \(i + 1)>") else { throw ExitCode(1) }
        }
        for path in files {
            let source: String
            do {
                source = try ScriptFile.read(path)
            } catch {
                StandardConsole().error("gd: \(error.message)")
                throw ExitCode(2)
            }
            guard shell.run(source, file: path) else { throw ExitCode(1) }
        }
        guard statements.isEmpty && files.isEmpty else { return }
        if isatty(0) == 1 {
            InteractiveLoop(shell: shell, banner: "\(Self.configuration.version) — help explains the language, help NAME a statement; Ctrl-D or quit leaves",
                            showsProgress: progress || !json).run()
        } else if !shell.run(ScriptFile.readStandardInput(), file: "<stdin>") {
            throw ExitCode(1)
        }
    }

    /// Parses the arguments itself so that usage errors exit with status 2, not ArgumentParser's 64.
    static func main() {
        RunHistory.keepFreedMemoryForLaterRuns()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Glibc.exit(code.rawValue)
        } catch {
            let status = exitCode(for: error)
            let message = fullMessage(for: error)
            if status == .success {
                StandardConsole().output(message)
                Glibc.exit(0)
            }
            StandardConsole().error(message)
            Glibc.exit(2)
        }
    }
}
