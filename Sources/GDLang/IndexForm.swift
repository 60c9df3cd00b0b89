/// Derivatives of functions of vectors, printed as people write them. Expanded, ∂L/∂w[3] of
/// `mean(t, (dot(w, x) + b - y)^2)` reads `mean(t, 2*x3*(w[1]*x1 + … + w[10]*x10 + b - y))`, once per component.
/// `folded` writes each complete dot product and sum of squares back as one call, and `indexed` writes the partials
/// of a vector as one line in an index, `∂L/∂w[i] = mean(t, 2*x[i]*(dot(w, x) + b - y))`, where the line, read
/// for each i, is each partial's own text. Both are for reading only: what is computed is the expanded terms.
public enum IndexForm {
    /// The vectors a term can mention: each vector parameter of `f` (its components as symbols) and each family of
    /// table columns x1 … xd (as `mean(t, …)` offers them as the vector x), by name.
    public static func vectors(of f: FunctionDefinition, in terms: [Term]) -> [(name: String, components: [Term])] {
        var result = f.declared.filter { $0.sizes.count == 1 }.map { ($0.name, $0.components.map(Term.symbol)) }
        var tables: [String: DataTable] = [:]
        TermWalk.visitOnce(terms, intoReductions: true) { t in
            if case .reduce(let r) = t.kind { tables[r.table.name] = r.table }
        }
        for table in tables.values.sorted(by: { $0.name < $1.name }) {
            for (name, columns) in Lowering.columnVectors(table) where !result.contains(where: { $0.0 == name }) {
                result.append((name, columns.map { c in Term.column(name: c, index: table.columns.firstIndex(of: c)!) }))
            }
        }
        return result
    }

    /// `t` with each sum over every component of a vector written as one call: Σ c·p[j]·q[j] as c·dot(p, q) and
    /// Σ c·p[j]^2 as c·sumsq(p), for vectors p and q of one size.
    public static func folded(_ terms: [Term], vectors: [(name: String, components: [Term])]) -> [Term] {
        var component: [Term: (vector: Int, index: Int)] = [:]
        for (v, vector) in vectors.enumerated() {
            for (j, c) in vector.components.enumerated() { component[c] = (v, j) }
        }
        guard !component.isEmpty else { return terms }
        var memo: [Term: Term] = [:]
        func fold(_ t: Term) -> Term {
            if let done = memo[t] { return done }
            let result: Term
            switch t.kind {
            case .sum(let ts): result = foldSum(ts.map(fold))
            case .product(let ts): result = Term(.product(ts.map(fold)))
            case .power(let b, let e): result = Term(.power(fold(b), fold(e)))
            case .apply(let f, let ts): result = Term(.apply(f, ts.map(fold)))
            case .reduce(let r): result = Term(.reduce(Reduction(table: r.table, isMean: r.isMean, summand: fold(r.summand))))
            default: result = t
            }
            memo[t] = result
            return result
        }
        struct Key: Hashable { var p: Int; var q: Int; var rest: [Term] }
        func foldSum(_ addends: [Term]) -> Term {
            // Each addend c·p[j]·q[j] (or c·p[j]^2) by (p, q, c), with the j it has.
            var groups: [Key: [Int: Int]] = [:]
            var order: [Key] = []
            for (a, addend) in addends.enumerated() {
                var factors: [Term] = []
                if case .product(let fs) = addend.kind { factors = fs } else { factors = [addend] }
                var found: [(vector: Int, index: Int)] = []
                var rest: [Term] = []
                for f in factors {
                    if let c = component[f] { found.append(c) }
                    else if case .power(let b, let e) = f.kind, e.numberValue == 2, let c = component[b] { found += [c, c] }
                    else { rest.append(f) }
                }
                guard found.count == 2, found[0].index == found[1].index,
                      vectors[found[0].vector].components.count == vectors[found[1].vector].components.count else { continue }
                let key = Key(p: min(found[0].vector, found[1].vector), q: max(found[0].vector, found[1].vector), rest: rest)
                if groups[key] == nil { order.append(key) }
                groups[key, default: [:]][found[0].index] = a
            }
            var replaced: [Int: Term] = [:]
            var dropped: Set<Int> = []
            for key in order {
                let members = groups[key]!
                let n = vectors[key.p].components.count
                guard members.count == n, n >= 2, members.values.allSatisfy({ !dropped.contains($0) }) else { continue }
                let call = Term.symbol(key.p == key.q ? "sumsq(\(vectors[key.p].name))"
                                                      : "dot(\(vectors[key.p].name), \(vectors[key.q].name))")
                let first = members.values.min()!
                replaced[first] = key.rest.isEmpty ? call : Term(.product(key.rest + [call]))
                dropped.formUnion(members.values)
            }
            guard !dropped.isEmpty else { return Term(.sum(addends)) }
            let kept = addends.indices.compactMap { a in replaced[a] ?? (dropped.contains(a) ? nil : addends[a]) }
            return kept.count == 1 ? kept[0] : Term(.sum(kept))
        }
        return terms.map(fold)
    }

