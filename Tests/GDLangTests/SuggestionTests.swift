import Testing
@testable import GDLang
@testable import GDProgram
@testable import GDNative
@testable import GDConcurrency

@Suite struct SuggestionTests {
    @Test func editDistanceByHand() {
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("eta", "eat") == 1)   // one transposition
        #expect(Suggestion.editDistance("", "abc") == 3)
    }

    @Test func closestName() {
        #expect(Suggestion.closest(to: "sinn", among: ["sign", "sin", "cos"]) == "sin")
        #expect(Suggestion.closest(to: "etta", among: ["eta", "steps"]) == "eta")
        #expect(Suggestion.closest(to: "zzzzz", among: ["eta", "steps"]) == nil)
        #expect(Suggestion.closest(to: "q", among: ["L", "f"]) == nil)
        #expect(Suggestion.closest(to: "xx", among: ["x"]) == "x")
    }
}
