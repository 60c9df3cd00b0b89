/// Vectors and matrices inside expressions: components (`w[3]`, `W[j,i]`), index sums (`sum(i=1..10, …)`), and
/// the reductions `dot`, `sumsq` and `norm`. Each comes down to terms of numbers, so derivatives, compiled programs
/// and runs see only numbers.
extension Lowering {
    /// `w[i]`, `W[j,i]`: the component at indices that must come to whole numbers in range.
    mutating func component(_ name: String, _ indices: [Expr], at location: SourceLocation,
                            _ bindings: Scope) throws(Diagnostic) -> Term {
        guard let a = bindings.arrays[name] else {
            if bindings[name] != nil || environment.variables[name] != nil {
                throw Diagnostic("'\(name)' is a number, not a vector, so it has no components", at: location,
                                 help: "declare a vector parameter, as in L(\(name)[3]) = …")
            }
            throw Diagnostic("unknown vector '\(name)'", at: location,
                             help: Self.didYouMean(name, Array(bindings.arrays.keys))
                                ?? "declare it as a parameter with its size, as in L(\(name)[3]) = sumsq(\(name))")
        }
        let sizes = a.declaration.sizes
        guard indices.count == sizes.count else {
            throw Diagnostic("'\(name)' is \(a.described), so it takes \(sizes.count) \(sizes.count == 1 ? "index" : "indices"), not \(indices.count)",
                             at: location, help: "for example: \(a.declaration.name)[\(sizes.map { _ in "1" }.joined(separator: ","))]")
        }
        var at: [Int] = []
        for (index, size) in zip(indices, sizes) {
            let where_ = index.location ?? location
            let term = try lower(index, bindings)
            guard let v = term.numberValue else {
                throw Diagnostic("an index of '\(name)' must be known before the run; '\(index.printed)' is not", at: where_,
                                 help: "use a number, or an index of sum, as in sum(i=1..\(size), \(name)[i])")
            }
            let written = index.printed, value = NumberFormat.shortest(v)
            guard v == v.rounded() else {
                throw Diagnostic("an index of '\(name)' is a whole number, and \(written == value ? value : "\(written) = \(value)") is not", at: where_)
            }
            guard v >= 1, v <= Double(size) else {
                throw Diagnostic("index \(written == value ? value : "\(written) = \(value)") is out of range: '\(name)' is \(a.described), indexed 1 to \(size)",
                                 at: where_)
            }
            at.append(Int(v))
        }
        return a.components[a.declaration.offset(of: at)]
    }

    /// `mean(…)`, `sum(…)`: over an index's range when the first argument is one, else over a table's rows.
    mutating func reduction(isMean: Bool, _ args: [Expr], at location: SourceLocation, _ bindings: Scope) throws(Diagnostic) -> Term {
        if case .indexRange(let index, let first, let last) = args.first {
            return try indexSum(isMean: isMean, index, first, last, args, at: location, bindings)
        }
        return try reduce(isMean: isMean, args, at: location, bindings)
    }

    /// `sum(i=a..b, expr)`, `mean(i=a..b, expr)`: expr with the index standing for each whole number from a to b.
    mutating func indexSum(isMean: Bool, _ index: Name, _ first: Expr, _ last: Expr, _ args: [Expr],
                           at location: SourceLocation, _ bindings: Scope) throws(Diagnostic) -> Term {
        let word = isMean ? "mean" : "sum"
        guard args.count == 2 else {
            throw Diagnostic("\(word) over an index takes the index's range and an expression", at: location,
                             help: "for example: \(word)(\(index.text)=1..10, w[\(index.text)]^2)")
        }
        func bound(_ e: Expr) throws(Diagnostic) -> Int {
            let term = try lower(e, bindings)
            guard let v = term.numberValue, v == v.rounded(), abs(v) <= Double(ParameterDeclaration.maximumComponents) else {
                throw Diagnostic("the range of '\(index.text)' must be whole numbers known before the run", at: e.location ?? index.location,
                                 help: "for example: \(index.text)=1..10")
            }
            return Int(v)
        }
        let (a, b) = (try bound(first), try bound(last))
        guard a <= b else {
            throw Diagnostic("the range \(a)..\(b) of '\(index.text)' is empty", at: index.location, help: "write the smaller end first")
        }
        let wasWritten = asWritten
        asWritten = false
        defer { asWritten = wasWritten }
        var inner = bindings
        inner.arrays[index.text] = nil
        var terms: [Term] = []
        for i in a...b {
            inner[index.text] = .number(Double(i))
            terms.append(try lower(args[1], inner))
        }
        let total = Term.add(terms)
        return isMean ? total * .number(1 / Double(terms.count)) : total
    }

