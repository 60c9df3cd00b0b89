/// Prints a parsed expression back as source with normalised spacing: `x^4 - 3*x^2 + 2`.
extension Expr {
    public var printed: String { SyntaxPrinter.print(self, 0) }
}

enum SyntaxPrinter {
    // Binding strengths: sum 1, product 2, unary minus 3, power 4, atom 5.
    static func print(_ e: Expr, _ context: Int) -> String {
        let (text, level) = printWithLevel(e)
        return level < context ? "(\(text))" : text
    }

    static func printWithLevel(_ e: Expr) -> (String, Int) {
        switch e {
        case .number(let v):
            return (NumberFormat.shortest(v), 5)
        case .name(let n, _):
            return (n, 5)
        case .negate(let inner):
            return ("-" + print(inner, 3), 3)
        case .binary(.add, _, _), .binary(.subtract, _, _):
            // Iterate down the left spine so long sums print without deep recursion.
            var parts: [String] = []
            var cur = e
            while true {
                if case .binary(.add, let l, let r) = cur {
                    parts.append(" + " + print(r, 2))
                    cur = l
                } else if case .binary(.subtract, let l, let r) = cur {
                    parts.append(" - " + print(r, 2))
                    cur = l
                } else {
                    parts.append(print(cur, 1))
                    break
                }
            }
            return (parts.reversed().joined(), 1)
        case .binary(.multiply, let l, let r):
            return (print(l, 2) + "*" + print(r, 3), 2)
        case .binary(.divide, let l, let r):
            return (print(l, 2) + "/" + print(r, 3), 2)
        case .binary(.power, let l, let r):
            // Right-associative: the base needs parentheses at its own level, the exponent does not.
            return (print(l, 5) + "^" + print(r, 3), 4)
        case .call(let name, let args, _):
            return ("\(name)(\(args.map { print($0, 0) }.joined(separator: ", ")))", 5)
        case .index(let name, let indices, _):
            return ("\(name)[\(indices.map { print($0, 0) }.joined(separator: ", "))]", 5)
        case .indexRange(let name, let first, let last):
            return ("\(name.text)=\(print(first, 1))..\(print(last, 1))", 0)
        case .derivative(let name, let order, let args, _):
            return ("\(name)\(String(repeating: "'", count: order))(\(args.map { print($0, 0) }.joined(separator: ", ")))", 5)
        }
    }
}
