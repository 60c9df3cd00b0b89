/// Resolves a parsed expression against an environment into a canonical `Term`: names become
/// parameters, numbers or constants, user functions are expanded, and `diff(…)` and `f'(…)` are differentiated.
public struct Lowering {
    public let environment: Environment
    /// The user functions being expanded, innermost last, to catch a function that calls itself.
    private var expanding: [String] = []
    /// Counts the fresh symbols made for `diff(…, x)` and `f'(…)`, so they never clash with a user's name.
    private var freshCount = 0
    /// How deep the expansion is now, and how many syntax nodes it has visited: function calls nest and
    /// repeat bodies, so both are bounded to keep later passes off the stack's end and out of runaway memory.
    private var depth = 0
    private var visited = 0
    /// The table whose rows the expression being lowered ranges over, inside `mean(t, …)` or `sum(t, …)`.
    private var table: DataTable?
    /// The call to a user function, outermost in the expression being lowered, that is being expanded now.
    private var outermostCall: SourceLocation?
    /// Builds arithmetic as written (see `lower(function:asWritten:)`) instead of in canonical form.
    var asWritten = false

    /// The deepest nesting of expressions after user functions are expanded.
    public static let maximumDepth = 400
    /// The most syntax nodes one expansion may visit.
    public static let maximumSize = 1_000_000
    /// The longest chain of operations a term may have. Sharing lets a short definition build a very deep term
    /// (an iterated map); the passes over terms recurse along such chains, so they are bounded here.
    public static let maximumHeight = 3_000

    public init(environment: Environment) {
        self.environment = environment
    }

    /// The term of `expr`, in which each of `parameters` stays a symbol.
    public static func lower(_ expr: Expr, parameters: [String] = [], in environment: Environment,
                             asWritten: Bool = false) throws(Diagnostic) -> Term {
        var lowering = Lowering(environment: environment)
        lowering.asWritten = asWritten
        var bindings = Scope()
        for p in parameters { bindings[p] = .symbol(p) }
        return try lowering.lower(expr, bindings)
    }

    /// The term of the user function `name` with its parameters as symbols.
    ///
    /// With `asWritten`, the arithmetic keeps the text's operations in its order (a − b, x/3, ((a + b) + c)),
    /// with only operations on two numbers done ahead, in the same IEEE operation: compiled, it computes the
    /// value `ExprEvaluation` gives, bit for bit, so a loss reports what typing it gives. Derivatives and sums
    /// over tables inside it are canonical, as they are everywhere.
    public static func lower(function: FunctionDefinition, in environment: Environment,
                             asWritten: Bool = false) throws(Diagnostic) -> Term {
        var lowering = Lowering(environment: environment)
        lowering.asWritten = asWritten
        lowering.expanding = [function.name]
        var bindings = Scope()
        for p in function.declared {
            if p.sizes.isEmpty { bindings[p.name] = .symbol(p.name) }
            else { bindings.arrays[p.name] = TermArray(p, p.components.map(Term.symbol)) }
        }
        return try lowering.lower(function.body, bindings)
    }

