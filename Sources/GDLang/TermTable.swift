import GDConcurrency
/// One interned node of the term DAG. Its `kind` refers to its children as `Term`s, which are nodes
/// themselves, so an expression that repeats a piece holds it once however often it occurs.
///
/// Everything a pass would otherwise learn by walking the whole expression is computed here once,
/// from the children's values, when the node is made.
final class TermNode: Sendable {
    let kind: Term.Kind
    /// A hash of the structure alone, the same in every process: orders large terms canonically.
    let structuralHash: UInt64
    /// One bit per symbol (by a hash of its name) of every symbol in the term: a zero bit proves absence.
    let symbolMask: UInt64
    /// Nodes counting shared pieces each time they occur, saturating at `Int.max`.
    let treeSize: Int
    /// The longest chain from this node to a leaf, counting both ends.
    let height: Int
    let hasReductions: Bool
    /// Whether a table's column occurs outside any nested reduction.
    let usesColumns: Bool
    /// Total degree in the symbols, for the sum order: x^3*y is 4; constants and functions are 0.
    let degree: Double

    /// When the node was made, in the table's count: a node is made after its operands.
    let serial: Int

    init(_ kind: Term.Kind, serial: Int) {
        self.kind = kind
        self.serial = serial
        var hash = Hash(tag: kind.tag)
        var mask: UInt64 = 0
        var size = 1
        var height = 1
        var reductions = false
        var columns = false
        for child in kind.children {
            let n = child.node
            hash.combine(n.structuralHash)
            mask |= n.symbolMask
            size = size.addingReportingOverflow(n.treeSize).overflow ? .max : size + n.treeSize
            height = max(height, n.height + 1)
            reductions = reductions || n.hasReductions
            columns = columns || n.usesColumns
        }
        switch kind {
        case .number(let v): hash.combine(v.bitPattern)
        case .constant(let c): hash.combine(string: c.rawValue)
        case .symbol(let s):
            hash.combine(string: s)
            mask = TermNode.maskBit(s)
        case .apply(let f, _): hash.combine(string: f.rawValue)
        case .column(let name, let index):
            hash.combine(string: name)
            hash.combine(UInt64(index))
            columns = true
        case .reduce(let r):
            hash.combine(r.isMean ? 1 : 0)
            hash.combine(string: r.table.name)
            mask = r.summand.node.symbolMask
            size = r.summand.node.treeSize == .max ? .max : r.summand.node.treeSize + 1
            height = r.summand.node.height + 1
            reductions = true
            columns = false
        case .sum, .product, .power: break
        }
        structuralHash = hash.value
        symbolMask = mask
        treeSize = size
        self.height = height
        hasReductions = reductions
        usesColumns = columns
        degree = TermNode.degree(of: kind)
    }

    static func maskBit(_ symbol: String) -> UInt64 {
        var h = Hash(tag: 0)
        h.combine(string: symbol)
        return 1 << (h.value % 64)
    }

    private static func degree(of kind: Term.Kind) -> Double {
        switch kind {
        case .number, .constant, .apply, .reduce: return 0
        case .symbol, .column: return 1
        case .power(let b, let e):
            guard let n = e.numberValue else { return 0 }
            return b.node.degree * n
        case .product(let fs): return fs.reduce(0) { $0 + $1.node.degree }
        case .sum(let ts): return ts.map(\.node.degree).max() ?? 0
        }
    }

    /// FNV-1a over 64-bit words: deterministic, unlike `Hasher`, which is seeded per process.
    struct Hash {
        private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

        init(tag: UInt64) { combine(tag) }

        mutating func combine(_ word: UInt64) {
            value = (value ^ word) &* 0x0000_0100_0000_01b3
        }

        mutating func combine(string: String) {
            for byte in string.utf8 { combine(UInt64(byte)) }
            combine(0xff)
        }
    }
}

/// The table that makes terms unique: building a term equal to a living one returns that one, so
/// equal terms are the same node, and equality and hashing take constant time.
///
/// The table holds its nodes strongly and from time to time drops those that nobody else holds.
/// (Weak references would do it at once, but they move every retain and release of a node onto the
/// runtime's slow path.)
final class TermTable: @unchecked Sendable {
    static let shared = TermTable()

    private struct State {
        var nodes: [Term.Kind: TermNode] = [:]
        /// The printed form and binding level of terms short enough (`Term.isSmall`), once computed:
        /// the canonical order compares printed forms at every sum and product.
        var printed: [ObjectIdentifier: (text: String, level: Int)] = [:]
        var made = 0
        /// The table's size after the last sweep: the next comes when it has doubled.
        var sweptAt = 0
    }

    private let lock = Lock()
    /// Guarded by `lock`.
    private var state = State()

    /// The node of `kind`, made if there is none.
    func node(_ kind: Term.Kind) -> TermNode {
        lock.withLock {
            if let node = state.nodes[kind] { return node }
            if state.nodes.count >= max(2 * state.sweptAt, 4096) { Self.sweep(&state) }
            state.made += 1
            let node = TermNode(kind, serial: state.made)
            state.nodes[kind] = node
            return node
        }
    }

    /// The printed form of `node` and its binding level, if remembered.
    func printed(_ node: TermNode) -> (text: String, level: Int)? {
        lock.withLock { state.printed[ObjectIdentifier(node)] }
    }

    /// Remembers the printed form of `node`, which the table holds (so its identifier is not reused while the entry lasts).
    func remember(printed: (text: String, level: Int), of node: TermNode) {
        lock.withLock { state.printed[ObjectIdentifier(node)] = printed }
    }

    /// Drops the nodes only the table holds. Parents go before their operands, so a whole unused
    /// expression goes in one sweep. Nothing outside the table can reach a node held only by it,
    /// so no other thread can take hold of one while the lock is held.
    private static func sweep(_ state: inout State) {
        var candidates: [(serial: Int, kind: Term.Kind)] = []
        for (kind, node) in state.nodes { candidates.append((node.serial, kind)) }
        candidates.sort { $0.serial > $1.serial }
        for i in candidates.indices {
            // The list's copy of a kind holds the node's operands too: let go of it before they come up.
            let kind = candidates[i].kind
            candidates[i].kind = .number(0)
            guard let index = state.nodes.index(forKey: kind) else { continue }
            if isKnownUniquelyReferenced(&state.nodes.values[index]) {
                state.printed[ObjectIdentifier(state.nodes.values[index])] = nil
                state.nodes.remove(at: index)
            }
        }
        state.sweptAt = state.nodes.count
    }

    /// Whether a node of `kind` is alive after dropping those nobody else holds: for tests that check
    /// the table lets terms go.
    func holds(_ kind: Term.Kind) -> Bool {
        lock.withLock {
            Self.sweep(&state)
            return state.nodes[kind] != nil
        }
    }
}