    /// `dot(a, b)`: the sum of the products of two vectors' components.
    mutating func dot(_ args: [Expr], at location: SourceLocation, _ bindings: Scope) throws(Diagnostic) -> Term {
        let vectors = try self.vectors("dot", 2, args, at: location, bindings)
        let (a, b) = (vectors[0], vectors[1])
        guard a.declaration.sizes == b.declaration.sizes else {
            throw Diagnostic("dot needs two vectors of one size; \(args[0].printed) is \(a.described) and \(args[1].printed) is \(b.described)",
                             at: args[1].location ?? location)
        }
        return Term.add(zip(a.components, b.components).map { $0 * $1 })
    }

    /// `sumsq(a)`, and `norm(a)`, its square root.
    mutating func sumOfSquares(_ name: String, root: Bool, _ args: [Expr], at location: SourceLocation,
                               _ bindings: Scope) throws(Diagnostic) -> Term {
        let a = try vectors(name, 1, args, at: location, bindings)[0]
        let squares = Term.add(a.components.map { Term.raise($0, .number(2)) })
        return root ? Term.call(.sqrt, [squares]) : squares
    }

    /// The vectors that the `count` arguments of `name` name (its sums are built canonical, as written or not).
    private mutating func vectors(_ name: String, _ count: Int, _ args: [Expr], at location: SourceLocation,
                                  _ bindings: Scope) throws(Diagnostic) -> [TermArray] {
        guard args.count == count else {
            throw Diagnostic("\(name) takes \(count == 1 ? "a vector" : "two vectors"), but \(args.count) \(args.count == 1 ? "argument was" : "arguments were") given",
                             at: location, help: count == 1 ? "for example: \(name)(w)" : "for example: dot(w, x)")
        }
        var result: [TermArray] = []
        for a in args { result.append(try array(a, of: name, at: location, bindings)) }
        return result
    }

    /// The vector or matrix an argument names, where one is needed: for `declaration`, of its sizes.
    mutating func array(_ e: Expr, for declaration: ParameterDeclaration? = nil, of function: String, at location: SourceLocation,
                        _ bindings: Scope) throws(Diagnostic) -> TermArray {
        guard case .name(let name, let at) = e, let a = bindings.arrays[name] else {
            let wanted = declaration.map { TermArray($0, []).described } ?? "a vector"
            throw Diagnostic("\(function) needs \(wanted) here; '\(e.printed)' is not one", at: e.location ?? location,
                             help: bindings.arrays.isEmpty ? "declare a vector parameter, as in L(w[3]) = \(function)(w…)"
                                : "the vectors here: \(bindings.arrays.keys.sorted().joined(separator: ", "))")
        }
        if let declaration, declaration.sizes != a.declaration.sizes {
            throw Diagnostic("\(function) needs \(TermArray(declaration, []).described) here; '\(name)' is \(a.described)", at: at)
        }
        return a
    }

    // The helpers below are kept out of `call`, which recursion through nested functions repeats: its frame stays
    // small (a deep chain of calls stops at `maximumDepth`, on a thread's stack, under the address sanitizer too).

    /// `f(fit)`, where `fit` names a kept run's point and nothing else: f there; nil for any other call.
    @inline(never)
    mutating func callAtPoint(_ f: FunctionDefinition, _ args: [Expr], at location: SourceLocation,
                              _ bindings: Scope) throws(Diagnostic) -> Term? {
        guard args.count == 1, case .name(let n, let at) = args[0], bindings[n] == nil, bindings.arrays[n] == nil,
              environment.variables[n] == nil, NamedConstant(rawValue: n) == nil else { return nil }
        if let point = environment.points[n] { return try expand(f, at: point, named: n, written: at, call: location) }
        guard f.parameters.count > 1 else { return nil }
        throw Diagnostic("'\(n)' names no kept run, whose final point \(f.name) could take its \(f.declared.count == 1 ? "parameter" : "parameters") from",
                         at: at, help: Self.didYouMean(n, Array(environment.points.keys))
                            ?? "keep a run under that name: run \(f.name) from … as \(n)")
    }

    /// The callee's scope: each number parameter bound to its argument's term, each vector to the vector named.
    @inline(never)
    mutating func arguments(of f: FunctionDefinition, _ args: [Expr], at location: SourceLocation,
                            _ bindings: Scope) throws(Diagnostic) -> Scope {
        var inner = Scope()
        for (p, a) in zip(f.declared, args) {
            if p.sizes.isEmpty { inner[p.name] = try lower(a, bindings) }
            else { inner.arrays[p.name] = try array(a, for: p, of: f.name, at: location, bindings) }
        }
        return inner
    }