    mutating func lower(_ expr: Expr, _ bindings: Scope) throws(Diagnostic) -> Term {
        depth += 1
        visited += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth || visited > Self.maximumSize {
            throw Diagnostic(depth > Self.maximumDepth
                                ? "expression nested too deeply once its functions are expanded (more than \(Self.maximumDepth) levels)"
                                : "expression too large once its functions are expanded (more than \(Self.maximumSize) nodes)",
                             at: expr.location ?? expanding.last.flatMap { environment.functions[$0]?.location }
                                ?? SourceLocation(file: "", line: 0, column: 0),
                             help: "functions that call each other many times over multiply the size of the loss")
        }
        switch expr {
        case .number(let v):
            return .number(v)
        case .name(let name, let location):
            return try resolve(name, at: location, bindings)
        case .negate(let e):
            return asWritten ? Self.written(.subtract, nil, try lower(e, bindings)) : -(try lower(e, bindings))
        case .binary(.add, _, _) where asWritten, .binary(.subtract, _, _) where asWritten:
            return try writtenSum(expr, bindings)
        case .binary(let op, let l, let r) where asWritten:
            return Self.written(op, try lower(l, bindings), try lower(r, bindings))
        case .binary(.add, _, _), .binary(.subtract, _, _):
            // Long sums nest to the left; walk that spine in a loop, not by recursion.
            var terms: [Term] = []
            var e = expr
            while true {
                if case .binary(.add, let l, let r) = e {
                    terms.append(try lower(r, bindings))
                    e = l
                } else if case .binary(.subtract, let l, let r) = e {
                    terms.append(-(try lower(r, bindings)))
                    e = l
                } else {
                    terms.append(try lower(e, bindings))
                    break
                }
            }
            return Term.add(terms.reversed())
        case .binary(let op, let l, let r):
            let a = try lower(l, bindings)
            let b = try lower(r, bindings)
            switch op {
            case .multiply: return a * b
            case .divide: return a / b
            case .power: return Term.raise(a, b)
            case .add, .subtract: return a + b  // handled above
            }
        case .call(let name, let args, let location):
            return try call(name, args, at: location, bindings)
        case .derivative(let name, let order, let args, let location):
            return try derivative(name, order: order, args, at: location, bindings)
        case .index(let name, let indices, let location):
            return try component(name, indices, at: location, bindings)
        case .indexRange(let index, _, _):
            throw Diagnostic("'\(index.text)=…' ranges an index only as the first argument of sum or mean", at: index.location,
                             help: "for example: sum(\(index.text)=1..10, w[\(index.text)]^2)")
        }
    }

    /// The most terms of a sum `ProgramCompiler` adds strictly left to right (its longest chain).
    package static let writtenSumChunk = 8

    /// A chain of + and − as written, added left to right: flat sums of at most `writtenSumChunk` terms, each
    /// the first term of the next, so that the compiler keeps their order, and the chain's height grows by one
    /// in eight terms. The spine is walked in a loop, as long sums are.
    private mutating func writtenSum(_ expr: Expr, _ bindings: Scope) throws(Diagnostic) -> Term {
        var right: [(subtract: Bool, Expr)] = []
        var e = expr
        while true {
            if case .binary(.add, let l, let r) = e { right.append((false, r)); e = l }
            else if case .binary(.subtract, let l, let r) = e { right.append((true, r)); e = l }
            else { break }
        }
        var terms = [try lower(e, bindings)]
        for (subtract, r) in right.reversed() {
            let t = try lower(r, bindings)
            if terms.count == 1, terms[0].numberValue != nil, t.numberValue != nil {
                // Numbers ahead of everything else are added as the text adds them.
                terms[0] = Self.written(subtract ? .subtract : .add, terms[0], t)
                continue
            }
            if terms.count == Self.writtenSumChunk { terms = [Term(.sum(terms))] }
            terms.append(subtract ? Self.written(.subtract, nil, t) : t)
        }
        return terms.count == 1 ? terms[0] : Term(.sum(terms))
    }

    /// `a op b` as the text reads it (`a` nil for a negation), in the forms `ProgramCompiler` emits as that one
    /// operation: a − b as a sum with a negated term, a/b as a product with b^−1, and a written negative power
    /// as a product of its own, so that it is computed as 1/b^n before it multiplies anything.
    private static func written(_ op: BinaryOperator, _ a: Term?, _ b: Term) -> Term {
        guard let a else {
            if let y = b.numberValue { return .number(-y) }
            return Term(.product([.number(-1), b]))
        }
        if let x = a.numberValue, let y = b.numberValue { return .number(op.apply(x, y)) }
        switch op {
        case .add: return Term(.sum([a, b]))
        case .subtract: return Term(.sum([a, written(.subtract, nil, b)]))
        case .multiply: return Term(.product([a, b]))
        case .divide: return Term(.product([a, Term(.power(b, .number(-1)))]))
        case .power:
            if let n = b.numberValue, n < 0 { return Term(.product([Term(.power(a, b))])) }
            return Term(.power(a, b))
        }
    }

