import Glibc

/// File names that complete a path being typed, as bash completes them: `~` is the home folder, a folder
/// gets a trailing `/`, a file a space, and names starting with `.` only when the part typed does.
enum FilePaths {
    static func completing(_ partial: String) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let typedFolder = slash.map { String(partial[...$0]) } ?? ""
        let prefix = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        var folder = typedFolder.isEmpty ? "." : typedFolder
        if folder.hasPrefix("~"), let home = getenv("HOME") {
            folder = String(cString: home) + folder.dropFirst()
        }
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != "..", name.hasPrefix(prefix), !name.hasPrefix(".") || prefix.hasPrefix(".") else { continue }
            var info = stat()
            let isFolder = stat((folder.hasSuffix("/") ? folder : folder + "/") + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            names.append(typedFolder + name + (isFolder ? "/" : " "))
        }
        return names.sorted()
    }
}
