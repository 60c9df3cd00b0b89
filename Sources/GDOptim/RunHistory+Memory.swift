#if canImport(Glibc)
import Glibc
#endif

extension RunHistory {
    /// Asks the C allocator to keep memory freed by one run for the next, instead of handing it back to the
    /// kernel. A long run's history takes megabytes; by default glibc unmaps or trims that memory when the run
    /// is dropped, and the next run faults every page back in, one 4 KB page per few dozen iterates, which
    /// costs more per step than a small loss's whole descent step. Called once at start-up by `gd`.
    public static func keepFreedMemoryForLaterRuns() {
        #if canImport(Glibc)
        // Blocks up to 32 MB (glibc's largest threshold) come from the heap rather than their own mapping,
        // and up to 256 MB free at the heap's top stays mapped.
        // <malloc.h> is not part of Swift's Glibc module, so mallopt and its M_TRIM_THRESHOLD (−1) and
        // M_MMAP_THRESHOLD (−3) are looked up here.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 256 << 20)
        #endif
    }
}
