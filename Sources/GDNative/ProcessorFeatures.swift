import Glibc

/// What this processor's instruction set has beyond x86-64's baseline, as the kernel reports it.
package enum ProcessorFeatures {
    /// Whether the fused multiply-add instructions (FMA3, with the AVX encoding they need) can be used: the
    /// `fma` and `avx` flags of /proc/cpuinfo, which the kernel shows only when it saves the registers too.
    /// `GD_NO_FMA` in the environment turns it off, to test the code without them.
    package static let hasFMA: Bool = getenv("GD_NO_FMA") == nil && flags.contains("fma") && flags.contains("avx")

    /// Whether vector machine code over four doubles can be used: AVX2 (with FMA, which the same code uses for
    /// powers). `GD_NO_AVX2` in the environment turns it off, to test the fallback.
    package static let hasAVX2: Bool = getenv("GD_NO_AVX2") == nil && hasFMA && flags.contains("avx2")

    /// The `flags` line of /proc/cpuinfo; empty where it cannot be read.
    private static let flags: Set<String> = {
        guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            let text = String(cString: line!)
            guard text.hasPrefix("flags") else { continue }
            return Set(text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == ":" }).map(String.init))
        }
        return []
    }()
}
