import Testing
@testable import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

@Suite struct EnvironmentTests {
    @Test func forgettingANameRemovesItAndItsPlaceInTheOrder() {
        var e = Environment()
        let at = SourceLocation(file: "t", line: 1, column: 1)
        e.define(FunctionDefinition(name: "f", parameters: ["x"], body: .name("x", at), location: at))
        e.define(FunctionDefinition(name: "g", parameters: ["x"], body: .number(1), location: at))
        e.assign("a", 3)
        let forgotF = e.forget("f")
        #expect(forgotF)
        #expect(e.functions["f"] == nil && e.functionOrder == ["g"])
        let forgotA = e.forget("a")
        #expect(forgotA)
        #expect(e.variables.isEmpty && e.variableOrder.isEmpty)
        let forgotNothing = e.forget("nothing")
        #expect(!forgotNothing)
        #expect(e.functionOrder == ["g"])
    }
}