    private func resolve(_ name: String, at location: SourceLocation, _ bindings: Scope) throws(Diagnostic) -> Term {
        if let t = bindings[name] { return t }
        if let v = environment.variables[name] { return .number(v) }
        if let c = NamedConstant(rawValue: name) { return .constant(c) }
        if environment.functions[name] != nil || Builtin(rawValue: name) != nil {
            throw Diagnostic("'\(name)' is a function; call it with arguments", at: location,
                             help: "for example: \(name)(1)")
        }
        if name == "ans" {
            throw Diagnostic("ans has no value yet", at: location, help: "ans is the last value printed; evaluate an expression first")
        }
        if let a = bindings.arrays[name] {
            throw Diagnostic("'\(name)' is \(a.described), not a number", at: location,
                             help: "index it, as in \(a.declaration.name)[\(a.declaration.sizes.map { _ in "1" }.joined(separator: ","))], or reduce it, as in sumsq(\(name))")
        }
        let candidates = bindings.names + environment.knownNames
        throw Diagnostic("unknown name '\(name)'", at: location, help: Self.didYouMean(name, candidates))
    }

    /// The calls expressions make that are no built-in function, each as `help functions` and grammar.md list it.
    public static let forms: [ExpressionForm] = [
        ExpressionForm("diff", call: "diff(EXPR, x)", example: "diff(x^3*y, x)",
                       meaning: "the symbolic derivative of EXPR with respect to x") { l, args, location, bindings throws(Diagnostic) in
            guard args.count == 2, case .name(let x, let xLocation) = args[1] else {
                throw Diagnostic("diff takes an expression and a variable name", at: location, help: "for example: diff(x^3, x)")
            }
            return try l.differentiate(args[0], wrt: x, at: xLocation, bindings)
        },
        ExpressionForm("mean", call: "mean(t | i=a..b, EXPR)", example: "mean(pts, (w1*x1 + w2*x2 - y)^2)",
                       meaning: "EXPR averaged over table t's rows, or over i") { l, args, location, bindings throws(Diagnostic) in
            try l.reduction(isMean: true, args, at: location, bindings)
        },
        ExpressionForm("sum", call: "sum(t | i=a..b, EXPR)", example: "sum(i=1..10, w[i]*x[i])",
                       meaning: "EXPR summed over table t's rows, or over i") { l, args, location, bindings throws(Diagnostic) in
            try l.reduction(isMean: false, args, at: location, bindings)
        },
        ExpressionForm("dot", call: "dot(v, u)", example: "dot(w, x)",
                       meaning: "the sum of v[i]*u[i], for vectors of one size") { l, args, location, bindings throws(Diagnostic) in
            try l.dot(args, at: location, bindings)
        },
        ExpressionForm("sumsq", call: "sumsq(v)", example: "sumsq(w)",
                       meaning: "the sum of the squares v[i]^2") { l, args, location, bindings throws(Diagnostic) in
            try l.sumOfSquares("sumsq", root: false, args, at: location, bindings)
        },
        ExpressionForm("norm", call: "norm(v)", example: "norm(w)",
                       meaning: "the Euclidean norm, sqrt(sumsq(v))") { l, args, location, bindings throws(Diagnostic) in
            try l.sumOfSquares("norm", root: true, args, at: location, bindings)
        },
    ]

    /// The forms by name.
    static let formsByName = Dictionary(uniqueKeysWithValues: forms.map { ($0.name, $0) })

    /// The forms' names.
    public static let formNames = forms.map(\.name)

    static func didYouMean(_ name: String, _ candidates: [String]) -> String? {
        Suggestion.closest(to: name, among: candidates).map { "did you mean '\($0)'?" }
    }

