import Testing
@testable import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

@Suite struct LexerTests {
    func kinds(_ source: String) throws -> [TokenKind] {
        try Lexer.tokenize(source, file: "t").map(\.kind)
    }

    @Test func numbersInEveryForm() throws {
        #expect(try kinds("1 2.5 1e-5 .5 3E+2") == [.number(1), .number(2.5), .number(1e-5), .number(0.5), .number(300), .end])
    }

    @Test func starStarIsPower() throws {
        #expect(try kinds("x**2") == [.identifier("x"), .caret, .number(2), .end])
    }

    @Test func rangeDotsAreNotADecimalPoint() throws {
        #expect(try kinds("0.001..1.99") == [.number(0.001), .dotDot, .number(1.99), .end])
        #expect(try kinds("1..2") == [.number(1), .dotDot, .number(2), .end])
    }

    @Test func eWithoutDigitsIsTheConstant() throws {
        #expect(try kinds("2e") == [.number(2), .identifier("e"), .end])
        #expect(try kinds("2e-x") == [.number(2), .identifier("e"), .minus, .identifier("x"), .end])
    }

    @Test func commentsAndSeparators() throws {
        #expect(try kinds("a = 1 # note\nb;c") ==
            [.identifier("a"), .equals, .number(1), .newline, .identifier("b"), .semicolon, .identifier("c"), .end])
    }

    @Test func newlinesInsideParenthesesContinueTheLine() throws {
        #expect(try kinds("f(1,\n 2)\n") ==
            [.identifier("f"), .leftParen, .number(1), .comma, .number(2), .rightParen, .newline, .end])
    }

    @Test func unicodeIdentifiersAndLocations() throws {
        let tokens = try Lexer.tokenize("t(θ) =\n  θ^2", file: "a.gdscript")
        #expect(tokens[2].kind == .identifier("θ"))
        let last = tokens[tokens.count - 4]
        #expect(last.kind == .identifier("θ"))
        #expect(last.location == SourceLocation(file: "a.gdscript", line: 2, column: 3))
    }

    @Test func comparisonsAndPrime() throws {
        #expect(try kinds("f'(x) >= <= < >") == [.identifier("f"), .prime, .leftParen, .identifier("x"), .rightParen,
                                                  .greaterEqual, .lessEqual, .less, .greater, .end])
    }

    @Test func unexpectedCharacter() {
        #expect(throws: Diagnostic("unexpected character '$'", at: SourceLocation(file: "t", line: 1, column: 5))) {
            try Lexer.tokenize("x = $", file: "t")
        }
    }

    @Test func unterminatedString() {
        #expect(throws: Diagnostic("unterminated string", at: SourceLocation(file: "t", line: 1, column: 6),
                                   help: "close it with \" on the same line")) {
            try Lexer.tokenize("load \"a.gd", file: "t")
        }
    }

    @Test func numberOutOfRange() {
        #expect(throws: Diagnostic("number '1e999' is out of range", at: SourceLocation(file: "t", line: 1, column: 1),
                                   help: "the largest number is about 1.8e308")) {
            try Lexer.tokenize("1e999", file: "t")
        }
    }

    @Test func loneDot() {
        #expect(throws: Diagnostic("unexpected '.'", at: SourceLocation(file: "t", line: 1, column: 3),
                                   help: "write a number as 0.5 or .5, and a range as a..b")) {
            try Lexer.tokenize("x . y", file: "t")
        }
    }
}
