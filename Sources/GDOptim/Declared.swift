/// What a method (Methods/) and a step-size schedule (Schedules/) declare alike, for the settings that choose and
/// tune them: the word that names it, where it stands in lists, what it does, and its hyperparameters.
protocol Declared: Sendable {
    /// The word `method=` or `schedule=` takes.
    static var name: String { get }
    /// Where it stands among the methods or the schedules, in `method=`'s choices, help and the docs: lower first.
    static var rank: Double { get }
    /// What it does, in a line.
    static var summary: String { get }
    /// Its hyperparameters, in the order its rule receives their values.
    static var hyperparameters: [Hyperparameter] { get }
}

extension Declared {
    /// The values of its hyperparameters for a run of at most `steps` updates: each from `given` where it is there,
    /// else its default.
    static func values(_ given: [String: Double], steps: Int) -> [Double] {
        hyperparameters.map { given[$0.name] ?? $0.defaultValue.value(steps: steps) }
    }
}

/// A hyperparameter of a method or a schedule, such as momentum's β: the setting that gives it, the values it
/// takes, its default and its meaning.
public struct Hyperparameter: Equatable, Sendable {
    /// The values a hyperparameter takes.
    public enum Kind: Equatable, Sendable {
        /// A number in [0, 1), such as a decay rate.
        case fraction
        /// A positive number.
        case positive
        /// A whole number of at least `minimum`.
        case count(minimum: Int)
    }

    /// Its value where a run does not give one.
    public enum Default: Equatable, Sendable, ExpressibleByStringLiteral {
        /// A number, written as help and the docs show it: "1e-4".
        case number(String)
        /// The run's step limit (at least 1).
        case steps

        public init(stringLiteral text: String) { self = .number(text) }

        /// As help shows it.
        public var text: String {
            switch self {
            case .number(let text): return text
            case .steps: return "steps"
            }
        }

        /// Its value in a run of at most `steps` updates.
        func value(steps: Int) -> Double {
            switch self {
            case .number(let text): return Double(text)!
            case .steps: return Double(max(1, steps))
            }
        }
    }

    /// The setting's name.
    public let name: String
    public let kind: Kind
    public let defaultValue: Default
    /// What it means, in a few words.
    public let summary: String

    public init(_ name: String, _ kind: Kind, default defaultValue: Default, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
    }
}

/// A hyperparameter as a setting: one name, whichever methods and schedules declare it (`epsilon` is adagrad's,
/// rmsprop's and adam's). What the option tables of help, completion and the statements are made from.
public struct HyperparameterOption: Sendable {
    /// The declarations' name, kind and meaning, which every declaration of the name shares.
    public let hyperparameter: Hyperparameter
    /// The methods and schedules that declare it, in their lists' order (methods first), each with its default.
    public let owners: [(name: String, defaultValue: Hyperparameter.Default)]

    public var name: String { hyperparameter.name }

    /// The default as help shows it: the one most owners share (the first owner's on a tie), then the others
    /// with their owners, as in `1e-8 (adagrad 1e-10)`.
    public var defaultText: String {
        let texts = owners.map(\.defaultValue.text)
        var common = texts[0]
        for text in texts where texts.count(of: text) > texts.count(of: common) { common = text }
        let others = owners.filter { $0.defaultValue.text != common }.map { "\($0.name) \($0.defaultValue.text)" }
        return others.isEmpty ? common : "\(common) (\(others.joined(separator: ", ")))"
    }

    /// Every hyperparameter of `Methods.all` and then `Schedules.all`, each name once, where its last declaration
    /// puts it: in the order of the declarations and their hyperparameters, a name that several declare coming
    /// after all of them.
    public static let all: [HyperparameterOption] = {
        let declarations: [any Declared.Type] = Methods.all + Schedules.all
        let declared = declarations.flatMap { d in d.hyperparameters.map { (owner: d.name, hyperparameter: $0) } }
        var options: [HyperparameterOption] = []
        for (i, entry) in declared.enumerated() where !declared[(i + 1)...].contains(where: { $0.hyperparameter.name == entry.hyperparameter.name }) {
            let owners = declared.filter { $0.hyperparameter.name == entry.hyperparameter.name }
            options.append(HyperparameterOption(hyperparameter: entry.hyperparameter,
                                                owners: owners.map { ($0.owner, $0.hyperparameter.defaultValue) }))
        }
        return options
    }()
}

extension Array where Element: Equatable {
    fileprivate func count(of element: Element) -> Int { lazy.filter { $0 == element }.count }
}
