/// One column of a run's history (its ks, losses, …): a growable array of plain values that can also lend room
/// past its end to be written first and counted after. `Array` cannot: room must be filled before it is lent, and
/// filling it cost as much as a small loss's step. A value type, copied on write like `Array`.
public struct HistoryColumn<Element: BitwiseCopyable & Equatable & Sendable>: RandomAccessCollection, Equatable, Sendable {
    /// Places for values; copies of a column share it until one of them changes a value it counts or lends
    /// room, so each keeps its own count.
    private final class Storage: @unchecked Sendable {  // written only through a uniquely referenced column
        let base: UnsafeMutablePointer<Element>
        let capacity: Int

        init(capacity: Int) {
            self.capacity = Swift.max(1, capacity)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }
    }

    private var storage: Storage
    /// How many of the storage's first places are this column's values.
    private var count_: Int = 0
    /// The end of room lent by `lendRoom`, which `commit` may count up to.
    private var lentEnd = 0

    /// An empty column with room for `capacity` values before it must grow.
    init(capacity: Int = 0) { storage = Storage(capacity: capacity) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count_ }

    public subscript(i: Int) -> Element {
        get {
            precondition(i >= 0 && i < count_, "index out of range")
            return storage.base[i]
        }
        set {
            precondition(i >= 0 && i < count_, "index out of range")
            reserve(count_)
            storage.base[i] = newValue
        }
    }

    /// Equal values; columns sharing storage and count hold the same values, NaNs included, as `Array`'s
    /// equality also takes for granted.
    public static func == (a: HistoryColumn, b: HistoryColumn) -> Bool {
        a.count_ == b.count_ && (a.storage === b.storage || a.elementsEqual(b))
    }

    mutating func append(_ value: Element) {
        reserve(count_ + 1)
        storage.base[count_] = value
        count_ += 1
    }

    mutating func removeLast(_ n: Int) {
        precondition(n >= 0 && n <= count_, "cannot remove more values than there are")
        count_ -= n
    }

    /// The column's values and `room` more places after them, to be written, then counted by `commit`.
    mutating func lendRoom(_ room: Int) -> UnsafeMutablePointer<Element> {
        precondition(room >= 0, "negative room")
        reserve(count_ + room)
        lentEnd = count_ + room
        return storage.base
    }

    /// Makes the first `count` places the column's values: the ones it had and, after them, room lent by
    /// `lendRoom` and written since.
    mutating func commit(count: Int) {
        precondition(count >= 0 && count <= lentEnd, "cannot count past the room lent")
        count_ = count
        lentEnd = 0
    }

    mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Element>) -> R) -> R {
        reserve(count_)
        return body(UnsafeMutableBufferPointer(start: storage.base, count: count_))
    }

    /// Gives this column storage of its own with at least `needed` places, keeping its values: the same
    /// storage where it is already its own and large enough; else, when it grows, twice as many places, and
    /// when it is shared, as many as it needs.
    private mutating func reserve(_ needed: Int) {
        let unique = isKnownUniquelyReferenced(&storage)
        if unique, needed <= storage.capacity { return }
        let copy = Storage(capacity: unique ? Swift.max(needed, 2 * storage.capacity) : Swift.max(needed, count_))
        copy.base.initialize(from: storage.base, count: count_)
        storage = copy
    }
}
