import GDShell

/// Runs `source` in a fresh shell and returns what it wrote.
func runScript(_ source: String, json: Bool = false, file: String = "t.gdscript") -> (ok: Bool, out: [String], err: [String]) {
    let console = RecordingConsole()
    let shell = Shell(json: json, console: console)
    let ok = shell.run(source, file: file)
    return (ok, console.outputs, console.errors)
}
