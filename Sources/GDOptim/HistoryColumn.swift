/// One column of a run's history (its ks, losses, …): a growable array of plain values that can also lend room
/// past its end to be written first and counted after. `Array` cannot: room must be filled before it is lent, and
/// filling it cost as much as a small loss's step. A value type, copied on write like `Array`.
public struct HistoryColumn<Element: BitwiseCopyable & Equatable & Sendable>: RandomAccessCollection, Equatable, Sendable {
    /// The values, of which the first `count` are this column's; the rest is room.
    private final class Storage: @unchecked Sendable {  // mutated only through a uniquely referenced column
        var base: UnsafeMutablePointer<Element>
        var count: Int
        var capacity: Int

        init(capacity: Int) {
            self.capacity = Swift.max(1, capacity)
            base = .allocate(capacity: self.capacity)
            count = 0
        }

        deinit { base.deallocate() }
    }

    private var storage: Storage

    /// An empty column with room for `capacity` values before it must grow.
    init(capacity: Int = 0) { storage = Storage(capacity: capacity) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }

    public subscript(i: Int) -> Element {
        get {
            precondition(i >= 0 && i < storage.count, "index out of range")
            return storage.base[i]
        }
        set {
            precondition(i >= 0 && i < storage.count, "index out of range")
            makeUnique(capacity: storage.capacity)
            storage.base[i] = newValue
        }
    }

    public static func == (a: HistoryColumn, b: HistoryColumn) -> Bool { a.elementsEqual(b) }

    mutating func append(_ value: Element) {
        makeUnique(capacity: storage.count < storage.capacity ? storage.capacity : 2 * storage.capacity)
        storage.base[storage.count] = value
        storage.count += 1
    }

    mutating func removeLast(_ n: Int) {
        precondition(n >= 0 && n <= storage.count, "cannot remove more values than there are")
        makeUnique(capacity: storage.capacity)
        storage.count -= n
    }

    /// The column's values and `room` more places after them, to be written, then counted by `commit`.
    mutating func lendRoom(_ room: Int) -> UnsafeMutablePointer<Element> {
        let needed = storage.count + room
        makeUnique(capacity: needed <= storage.capacity ? storage.capacity : Swift.max(needed, 2 * storage.capacity))
        return storage.base
    }

    /// Makes the first `count` places the column's values: the ones it had and, after them, room lent by
    /// `lendRoom` and written since.
    mutating func commit(count: Int) {
        precondition(count >= 0 && count <= storage.capacity, "cannot count past the room lent")
        storage.count = count
    }

    mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Element>) -> R) -> R {
        makeUnique(capacity: storage.capacity)
        return body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
    }

    /// Gives this column storage of its own, of at least `capacity` places, keeping its values.
    private mutating func makeUnique(capacity: Int) {
        if isKnownUniquelyReferenced(&storage), capacity <= storage.capacity { return }
        let copy = Storage(capacity: capacity)
        copy.base.initialize(from: storage.base, count: storage.count)
        copy.count = storage.count
        storage = copy
    }
}
