/// How η changes over a run. Each schedule is one type in a file of its own in this folder: its declaration (name,
/// rank, summary, hyperparameters), its state and its rule. The Registry build plugin gathers every conforming type
/// into `registeredScheduleDeclarations`, which `Schedules.all` orders by rank. The closed forms are those of torch's
/// StepLR, ExponentialLR-style decay, CosineAnnealingLR and ReduceLROnPlateau.
protocol ScheduleDeclaration: Declared {
    /// The schedule at the start of a run whose step size is `eta`, with its hyperparameters' values in the order it
    /// declares them. What it remembers from one update to the next are its stored properties.
    init(_ hyperparameters: [Double], eta: Double)

    /// η for the update from iterate t (the updates applied before it), whose loss is `loss`.
    mutating func eta(at t: Int, loss: Double) -> Double
}

/// A schedule with its hyperparameters' values: what a run's settings choose.
/// A schedule lanes can run (`LaneDescent`): η at step t is (scale·η₀)·factor, with scale and factor the same for
/// every lane, so that each lane's η is its own run's to the bit. Its `eta(at:loss:)` computes η this way too.
protocol LaneSchedule: ScheduleDeclaration {
    /// The scale and factor of step t.
    func laneScale(at t: Int) -> (scale: Double, factor: Double)
}

public struct StepSizeSchedule: Equatable, Sendable {
    let rule: any ScheduleDeclaration.Type
    /// The hyperparameters' values, in the order the schedule declares them.
    public let hyperparameters: [Double]

    init(_ rule: any ScheduleDeclaration.Type, _ hyperparameters: [Double]) {
        precondition(hyperparameters.count == rule.hyperparameters.count)
        self.rule = rule
        self.hyperparameters = hyperparameters
    }

    /// The schedule `schedule=` names, with the hyperparameters `given` has and its defaults for the others, for a
    /// run of at most `steps` updates; nil when no schedule has that name.
    public init?(named name: String, hyperparameters given: [String: Double], steps: Int) {
        guard let rule = Schedules.all.first(where: { $0.name == name }) else { return nil }
        self.init(rule, rule.values(given, steps: steps))
    }

    public var name: String { rule.name }

    /// The schedule's state at the start of a run with step size `eta`.
    func start(eta: Double) -> any ScheduleDeclaration { rule.init(hyperparameters, eta: eta) }

    public static func == (a: StepSizeSchedule, b: StepSizeSchedule) -> Bool {
        ObjectIdentifier(a.rule) == ObjectIdentifier(b.rule) && a.hyperparameters == b.hyperparameters
    }
}

/// Every schedule, in the order `schedule=` lists them: the declarations in Schedules/, by rank.
public enum Schedules {
    static let all: [any ScheduleDeclaration.Type] = registeredScheduleDeclarations.sorted { $0.rank < $1.rank }

    /// The schedules' names, which `schedule=` takes.
    public static let names = all.map { $0.name }

    /// What each schedule declares about itself, for help.
    public static let described: [Described] = all.map {
        Described(name: $0.name, summary: $0.summary, hyperparameters: $0.hyperparameters, stabilityBound: nil)
    }
}
