import GDRender
import Glibc

extension Colour {
    /// Colour is on only for a stream that is a terminal, when `NO_COLOR` is unset or empty
    /// (<https://no-color.org>) and `TERM` is not `dumb`: the one place that decides, for what is written
    /// to the file descriptor `fd`.
    public static func forTerminal(_ fd: Int32) -> Colour {
        guard isatty(fd) == 1 else { return .plain }
        if let noColour = getenv("NO_COLOR"), noColour.pointee != 0 { return .plain }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return .plain }
        return Colour(isEnabled: true)
    }
}