    /// The partials of each vector parameter written as one line, where one line in an index is each partial's
    /// text: what the line is the derivative with respect to, its text, and for a line of several partials, its index
    /// and how many it stands for.
    public static func indexed(_ f: FunctionDefinition, _ exprs: [String], vectors: [(name: String, components: [Term])])
        -> [(wrt: String, expr: String, index: String?, count: Int)] {
        var lines: [(String, String, String?, Int)] = []
        var position = 0
        for p in f.declared {
            let mine = Array(exprs[position..<position + p.count])
            position += p.count
            guard p.sizes.count == 1, p.count >= 2,
                  let index = ["i", "j", "k", "m"].first(where: { name in replacingWords(mine[0], [(name, "\u{1}")]) == mine[0] }),
                  let template = template(mine, vector: p.name, index: index, vectors: vectors,
                                          rows: f.declared.filter { $0.sizes.count == 2 && $0.sizes[0] == p.count }.map(\.name)) else {
                lines += zip(p.components, mine).map { ($0, $1, nil, 1) }
                continue
            }
            lines.append(("\(p.name)[\(index)]", template, index, p.count))
        }
        return lines
    }

    /// The text of the first partial with its index written as `index`, if every partial reads as it for its own
    /// index: `w[1]` → `w[i]`, column `x1` of a family of as many columns → `x[i]`, and the first index of each of
    /// `rows`, matrices of as many rows: `W[1,2]` → `W[i,2]`.
    private static func template(_ texts: [String], vector: String, index: String,
                                 vectors: [(name: String, components: [Term])], rows: [String]) -> String? {
        let n = texts.count
        let families = vectors.filter { $0.name != vector && $0.components.count == n && $0.components.first.map(isColumn) == true }
        func written(_ k: Int, as replacement: (String) -> String) -> [(String, String)] {
            [("\(vector)[\(k)]", "\(vector)[\(replacement(String(k)))]")]
                + families.map { ("\($0.name)\(k)", "\($0.name)[\(replacement(String(k)))]") }
                + rows.map { ("\($0)[\(k),", "\($0)[\(replacement(String(k))),") }
        }
        let template = replacingWords(texts[0], written(1) { _ in index })
        guard template != texts[0] else { return nil }
        for k in 1...n where replacingWords(template, written(k) { _ in index }.map { ($0.1, $0.0) }) != texts[k - 1] {
            return nil
        }
        return template
    }

    private static func isColumn(_ t: Term) -> Bool {
        if case .column = t.kind { return true }
        return false
    }

    /// `text` with each whole word `from` (not part of a longer name or number) replaced by `to`.
    static func replacingWords(_ text: String, _ pairs: [(from: String, to: String)]) -> String {
        var out = ""
        var i = text.startIndex
        func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        outer: while i < text.endIndex {
            if i == text.startIndex || !isWordCharacter(text[text.index(before: i)]) {
                for (from, to) in pairs where text[i...].hasPrefix(from) {
                    let end = text.index(i, offsetBy: from.count)
                    if end == text.endIndex || !isWordCharacter(text[end]) || from.last == "]" || from.last == "," {
                        out += to
                        i = end
                        continue outer
                    }
                }
            }
            out.append(text[i])
            i = text.index(after: i)
        }
        return out
    }
}
