import Glibc

/// Reads script files, turning every failure into a one-line message.
public enum ScriptFile {
    /// A file that could not be read or written, as a one-line message.
    public struct ReadError: Error, Equatable {
        public var message: String
    }

    /// The whole text of the file at `path`.
    public static func read(_ path: String) throws(ReadError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ReadError(message: "cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw ReadError(message: "cannot read '\(path)': it is a directory, not a script")
        }
        // Devices such as /dev/zero never end; pipes and files do.
        if (info.st_mode & S_IFMT) != S_IFREG && (info.st_mode & S_IFMT) != S_IFIFO {
            throw ReadError(message: "cannot read '\(path)': it is not a regular file")
        }
        guard let file = fopen(path, "rb") else {
            throw ReadError(message: "cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count {
                if ferror(file) != 0 {
                    throw ReadError(message: "cannot read '\(path)': \(String(cString: strerror(errno)))")
                }
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `path` as seen from the script `file`: relative paths are taken from that script's folder,
    /// unless the script is not a file (`<-e>`, `<stdin>`), when they are taken from the working directory.
    public static func resolve(_ path: String, relativeTo file: String) -> String {
        let path = expandingHome(path)
        guard !path.hasPrefix("/"), !file.hasPrefix("<"), let slash = file.lastIndex(of: "/") else { return path }
        return String(file[...slash]) + path
    }

    /// `~` or `~/…` as the home folder, as a shell reads it (and as Tab completes it); other paths as they are.
    public static func expandingHome(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = getenv("HOME") else { return path }
        return String(cString: home) + path.dropFirst()
    }

    /// The absolute path with links resolved, so two spellings of one file compare equal; `path` itself if it does not exist.
    public static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Writes `text` to a temporary file beside `path` and renames it over `path`, so a reader never sees half a file.
    public static func write(_ text: String, to path: String) throws(ReadError) {
        let temporary = path + ".tmp\(getpid())"
        guard let file = fopen(temporary, "wb") else {
            throw ReadError(message: "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        let bytes = Array(text.utf8)
        let written = bytes.isEmpty ? 0 : fwrite(bytes, 1, bytes.count, file)
        let closed = fclose(file)
        guard written == bytes.count, closed == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ReadError(message: "cannot write '\(path)': \(reason)")
        }
    }

    /// All of standard input.
    public static func readStandardInput() -> String {
        var lines: [String] = []
        while let line = readLine(strippingNewline: false) { lines.append(line) }
        return lines.joined()
    }
}
