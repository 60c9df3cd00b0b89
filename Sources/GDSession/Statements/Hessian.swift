import GDLang
import GDProgram
import GDRender
import GDOptim

/// `hessian f [at x=…]`: the matrix of second derivatives, or its values, eigenvalues and stable η at a point.
struct HessianStatement: StatementDeclaration {
    static let name = "hessian"
    static let rank = 3.0
    static let help = StatementHelp(syntax: "hessian NAME [at x=… | at VALUE]",
                                    summary: "print the matrix of second derivatives; at a point, its values, eigenvalues and the largest stable η",
                                    example: "hessian L at w1=1, w2=-1")
    static let completion = StatementCompletion.functionThen(word: "at", options: [])

    var function: Name
    /// The most numbers a function's parameters may hold for `hessian`: n² second derivatives, and eigenvalues of an
    /// n × n matrix.
    static let mostNumbers = 400
    /// The point, for `hessian f at …`.
    var at: PointSyntax?

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> HessianStatement {
        let name = try parser.expectName("expected a function name after 'hessian'", help: "for example: hessian f")
        if parser.atEndOfStatement { return HessianStatement(function: name, at: nil) }
        guard parser.isWord("at") else {
            throw parser.error("expected 'at' and the point, or the end of the statement", help: "for example: hessian \(name.text) at x=1")
        }
        _ = parser.advance()
        return HessianStatement(function: name, at: try parser.point())
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let session = context.session
        let (f, term) = try session.descentFunction(function)
        let n = f.parameters.count
        guard n <= Self.mostNumbers else {
            throw Diagnostic("\(f.name) has \(n) numbers as parameters: its Hessian would have \(n * n) entries, more than hessian works out",
                             at: function.location,
                             help: "hessian takes functions of at most \(Self.mostNumbers) numbers; runs report the largest curvature λmax at their end")
        }
        let hessian = Derivative.hessian(term, parameters: f.parameters).flatMap { $0 }
        let (entries, pieces) = Session.printed(hessian)
        let rows = (0..<n).map { Array(entries[($0 * n)..<($0 * n + n)]) }
        var point: HessianAtPoint?
        if let at {
            let x = try session.pointOnly(for: f, in: at, statement: context.location)
            let values = Program.compile(hessian, parameters: f.parameters).evaluate(x)
            point = HessianAtPoint(point: x, curvature: Curvature(hessian: (0..<n).map { Array(values[($0 * n)..<($0 * n + n)]) }))
        }
        return [HessianReport(of: f.name, wrt: f.parameters, rows: rows, pieces: pieces, at: point,
                              blocks: f.isScalar || n <= HessianReport.widestTable ? nil : f.declared)]
    }
}

/// `hessian f at …`: the point, and the Hessian's values there with their eigenvalues.
struct HessianAtPoint: Sendable {
    var point: [Double]
    var curvature: Curvature
}

/// The entries of `rows` use the names `pieces` define, when they are too long to write out. With `at`, the
/// matrix's values at a point and what they say.
struct HessianReport: Report {
    var of: String
    var wrt: [String]
    var rows: [[String]]
    var pieces: [NamedPiece]
    var at: HessianAtPoint?
    /// For a function of vectors too wide for one table, its parameters as declared: the text goes block by block.
    var blocks: [ParameterDeclaration]?

    /// The most numbers whose Hessian prints as one table.
    static let widestTable = 8

    func text(_ r: TextRenderer) -> String {
        if let at { return atPoint(at, r) }
        if let blocks { return blockLines(blocks, entry: { rows[$0][$1] }, isZero: { rows[$0][$1] == "0" }).joined(separator: "\n") }
        var table = TextTable(["∂²\(of)"] + wrt.map { "∂\($0)" }, rightAligned: [false] + wrt.map { _ in false })
        table.colour = Colour(isEnabled: r.colour)
        for (p, row) in zip(wrt, rows) { table.add(["∂\(p)"] + row) }
        return ([table.rendered(width: r.width)] + r.whereLines(pieces)).joined(separator: "\n")
    }

    /// One line for each block ∂²/∂p∂q of two parameters as declared (p before or equal to q): `0` when every entry
    /// is, else its nonzero entries, the first few of them, and how many there are.
    private func blockLines(_ declared: [ParameterDeclaration], entry: (Int, Int) -> String, isZero: (Int, Int) -> Bool) -> [String] {
        var offsets: [Int] = []
        var next = 0
        for p in declared { offsets.append(next); next += p.count }
        var lines: [String] = []
        for (a, p) in declared.enumerated() {
            for (b, q) in declared.enumerated() where b >= a {
                var nonzero: [String] = []
                var count = 0
                for i in 0..<p.count {
                    for j in 0..<q.count {
                        let (u, v) = (offsets[a] + i, offsets[b] + j)
                        if a == b && j < i { continue }   // symmetric: each pair once
                        if isZero(u, v) { continue }
                        count += 1
                        if nonzero.count < 4 { nonzero.append("∂²\(of)/∂\(wrt[u])∂\(wrt[v]) = \(entry(u, v))") }
                    }
                }
                let name = a == b ? "∂²\(of)/∂\(p.name)²" : "∂²\(of)/∂\(p.name)∂\(q.name)"
                if p.sizes.isEmpty && q.sizes.isEmpty {
                    lines.append("\(name) = \(entry(offsets[a], offsets[b]))")
                    continue
                }
                let kind = " (\(p.sizes.isEmpty ? "1" : p.sizes.map(String.init).joined(separator: "×")) × \(q.sizes.isEmpty ? "1" : q.sizes.map(String.init).joined(separator: "×")))"
                if count == 0 {
                    lines.append("\(name)\(kind): 0")
                } else {
                    let more = count > nonzero.count ? ", … (\(count) nonzero\(a == b ? " on and above the diagonal" : ""))" : ""
                    lines.append("\(name)\(kind): " + nonzero.joined(separator: ", ") + more)
                }
            }
        }
        return lines
    }

