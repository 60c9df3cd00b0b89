extension Program {
    /// Rows per block: lanes of a reduction's program.
    static let block = 256

    /// Rows per block for `program`: `block`, or for a program of many registers (a model of a thousand weights)
    /// fewer, so that its lanes' registers stay in the core's cache; never fewer than 4, one vector.
    static func rowsPerBlock(_ program: Program) -> Int {
        var lanes = block
        while lanes > 4 && program.registerCount * lanes * 8 > 1 << 20 { lanes /= 2 }
        return lanes
    }

    /// The most numbers of a table that its reductions also keep blocked (`ReductionGroup.blocked`).
    static let mostBlockedNumbers = 16 << 20

    static func blocked(_ table: DataTable, lanes: Int) -> [Double]? {
        let n = table.rowCount, columns = table.values.count
        guard n > 0, columns * n <= mostBlockedNumbers else { return nil }
        let blocks = (n + lanes - 1) / lanes
        var out = [Double](repeating: 0, count: blocks * columns * lanes)
        out.withUnsafeMutableBufferPointer { out in
            for (c, column) in table.values.enumerated() {
                for b in 0..<blocks {
                    let base = (b * columns + c) * lanes
                    for l in 0..<lanes { out[base + l] = column[min(b * lanes + l, n - 1)] }
                }
            }
        }
        return out
    }

    /// Sums each group's summands over the rows, a block of rows at a time as lanes, into the registers that
    /// hold them. Large tables are split between the cores; each block's partial sums are added in block order,
    /// so the result does not depend on how many cores there are.
    func runReductions(_ point: UnsafeBufferPointer<Double>, _ registers: UnsafeMutablePointer<Double>, rows: [Int]?) {
        for group in reductions {
            let n = rows?.count ?? group.table.rowCount
            let lanes = group.kernel.lanes
            let blocks = (n + lanes - 1) / lanes
            let outputs = group.program.outputs.count
            var partial = [Double](repeating: 0, count: blocks * outputs)
            let parameters = Array(point)
            let workers = n >= 8 * lanes ? min(Cores.count, blocks) : 1
            partial.withUnsafeMutableBufferPointer { sums in
                let sums = UnsafeSendablePointer(sums.baseAddress!)
                Cores.run(workers) { worker in
                    var evaluator = BlockEvaluator(group: group, parameters: parameters)
                    var b = worker
                    while b < blocks {
                        evaluator.sum(block: b, of: n, rows: rows, into: sums.pointer + b * outputs)
                        b += workers
                    }
                }
            }
            partial.withUnsafeBufferPointer { partial in
                for o in 0..<outputs {
                    var total = 0.0
                    for b in 0..<blocks { total += partial[b * outputs + o] }
                    registers[group.registers[o]] = group.isMean[o] ? total / Double(n) : total
                }
            }
        }
    }
}

import GDConcurrency
import GDLang
import GDNative

/// Evaluates a reduction's program on blocks of rows, with its register file allocated once.
struct BlockEvaluator {
    let group: Program.ReductionGroup
    var registers: [Double]

    init(group: Program.ReductionGroup, parameters: [Double]) {
        self.group = group
        let lanes = group.kernel.lanes
        registers = group.program.makeLaneRegisters(lanes: lanes)
        // The parameters are the same in every lane and every block: broadcast them once.
        for (q, v) in parameters.enumerated() { for l in 0..<lanes { registers[q * lanes + l] = v } }
    }

    /// Sums the outputs over rows [block·B, (block+1)·B) of the n selected, writing one sum per output.
    mutating func sum(block: Int, of n: Int, rows: [Int]?, into sums: UnsafeMutablePointer<Double>) {
        let lanes = group.kernel.lanes
        let start = block * lanes
        let count = min(lanes, n - start)
        let group = self.group
        registers.withUnsafeMutableBufferPointer { r in
            let file = r.baseAddress!
            guard rows == nil, let blocked = group.blocked else {
                Self.copyColumns(of: group, block: block, count: count, rows: rows, into: file)
                Self.run(group, file, columns: nil, count: count, into: sums)
                return
            }
            let size = group.table.values.count * lanes
            blocked.withUnsafeBufferPointer { b in
                let columns = b.baseAddress! + block * size
                if group.kernel.columns != nil {
                    // The machine code reads the block's columns where they lie.
                    Self.run(group, file, columns: columns, count: count, into: sums)
                } else {
                    (file + group.program.parameters.count * lanes).update(from: columns, count: size)
                    Self.run(group, file, columns: nil, count: count, into: sums)
                }
            }
        }
    }

