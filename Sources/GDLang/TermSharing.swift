/// Prints several terms with their repeated pieces named once, as a person would:
/// `∂L/∂a = u1*x`, `∂L/∂b = u1`, where `u1 = 2*(a*x + b - y)`. Used where it shortens the text a lot,
/// and always for terms too long to write out, whose printed length is then linear in their DAG's size.
public enum TermSharing {
    public struct Shared: Equatable, Sendable {
        /// The terms, printed with the names in place of the pieces.
        public var exprs: [String]
        /// Each name and the piece it stands for, in the order they were named; a piece may use earlier names.
        public var definitions: [(name: String, expr: String)]

        public static func == (a: Shared, b: Shared) -> Bool {
            a.exprs == b.exprs && a.definitions.map(\.name) == b.definitions.map(\.name)
                && a.definitions.map(\.expr) == b.definitions.map(\.expr)
        }
    }

    /// Terms longer than this written out (nodes in all, shared pieces counted each time) are not printed
    /// whole: `share` then names every repeated piece.
    public static let writtenOutLimit = 20_000

    /// Whether `terms` are too long to print without naming their repeated pieces.
    public static func isTooLongToWriteOut(_ terms: [Term]) -> Bool {
        var total = 0
        for t in terms {
            total = total.addingReportingOverflow(t.size).partialValue
            if t.size > writtenOutLimit || total > writtenOutLimit { return true }
        }
        return false
    }

    /// The terms with repeated pieces named, or nil when naming would save less than a quarter of the text.
    /// Terms of ordinary length get up to `limit` names, chosen by the characters each saves; terms too long
    /// to write out get a name for every repeated piece and are never nil.
    public static func share(_ terms: [Term], limit: Int = 6) -> Shared? {
        isTooLongToWriteOut(terms) ? everyRepeatedPiece(terms) : mostSaving(terms, limit: limit)
    }

    /// A name for each repeated piece of `terms` whose text is not trivially short, innermost first.
    /// Each distinct node is printed once, inline in its only parent or as its own definition.
    public static func everyRepeatedPiece(_ terms: [Term]) -> Shared {
        var taken: Set<String> = []
        for t in terms { taken.formUnion(t.symbols) }
        // How often each node is an operand (an operand twice in one parent counts twice).
        var uses: [Term: Int] = [:]
        for root in terms {
            uses[root, default: 0] += 1
        }
        var order: [Term] = []
        TermWalk.visitOnce(terms, intoReductions: false) { t in
            order.append(t)
            for c in t.kind.children { uses[c, default: 0] += 1 }
        }
        var counter = 0
        var named: [Term: Term] = [:]
        var definitions: [(name: String, expr: String)] = []
        for t in order {
            let rewritten = rebuilt(t, named)
            let isCompound = !t.kind.children.isEmpty
            guard isCompound, uses[t, default: 0] >= 2,
                  rewritten.size > 6 || rewritten.printed.count >= 12 else {
                named[t] = rewritten
                continue
            }
            var name: String
            repeat {
                counter += 1
                name = "u\(counter)"
            } while taken.contains(name)
            definitions.append((name, rewritten.printed))
            named[t] = .symbol(name)
        }
        return Shared(exprs: terms.map { named[$0]!.printed }, definitions: definitions)
    }

    /// `t` with its operands replaced by what `named` holds for them, without re-simplifying.
    private static func rebuilt(_ t: Term, _ named: [Term: Term]) -> Term {
        switch t.kind {
        case .number, .constant, .symbol, .column, .reduce: return t
        case .sum(let ts): return .sum(ts.map { named[$0]! })
        case .product(let ts): return .product(ts.map { named[$0]! })
        case .apply(let f, let ts): return .apply(f, ts.map { named[$0]! })
        case .power(let b, let e): return .power(named[b]!, named[e]!)
        }
    }

    /// Up to `limit` names, each for the piece whose naming saves the most characters.
    static func mostSaving(_ terms: [Term], limit: Int) -> Shared? {
        var current = terms
        var definitions: [(String, Term)] = []
        let taken = Set(terms.flatMap(\.symbols))
        var counter = 0
        while definitions.count < limit {
            var counts: [Term: Int] = [:]
            for t in current { count(t, &counts) }
            // The piece whose naming saves the most characters: (occurrences − 1) × its length.
            var best: (term: Term, saving: Int, text: String)?
            for (term, n) in counts where n >= 2 {
                let text = term.printed
                guard text.count >= 12 else { continue }
                let saving = (n - 1) * text.count
                if let b = best, saving < b.saving || (saving == b.saving && text >= b.text) { continue }
                best = (term, saving, text)
            }
            guard let piece = best?.term else { break }
            var name: String
            repeat {
                counter += 1
                name = "u\(counter)"
            } while taken.contains(name)
            current = current.map { replace(piece, with: .symbol(name), in: $0) }
            definitions = definitions.map { ($0.0, replace(piece, with: .symbol(name), in: $0.1)) }
            definitions.append((name, piece))
        }
        guard !definitions.isEmpty else { return nil }
        let plain = terms.reduce(0) { $0 + $1.printed.count }
        let exprs = current.map(\.printed)
        let defs = definitions.map { (name: $0.0, expr: $0.1.printed) }
        let shared = exprs.reduce(0) { $0 + $1.count } + defs.reduce(0) { $0 + $1.name.count + $1.expr.count }
        return Double(shared) <= 0.75 * Double(plain) ? Shared(exprs: exprs, definitions: defs) : nil
    }

    /// Counts every compound subterm, each occurrence once (the terms are short enough to walk written out).
    private static func count(_ t: Term, _ counts: inout [Term: Int]) {
        switch t.kind {
        case .number, .constant, .symbol, .column: return
        case .sum(let ts), .product(let ts), .apply(_, let ts):
            counts[t, default: 0] += 1
            ts.forEach { count($0, &counts) }
        case .power(let b, let e):
            counts[t, default: 0] += 1
            count(b, &counts)
            count(e, &counts)
        case .reduce:
            // A reduction is read as a whole; its inside refers to columns and is not shared out.
            counts[t, default: 0] += 1
        }
    }

    /// `t` with every occurrence of `piece` replaced, without re-simplifying (which could undo the naming).
    private static func replace(_ piece: Term, with name: Term, in t: Term) -> Term {
        if t == piece { return name }
        switch t.kind {
        case .number, .constant, .symbol, .column, .reduce: return t
        case .sum(let ts): return .sum(ts.map { replace(piece, with: name, in: $0) })
        case .product(let ts): return .product(ts.map { replace(piece, with: name, in: $0) })
        case .apply(let f, let ts): return .apply(f, ts.map { replace(piece, with: name, in: $0) })
        case .power(let b, let e): return .power(replace(piece, with: name, in: b), replace(piece, with: name, in: e))
        }
    }
}
