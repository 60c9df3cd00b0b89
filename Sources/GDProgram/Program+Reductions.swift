extension Program {
    /// Rows per block: lanes of a reduction's program.
    static let block = 256

    /// Sums each group's summands over the rows, a block of rows at a time as lanes, into the registers that
    /// hold them. Large tables are split between the cores; each block's partial sums are added in block order,
    /// so the result does not depend on how many cores there are.
    func runReductions(_ point: UnsafeBufferPointer<Double>, _ registers: UnsafeMutablePointer<Double>, rows: [Int]?) {
        for group in reductions {
            let n = rows?.count ?? group.table.rowCount
            let blocks = (n + Self.block - 1) / Self.block
            let outputs = group.program.outputs.count
            var partial = [Double](repeating: 0, count: blocks * outputs)
            let parameters = Array(point)
            let workers = n >= 8 * Self.block ? min(Cores.count, blocks) : 1
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
            for o in 0..<outputs {
                var total = 0.0
                for b in 0..<blocks { total += partial[b * outputs + o] }
                registers[group.registers[o]] = group.isMean[o] ? total / Double(n) : total
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
        let lanes = Program.block
        registers = group.program.makeLaneRegisters(lanes: lanes)
        // The parameters are the same in every lane and every block: broadcast them once.
        for (q, v) in parameters.enumerated() { for l in 0..<lanes { registers[q * lanes + l] = v } }
    }

    /// Sums the outputs over rows [block·B, (block+1)·B) of the n selected, writing one sum per output.
    mutating func sum(block: Int, of n: Int, rows: [Int]?, into sums: UnsafeMutablePointer<Double>) {
        let lanes = Program.block
        let start = block * lanes
        let count = min(lanes, n - start)
        let program = group.program
        registers.withUnsafeMutableBufferPointer { r in
            for (c, column) in group.table.values.enumerated() {
                let base = (program.parameters.count + c) * lanes
                if let rows {
                    for l in 0..<count { r[base + l] = column[rows[start + l]] }
                } else {
                    for l in 0..<count { r[base + l] = column[start + l] }
                }
                // A short last block repeats its last row; only the first `count` lanes are summed.
                for l in count..<lanes { r[base + l] = r[base + count - 1] }
            }
            program.run(lanes: lanes, r.baseAddress!)
            for (o, register) in program.outputs.enumerated() {
                var total = 0.0
                for l in 0..<count { total += r[register * lanes + l] }
                sums[o] = total
            }
        }
    }
}
