import Testing
@testable import GDOptim

/// A history column against `Array` doing the same operations, and its copies against each other.
@Suite struct HistoryColumnTests {
    @Test func randomOperationsMatchAnArray() {
        var random = NumPyRandom(seed: 3)
        var column = HistoryColumn<Int>(capacity: 2)
        var reference: [Int] = []
        var copies: [(HistoryColumn<Int>, [Int])] = []
        for step in 0..<3_000 {
            switch Int.random(in: 0..<6, using: &random) {
            case 0, 1:
                column.append(step)
                reference.append(step)
            case 2:
                let n = Int.random(in: 0...min(3, reference.count), using: &random)
                column.removeLast(n)
                reference.removeLast(n)
            case 3 where !reference.isEmpty:
                let i = Int.random(in: 0..<reference.count, using: &random)
                column[i] = -step
                reference[i] = -step
            case 4:
                // Room lent and partly written, then counted: as a recorder uses it.
                let room = Int.random(in: 1...40, using: &random), used = Int.random(in: 0...room, using: &random)
                let base = column.lendRoom(room)
                for j in 0..<used { base[reference.count + j] = 1_000_000 + j }
                reference += (0..<used).map { 1_000_000 + $0 }
                column.commit(count: reference.count)
            default:
                copies.append((column, reference))
            }
            if step % 50 == 0 || column.count != reference.count {
                #expect(Array(column) == reference, "after step \(step)")
                if Array(column) != reference { return }
            }
        }
        // Every copy kept the values it had when it was taken, whatever the original did after.
        for (copy, values) in copies { #expect(Array(copy) == values) }
        #expect(Array(column) == reference && copies.count > 100)
    }

    @Test func aCopyIsNotChangedByRoomLentToTheOriginal() {
        var column = HistoryColumn<Double>(capacity: 8)
        column.append(1)
        column.append(2)
        let copy = column
        let base = column.lendRoom(4)
        base[0] = 10
        base[2] = 3
        column.commit(count: 3)
        #expect(Array(column) == [10, 2, 3])
        #expect(Array(copy) == [1, 2])
        #expect(copy != column && HistoryColumn<Double>() == HistoryColumn<Double>(capacity: 50))
    }

    /// A copy taken while room is lent keeps its own count (a reviewer's case: the count was shared).
    @Test func aCopyTakenWhileRoomIsLentKeepsItsValues() {
        var column = HistoryColumn<Int>(capacity: 8)
        column.append(1)
        column.append(2)
        let base = column.lendRoom(2)
        base[2] = 3
        var copy = column
        column.commit(count: 3)
        #expect(Array(column) == [1, 2, 3] && Array(copy) == [1, 2])
        copy.append(9)
        column.append(4)
        #expect(Array(column) == [1, 2, 3, 4] && Array(copy) == [1, 2, 9])
    }

    /// As with `Array`, a history holding NaNs equals itself and its copies.
    @Test func aHistoryWithNaNsEqualsItself() {
        var history = RunHistory(dimension: 1)
        history.append(Iterate(k: 0, point: [.nan], loss: .nan, gradientNorm: .nan, eta: 1))
        let copy = history
        #expect(history == copy)
        var other = RunHistory(dimension: 1)
        other.append(Iterate(k: 0, point: [.nan], loss: .nan, gradientNorm: .nan, eta: 1))
        #expect(history != other)  // NaN ≠ NaN where the values are not shared, as for arrays
    }
}
