import GDLang
import GDProgram
import GDRender
import GDOptim

/// `set eta=0.1 …`: the defaults of later runs, and of the output.
struct SetStatement: StatementDeclaration {
    static let name = "set"
    static let rank = 13.0
    static let options: [OptionSpec] = Options.descent + Options.hyperparameters + [
        OptionSpec(name: "digits", kind: .count(minimum: 1), defaultValue: "6", summary: "significant digits in text output"),
        OptionSpec(name: "plot", kind: .choice(["braille", "ascii"]), defaultValue: "braille",
                   summary: "draw terminal plots in Unicode braille or plain ASCII"),
        OptionSpec(name: "seed", kind: .count(minimum: 0), defaultValue: "0",
                   summary: "restart the session's random stream (synth data, mini-batch shuffles) as np.random.seed does"),
    ]
    static let help = StatementHelp(syntax: "set OPTION=VALUE …", summary: "change the defaults of later runs and of the output",
                                    example: "set eta=0.1 steps=200 digits=8", options: options)
    static let completion = StatementCompletion.settings(options)

    var settings: [Setting]

    static func read(_ parser: inout Parser, at keyword: SourceLocation) throws(Diagnostic) -> SetStatement {
        if parser.atEndOfStatement { throw parser.error("expected an option after 'set'", help: "for example: set eta=0.1 steps=200") }
        return SetStatement(settings: try parser.settings())
    }

    func execute(_ context: inout StatementContext) throws(Diagnostic) -> [any Report] {
        let reader = SettingReader(environment: context.session.environment)
        try reader.validate(settings, against: Self.options, statement: "set")
        let newDefaults = try reader.apply(settings, to: context.session.defaults)
        var newDigits = context.session.digits
        if let s = settings.first(where: { $0.name.text == "digits" }) {
            newDigits = try reader.count(s, minimum: 1)
            guard newDigits <= 17 else {
                throw Diagnostic("digits must be between 1 and 17", at: s.name.location)
            }
        }
        let newSeed = try settings.first { $0.name.text == "seed" }.map { s throws(Diagnostic) in try reader.seed(s) }
        context.session.defaults = newDefaults
        context.session.digits = newDigits
        if let newSeed { context.session.random = NumPyRandom(seed: newSeed) }
        if let s = settings.first(where: { $0.name.text == "plot" }), let style = reader.word(s) { context.session.plotStyle = style }
        return []
    }
}
