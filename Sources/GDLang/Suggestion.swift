/// Finds the known name closest to a misspelt one, for "did you mean …?" hints.
public enum Suggestion {
    /// The candidate with the smallest edit distance to `name`, if it is close enough to be a likely typo.
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let limit = max(1, name.count / 3)
        // Closest first; among equally close, the longest shared prefix (`sinn` → `sin`, not `sign`), then alphabetical.
        var best: (name: String, distance: Int, prefix: Int)?
        for candidate in candidates where candidate != name {
            let d = editDistance(name, candidate)
            // A one-letter name is no typo of another one-letter name.
            guard d <= limit, d < name.count else { continue }
            let prefix = zip(name, candidate).prefix { $0 == $1 }.count
            if let b = best, (d, -prefix, candidate) >= (b.distance, -b.prefix, b.name) { continue }
            best = (candidate, d, prefix)
        }
        return best?.name
    }

    /// Levenshtein distance, counting an adjacent transposition as one edit.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[b.count]
    }
}
