@testable import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

/// `source` in gd syntax, parsed and lowered to a term over `parameters`, with the names of `environment`.
func lowered(_ source: String, _ parameters: [String] = [], in environment: Environment = Environment()) throws -> Term {
    try Lowering.lower(try Parser.parseExpression(source, file: "t"), parameters: parameters, in: environment)
}