    /// Runs the kernel on a block of `count` rows whose columns are in the file or at `columns`, and sums each
    /// output over the lanes in lane order; eight outputs at a time, so that their chains of additions overlap
    /// instead of each waiting on its last addition.
    private static func run(_ group: Program.ReductionGroup, _ file: UnsafeMutablePointer<Double>,
                            columns: UnsafePointer<Double>?, count: Int, into sums: UnsafeMutablePointer<Double>) {
        let lanes = group.kernel.lanes
        if let columns { group.kernel(file, columns: columns) } else { group.kernel(file) }
        let outputs = group.program.outputs
        if count <= 8 {
            // A few rows (a block of a model of many parameters): one short chain per output, the outputs' chains
            // independent of each other; the same additions in the same order as below.
            // Registers read from the columns in place, if any: [low, high).
            let (low, high) = columns != nil ? (group.kernel.columns?.lowerBound ?? 0, group.kernel.columns?.upperBound ?? 0) : (0, 0)
            let columnBase = columns ?? UnsafePointer(file)
            outputs.withUnsafeBufferPointer { outputs in
                for o in 0..<outputs.count {
                    let r = Int(outputs[o])
                    let s = r >= low && r < high ? columnBase + (r - low) * lanes : UnsafePointer(file + r * lanes)
                    var t = 0.0
                    for l in 0..<count { t += s[l] }
                    sums[o] = t
                }
            }
            return
        }
        var o = 0
        while o < outputs.count {
            let width = min(8, outputs.count - o)
            var totals = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
            withUnsafeMutableBytes(of: &totals) { raw in
                let t = raw.baseAddress!.assumingMemoryBound(to: Double.self)
                // An output that is a column itself (∂/∂a of mean(t, a*x) is x) is read where the column is.
                func source(_ k: Int) -> UnsafePointer<Double> {
                    let r = Int(outputs[o + k])
                    if let columns, let range = group.kernel.columns, range.contains(r) {
                        return columns + (r - range.lowerBound) * lanes
                    }
                    return UnsafePointer(file + r * lanes)
                }
                if width == 8 {
                    let (s0, s1, s2, s3, s4, s5, s6, s7) = (source(0), source(1), source(2), source(3),
                                                            source(4), source(5), source(6), source(7))
                    for l in 0..<count {
                        t[0] += s0[l]; t[1] += s1[l]; t[2] += s2[l]; t[3] += s3[l]
                        t[4] += s4[l]; t[5] += s5[l]; t[6] += s6[l]; t[7] += s7[l]
                    }
                } else {
                    for k in 0..<width { let s = source(k); for l in 0..<count { t[k] += s[l] } }
                }
                for k in 0..<width { sums[o + k] = t[k] }
            }
            o += width
        }
    }

    /// The rows of block `block` (`count` of them, selected by `rows` if given) into the file's column registers.
    private static func copyColumns(of group: Program.ReductionGroup, block: Int, count: Int, rows: [Int]?,
                                    into file: UnsafeMutablePointer<Double>) {
        let lanes = group.kernel.lanes
        let start = block * lanes
        for (c, column) in group.table.values.enumerated() {
            let base = file + (group.program.parameters.count + c) * lanes
            column.withUnsafeBufferPointer { column in
                if let rows {
                    for l in 0..<count { base[l] = column[rows[start + l]] }
                } else {
                    base.update(from: column.baseAddress! + start, count: count)
                }
            }
            // A short last block repeats its last row; only the first `count` lanes are summed.
            for l in count..<lanes { base[l] = base[count - 1] }
        }
    }
}