    /// The values, the eigenvalues and the shape they give, and the step size past which plain descent diverges
    /// near the point.
    private func atPoint(_ at: HessianAtPoint, _ r: TextRenderer) -> String {
        let f = of
        let c = at.curvature
        var lines: [String]
        if wrt.count == 1 {
            lines = ["\(f)''(\(wrt[0])) = \(r.number(c.hessian[0][0])) at \(r.point(wrt, at.point))"]
        } else if let blocks {
            lines = ["∂²\(f) at \(r.point(wrt, at.point)), block by block"]
                + blockLines(blocks, entry: { r.number(c.hessian[$0][$1]) }, isZero: { c.hessian[$0][$1] == 0 })
        } else {
            var table = TextTable([""] + wrt.map { "∂\($0)" }, rightAligned: [false] + wrt.map { _ in true })
            table.colour = Colour(isEnabled: r.colour)
            for (p, row) in zip(wrt, c.hessian) { table.add(["∂\(p)"] + row.map(r.number)) }
            lines = ["∂²\(f) at \(r.point(wrt, at.point))", table.rendered(width: r.width)]
        }
        guard let shape = c.shape else {
            lines.append("the Hessian is not finite here: no eigenvalues")
            return lines.joined(separator: "\n")
        }
        let gloss: String
        switch (shape, wrt.count == 1) {
        case (.positiveDefinite, true): gloss = "curved up"
        case (.negativeDefinite, true): gloss = "curved down"
        case (_, true): gloss = "flat"
        case (.positiveDefinite, false): gloss = "positive definite (curved up in every direction, as at a minimum)"
        case (.positiveSemidefinite, false): gloss = "positive semidefinite (flat along some direction, curved up or flat along the others)"
        case (.indefinite, false): gloss = "indefinite (curved up along some directions and down along others, as at a saddle)"
        case (.negativeSemidefinite, false): gloss = "negative semidefinite (flat along some direction, curved down or flat along the others)"
        case (.negativeDefinite, false): gloss = "negative definite (curved down in every direction, as at a maximum)"
        case (.zero, false): gloss = "zero (flat in every direction)"
        }
        if wrt.count == 1 {
            lines[0] += ": \(gloss)"
        } else {
            let all = c.eigenvalues.map(r.number)
            let shown = all.count <= 12 ? all.joined(separator: ", ")
                : (all.prefix(6) + ["…"] + all.suffix(3)).joined(separator: ", ") + " (\(all.count), from the smallest)"
            var line = "eigenvalues \(shown): \(gloss)"
            if let kappa = c.conditionNumber { line += "; condition number κ = λmax/λmin = \(r.number(kappa))" }
            lines.append(line)
        }
        let lambda = wrt.count == 1 ? "\(f)''" : "λmax"
        if let etaMax = c.etaMax, shape == .indefinite {
            // Not stable for any η: the directions that curve down push descent away whatever the step.
            lines.append("along the directions that curve up, gd overshoots unless η < 2/\(lambda) = \(r.number(etaMax)); along those that curve down it moves away for any η")
            lines.append("no step size makes gd settle here unless it starts exactly on the directions that curve up: where ∇L = 0 this is a saddle")
        } else if let etaMax = c.etaMax {
            lines.append("gd is stable near here for η < 2/\(lambda) = \(r.number(etaMax))")
        } else if shape == .negativeDefinite {
            lines.append("no positive curvature here: gradient descent moves away from a point like this, for any η (where ∇L = 0 it is a maximum, not a minimum)")
        } else if shape == .negativeSemidefinite {
            lines.append("no positive curvature here: along the directions that curve down gradient descent moves away, for any η (where ∇L = 0 this is not a minimum)")
        } else {
            lines.append("no curvature here: η has no stability bound at this point, and whether descent settles at it depends on higher derivatives")
        }
        return lines.joined(separator: "\n")
    }

    var json: JSON {
        var pairs: [(String, JSON)] = [("kind", .string("hessian")), ("of", .string(of)), ("wrt", .array(wrt.map(JSON.string))),
                                       ("exprs", .array(rows.map { .array($0.map(JSON.string)) }))] + JSON.wherePair(pieces)
        if let at {
            let c = at.curvature
            pairs += [("at", .point(wrt, at.point)), ("values", .array(c.hessian.map(JSON.numbers))),
                      ("eigenvalues", .numbers(c.eigenvalues)), ("shape", c.shape.map { .string($0.rawValue) } ?? .null),
                      ("condition", c.conditionNumber.map(JSON.number) ?? .null), ("eta_max", c.etaMax.map(JSON.number) ?? .null)]
        }
        return .object(pairs)
    }
}
