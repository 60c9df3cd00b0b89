/// Prints terms the way a person writes them: `4*x^3 - 6*x`, `2*w*(w^2 - 1)`, `x/sqrt(y)`.
extension Term {
    /// The term in the language's own syntax; parsing it back gives an equal value.
    public var printed: String { TermPrinter.print(self, .sum) }
}

enum TermPrinter {
    /// Binding strength of the context a term is printed in.
    enum Level: Int, Comparable {
        case sum = 0, product, power, atom
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    static func print(_ term: Term, _ context: Level) -> String {
        let (text, level) = printWithLevel(term)
        return level < context || (context > .sum && text.hasPrefix("-")) ? "(\(text))" : text
    }

    /// The printed term and how strongly its outermost operator binds.
    static func printWithLevel(_ term: Term) -> (String, Level) {
        let cached = term.isSmall
        if cached, let (text, level) = TermTable.shared.printed(term.node) {
            return (text, Level(rawValue: level)!)
        }
        let (text, level) = printUncached(term)
        if cached { TermTable.shared.remember(printed: (text, level.rawValue), of: term.node) }
        return (text, level)
    }

    private static func printUncached(_ term: Term) -> (String, Level) {
        switch term.kind {
        case .number(let v):
            return (NumberFormat.shortest(v), v < 0 ? .sum : .atom)
        case .constant(let c):
            return (c.rawValue, .atom)
        case .symbol(let s):
            return (s, .atom)
        case .column(let name, _):
            return (name, .atom)
        case .reduce(let r):
            return ("\(r.isMean ? "mean" : "sum")(\(r.table.name), \(print(r.summand, .sum)))", .atom)
        case .apply(let f, let args):
            return ("\(f.rawValue)(\(args.map { print($0, .sum) }.joined(separator: ", ")))", .atom)
        case .sum(let sumTerms):
            // A large sum kept whole inside another reads as one sum.
            var terms = sumTerms.flatMap { t -> [Term] in
                if case .sum(let inner) = t.kind { return inner }
                return [t]
            }
            // `1 - x` reads better than `-x + 1`: a positive constant goes first when the sum would open with a minus.
            if terms[0].negatedIfNegative != nil, let c = terms[terms.count - 1].numberValue, c > 0 {
                terms.insert(terms.removeLast(), at: 0)
            }
            var text = print(terms[0], .sum)
            for t in terms.dropFirst() {
                if let negated = t.negatedIfNegative {
                    text += " - " + print(negated, .product)
                } else {
                    text += " + " + print(t, .product)
                }
            }
            return (text, .sum)
        case .product, .power:
            return printProduct(term)
        }
    }

    /// Products and powers, with negative powers moved under a fraction bar.
    static func printProduct(_ term: Term) -> (String, Level) {
        // A large product kept whole inside another (see `Term.isSmall`) reads as one product.
        var factors: [Term] = []
        var coefficient = 1.0
        func spread(_ t: Term) {
            if case .product(let fs) = t.kind {
                fs.forEach(spread)
            } else if let c = t.numberValue {
                coefficient *= c
            } else {
                factors.append(t)
            }
        }
        spread(term)
        var numerator: [String] = []
        var denominator: [Term] = []
        for f in factors {
            if case .power(let b, let e) = f.kind, let n = e.numberValue, n < 0 {
                denominator.append(Term.raise(b, .number(-n)))
            } else {
                numerator.append(printFactor(f))
            }
        }
        var text: String
        if numerator.isEmpty {
            text = NumberFormat.shortest(coefficient)
        } else {
            text = numerator.joined(separator: "*")
            if coefficient == -1 {
                text = "-" + text
            } else if coefficient != 1 {
                text = NumberFormat.shortest(coefficient) + "*" + text
            }
        }
        if !denominator.isEmpty {
            let under = denominator.count == 1
                ? print(denominator[0], .power)
                : "(" + denominator.map(printFactor).joined(separator: "*") + ")"
            text += "/" + under
        }
        if factors.count == 1 && coefficient == 1 && denominator.isEmpty {
            // A lone power: `x^2`, `sqrt(x)`.
            return (text, isSqrt(factors[0]) ? .atom : .power)
        }
        return (text, .product)
    }

    static func printFactor(_ f: Term) -> String {
        if case .power(let b, let e) = f.kind {
            if e == .number(0.5) { return "sqrt(\(print(b, .sum)))" }
            return print(b, .atom) + "^" + print(e, .atom)
        }
        return print(f, .power)
    }

    static func isSqrt(_ f: Term) -> Bool {
        if case .power(_, let e) = f.kind { return e == .number(0.5) }
        return false
    }
}

extension Term {
    /// For a term that prints with a leading minus, the same term without it.
    package var negatedIfNegative: Term? {
        switch kind {
        case .number(let v) where v < 0: return .number(-v)
        case .product(let fs):
            // −1·t is t itself, kept as it is: a loss as written (`Lowering`) is not in canonical form.
            if fs.count == 2, fs[0].numberValue == -1 { return fs[1] }
            if let c = fs[0].numberValue, c < 0 { return Term.withCoefficient(-c, Term.multiply(Array(fs.dropFirst()))) }
            return nil
        default: return nil
        }
    }
}