    private mutating func call(_ name: String, _ args: [Expr], at location: SourceLocation,
                               _ bindings: Scope) throws(Diagnostic) -> Term {
        if let form = Self.formsByName[name] { return try form.lower(&self, args, location, bindings) }
        if bindings[name] != nil || environment.variables[name] != nil || NamedConstant(rawValue: name) != nil {
            throw Diagnostic("'\(name)' is a number, not a function", at: location,
                             help: "write \(name)*(…) to multiply")
        }
        if let f = environment.functions[name] {
            if let atPoint = try callAtPoint(f, args, at: location, bindings) { return atPoint }
            try checkArity(name, expected: f.declared.count, got: args.count, at: location)
            // A call too deep is reported where it is written in the statement, not inside some function's body.
            let isOutermost = outermostCall == nil
            if isOutermost { outermostCall = location }
            defer { if isOutermost { outermostCall = nil } }
            let inner = try arguments(of: f, args, at: location, bindings)
            return try checkHeight(try expand(f, inner, at: location))
        }
        if let b = Builtin(rawValue: name) {
            try checkArity(name, expected: b.arity, got: args.count, at: location)
            var terms: [Term] = []
            for a in args { terms.append(try lower(a, bindings)) }
            return Term.call(b, terms)
        }
        throw unknownFunction(name, at: location)
    }

    /// `mean(t, expr)`, `sum(t, expr)`: expr is lowered with t's columns as names, then summed over its rows.
    mutating func reduce(isMean: Bool, _ args: [Expr], at location: SourceLocation,
                         _ bindings: Scope) throws(Diagnostic) -> Term {
        let word = isMean ? "mean" : "sum"
        guard args.count == 2, case .name(let tableName, let tableLocation) = args[0] else {
            throw Diagnostic("\(word) takes a table and an expression", at: location,
                             help: "for example: \(word)(pts, (w*x - y)^2)")
        }
        guard let t = environment.tables[tableName] else {
            throw Diagnostic("unknown table '\(tableName)'", at: tableLocation,
                             help: Suggestion.closest(to: tableName, among: environment.tableOrder).map { "did you mean '\($0)'?" }
                                ?? (bindings.arrays.isEmpty ? "load one first: data \(tableName) = csv(\"file.csv\")"
                                    : "over an index, give its range: \(word)(\(tableName)=1..10, …); over a table, load one first"))
        }
        if table != nil {
            throw Diagnostic("\(word) inside another mean or sum is not supported", at: location,
                             help: "write the inner sum as its own definition over scalars")
        }
        var inner = bindings
        for (i, column) in t.columns.enumerated() {
            if bindings[column] != nil {
                throw Diagnostic("'\(column)' is both a parameter and a column of \(t.name)", at: location,
                                 help: "rename the parameter")
            }
            inner[column] = .column(name: column, index: i)
        }
        for (name, columns) in Self.columnVectors(t) where bindings[name] == nil && bindings.arrays[name] == nil {
            inner.arrays[name] = TermArray(ParameterDeclaration(name, sizes: [columns.count]), columns.map { inner[$0]! })
        }
        table = t
        let wasWritten = asWritten
        asWritten = false
        defer { table = nil; asWritten = wasWritten }
        return Term.reduce(t, isMean: isMean, try lower(args[1], inner))
    }

    mutating func expand(_ f: FunctionDefinition, _ bindings: Scope,
                         at location: SourceLocation) throws(Diagnostic) -> Term {
        if expanding.contains(f.name) {
            let cycle = (expanding.drop { $0 != f.name } + [f.name]).joined(separator: " → ")
            throw Diagnostic("'\(f.name)' calls itself (\(cycle))", at: location,
                             help: "a loss must be a closed formula; recursion is not supported")
        }
        expanding.append(f.name)
        defer { expanding.removeLast() }
        return try lower(f.body, bindings)
    }