    @inline(never)
    func unknownFunction(_ name: String, at location: SourceLocation) -> Diagnostic {
        if name == "randn" {
            return Diagnostic("randn draws starts, and only there: run, sweep and compare take w=randn(0.5)", at: location,
                              help: "give a value here, or start a run from randn and use its point: run f from w=randn(1) as fit")
        }
        return Diagnostic("unknown function '\(name)'", at: location,
                          help: Self.didYouMean(name, environment.functionOrder + Builtin.allCases.map(\.rawValue) + Self.formNames))
    }

    /// `f(fit)`: f at the point named `name` (a kept run's final point), each parameter taking its value there.
    mutating func expand(_ f: FunctionDefinition, at point: [String: Double], named name: String, written: SourceLocation,
                         call: SourceLocation) throws(Diagnostic) -> Term {
        var inner = Scope()
        for p in f.declared {
            var values: [Term] = []
            for c in p.components {
                guard let v = point[c] else {
                    throw Diagnostic("'\(name)' has no value for '\(p.name)', a parameter of \(f.name)", at: written,
                                     help: "\(name) is a point of \(point.keys.sorted().prefix(4).joined(separator: ", "))\(point.count > 4 ? ", …" : "")")
                }
                values.append(.number(v))
            }
            if p.sizes.isEmpty { inner[p.name] = values[0] } else { inner.arrays[p.name] = TermArray(p, values) }
        }
        return try checkHeight(try expand(f, inner, at: call))
    }

    /// A table's columns x1, x2, … (from 1, with no gap) as the vector x, for each such family of columns.
    static func columnVectors(_ table: DataTable) -> [(String, [String])] {
        var families: [String: [Int: String]] = [:]
        for column in table.columns {
            guard let digits = column.lastIndex(where: { !$0.isNumber }).map({ column.index(after: $0) }),
                  digits < column.endIndex, let n = Int(column[digits...]), n >= 1 else { continue }
            families[String(column[..<digits]), default: [:]][n] = column
        }
        return families.sorted { $0.key < $1.key }.compactMap { name, byIndex in
            let columns = (1...byIndex.count).compactMap { byIndex[$0] }
            return columns.count == byIndex.count && !table.columns.contains(name) ? (name, columns) : nil
        }
    }
}

/// What names mean inside the expression being lowered: numbers and symbols, and vectors and matrices of them.
struct Scope {
    var terms: [String: Term] = [:]
    var arrays: [String: TermArray] = [:]

    subscript(name: String) -> Term? {
        get { terms[name] }
        set { terms[name] = newValue }
    }

    /// Every name in scope, for suggestions.
    var names: [String] { Array(terms.keys) + Array(arrays.keys) }
}

/// A vector or matrix in scope: its declaration and its components' terms, row by row.
struct TermArray {
    var declaration: ParameterDeclaration
    var components: [Term]

    init(_ declaration: ParameterDeclaration, _ components: [Term]) {
        self.declaration = declaration
        self.components = components
    }

    /// "a vector of 10 numbers", "an 8×2 matrix".
    var described: String {
        let sizes = declaration.sizes
        if sizes.count == 1 { return "a vector of \(sizes[0]) \(sizes[0] == 1 ? "number" : "numbers")" }
        let shape = sizes.map(String.init).joined(separator: "×")
        return (shape.first == "8" || shape.hasPrefix("11") || shape.hasPrefix("18") ? "an " : "a ") + shape + (sizes.count == 2 ? " matrix" : " array")
    }
}

/// A call that expressions make that is no built-in function: `diff`, `mean`, `sum`, `dot`, `sumsq`, `norm`.
public struct ExpressionForm: Sendable {
    public let name: String
    /// How it is called, as `help functions` shows it.
    public let call: String
    public let example: String
    public let meaning: String
    /// Whether its first argument may be an index and its range (`i=a..b`).
    public var takesIndex: Bool { call.contains("i=a..b") }
    /// The term of a call of the form, its arguments as written.
    typealias Lower = @Sendable (inout Lowering, [Expr], SourceLocation, Scope) throws(Diagnostic) -> Term
    let lower: Lower

    init(_ name: String, call: String, example: String, meaning: String, lower: @escaping Lower) {
        self.name = name
        self.call = call
        self.example = example
        self.meaning = meaning
        self.lower = lower
    }
}