    /// `term`, if the passes over terms, which recurse along its longest chain, can take it.
    func checkHeight(_ term: Term) throws(Diagnostic) -> Term {
        guard term.height > Self.maximumHeight else { return term }
        throw Diagnostic("expression nested too deeply once its functions are expanded (more than \(Self.maximumHeight) levels)",
                         at: outermostCall ?? SourceLocation(file: "", line: 0, column: 0),
                         help: "functions that call each other many times over make a very deep loss")
    }

    private func checkArity(_ name: String, expected: Int, got: Int, at location: SourceLocation) throws(Diagnostic) {
        guard expected == got else {
            let noun = expected == 1 ? "argument" : "arguments"
            throw Diagnostic("\(name) takes \(expected) \(noun), but \(got) \(got == 1 ? "was" : "were") given", at: location)
        }
    }

    /// `f'(a)`, `f''(a)`: the derivative of a one-parameter function (user or built-in) at `a`.
    private mutating func derivative(_ name: String, order: Int, _ args: [Expr], at location: SourceLocation,
                                     _ bindings: Scope) throws(Diagnostic) -> Term {
        let primes = String(repeating: "'", count: order)
        guard args.count == 1 else {
            throw Diagnostic("\(name)\(primes) takes 1 argument, but \(args.count) were given", at: location)
        }
        let x = fresh()
        let wasWritten = asWritten
        asWritten = false
        defer { asWritten = wasWritten }
        let body: Term
        if let f = environment.functions[name] {
            guard f.parameters.count == 1, f.isScalar else {
                if f.declared.count == 1 {
                    let kind = f.declared[0].sizes.count == 1 ? "vector" : "matrix"
                    throw Diagnostic("\(name)\(primes) needs a function of one number; \(name)'s parameter \(f.declared[0].name) is a \(kind)",
                                     at: location, help: "the statement diff \(name) prints its gradient")
                }
                throw Diagnostic("\(name)\(primes) needs a function of one parameter; \(name) has \(f.parameters.count)",
                                 at: location, help: "use diff(\(name)(…), x) for a partial derivative")
            }
            let isOutermost = outermostCall == nil
            if isOutermost { outermostCall = location }
            defer { if isOutermost { outermostCall = nil } }
            body = try checkHeight(try expand(f, Scope(terms: [f.parameters[0]: .symbol(x)]), at: location))
        } else if let b = Builtin(rawValue: name), b.arity == 1 {
            body = Term.call(b, [.symbol(x)])
        } else {
            throw Diagnostic("unknown function '\(name)'", at: location,
                             help: Self.didYouMean(name, environment.functionOrder + Builtin.allCases.map(\.rawValue)))
        }
        var d = body
        for _ in 0..<order { d = Derivative.of(d, wrt: x) }
        return d.substituting([x: try lower(args[0], bindings)])
    }

    /// `diff(expr, x)`: differentiates with `x` as a fresh symbol, then puts back what `x` meant outside.
    mutating func differentiate(_ expr: Expr, wrt x: String, at location: SourceLocation,
                                _ bindings: Scope) throws(Diagnostic) -> Term {
        let symbol = fresh()
        let wasWritten = asWritten
        asWritten = false
        defer { asWritten = wasWritten }
        var inner = bindings
        inner[x] = .symbol(symbol)
        let d = Derivative.of(try lower(expr, inner), wrt: symbol)
        let outer: Term
        if let t = bindings[x] {
            outer = t
        } else if let v = environment.variables[x] {
            outer = .number(v)
        } else if d.contains(symbol: symbol) {
            throw Diagnostic("'\(x)' has no value here, so diff(…, \(x)) cannot be evaluated", at: location,
                             help: "use diff inside a definition, as in g(\(x)) = diff(…, \(x)), or set \(x) = …")
        } else {
            return d
        }
        return d.substituting([symbol: outer])
    }

    private mutating func fresh() -> String {
        freshCount += 1
        return "\u{1}\(freshCount)"
    }
}
