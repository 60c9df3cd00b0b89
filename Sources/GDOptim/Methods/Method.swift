/// How a descent turns the gradient into a step. Each method is one type in a file of its own in this folder: its
/// declaration (name, rank, summary, hyperparameters, what an update needs, its stability bound), its state and its
/// update. The Registry build plugin gathers every conforming type into `registeredMethodDeclarations`, which
/// `Methods.all` orders by rank. The adaptive rules match `torch.optim` of the same name.
protocol MethodDeclaration: Declared {
    /// What an update reads besides the point, its loss and its gradient; none by default.
    static var needs: MethodNeeds { get }
    /// The step size past which the method diverges near a minimum, where one is known; none by default.
    static var stabilityBound: StabilityBound? { get }

    /// The method at the start of a run over `dimension` parameters, with its hyperparameters' values in the order
    /// it declares them. What it keeps from one update to the next (a momentum buffer, moment estimates, one per
    /// parameter) are its stored properties.
    init(_ hyperparameters: [Double], dimension: Int)

    /// One update: from `step.point` to `step.next`, leaving the step size it took in `step.eta`. `objective`
    /// evaluates the loss along a ray or the Hessian, for the methods whose `needs` say so; a line search projects
    /// its trial points onto the run's box constraints `bounds`.
    mutating func update(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?)

    /// The update in float32 arithmetic, for runs with `precision=f32`: every value of `step` is a float32, and each
    /// operation of the update is rounded to float32, the step size and hyperparameters rounded where they meet
    /// float32 values. By default `update` in double, whose new point the run then rounds to float32.
    mutating func updateFloat32(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?)

    /// The updates where it took a gradient step instead of its own; none by default.
    var fallbacks: Fallbacks { get }
}

extension MethodDeclaration {
    static var needs: MethodNeeds { [] }
    static var stabilityBound: StabilityBound? { nil }
    var fallbacks: Fallbacks { Fallbacks() }

    mutating func updateFloat32(_ step: inout MethodStep, _ objective: inout ObjectiveEvaluator, bounds: Bounds?) {
        update(&step, &objective, bounds: bounds)
    }
}

/// A method lanes can run (`LaneDescent`): many runs advanced together, the common case of their updates taken in
/// bulk by `laneUpdate`, which does the same arithmetic as `update`, and the rest by `update` itself. A method
/// without this runs its sweeps one run at a time.
protocol LaneMethod: MethodDeclaration {
    /// How many values it keeps per parameter from update to update (a momentum buffer: 1; Adam's moments: 2).
    static var laneBuffers: Int { get }
    /// What update k shares among all lanes, computed once for them (Adam's bias corrections); none by default.
    static func laneShared(k: Int, _ hyperparameters: [Double]) -> [Double]
    /// Its update of one parameter over lanes, bit for bit `update`'s for every update but the first (which lanes
    /// take one by one): from the point x, the gradient g and the values it keeps (`laneBuffers` of them), the new
    /// point and the new kept values.
    static func laneUpdate(_ u: inout LaneUpdate, point x: Int, gradient g: Int, kept: [Int]) -> (next: Int, kept: [Int])
    /// The values it keeps, buffer b of parameter p at `b * dimension + p`.
    var laneState: [Double] { get set }
}

extension LaneMethod {
    static func laneShared(k: Int, _ hyperparameters: [Double]) -> [Double] { [] }
}

/// One update as a method sees it: the run's own buffers, lent for the update (so the hot path copies, retains and
/// releases nothing).
struct MethodStep {
    /// The updates before this one (torch's step count t is k + 1).
    let k: Int
    /// The point, its loss and its gradient (for a mini-batch, the batch's).
    let point: UnsafeBufferPointer<Double>
    let loss: Double
    let gradient: UnsafeBufferPointer<Double>
    /// In: η from the schedule. Out: the step size the update took, recorded with the iterate.
    var eta: Double
    /// In: a copy of the point. Out: the new point, which the run then projects onto its bounds.
    let next: UnsafeMutableBufferPointer<Double>

    /// The point t along −∇L from the point, projected onto `bounds`.
    func alongGradient(_ t: Double, bounds: Bounds?) -> [Double] {
        var p = Array(point)
        for i in p.indices { p[i] -= t * gradient[i] }
        return bounds?.project(p) ?? p
    }

    /// Takes `point` as the new point.
    func move(to point: [Double]) {
        for i in next.indices { next[i] = point[i] }
    }
}

/// What a method's update reads besides the point, its loss and its gradient.
struct MethodNeeds: OptionSet, Sendable {
    let rawValue: Int
    /// The loss at other points along the ray: a line search.
    static let lossAlongRay = MethodNeeds(rawValue: 1)
    /// The Hessian at the point, which the run then compiles.
    static let hessian = MethodNeeds(rawValue: 2)
}

/// The largest step size with which a method is stable near a minimum, from the Hessian's largest eigenvalue λ there.
struct StabilityBound: Sendable {
    /// As the run's summary writes it: `2/λ`.
    let formula: String
    /// Its value from λ (positive beyond rounding), gd's bound 2/λ as `Curvature.etaMax` computes it, and the
    /// method's hyperparameters.
    let value: @Sendable (_ lambda: Double, _ gdBound: Double, _ hyperparameters: [Double]) -> Double
}

/// The updates where a method could not take its own step and took a gradient step of size η instead.
public struct Fallbacks: Equatable, Sendable {
    public private(set) var count = 0
    /// The first hundred of them, by k.
    public private(set) var steps: [Int] = []

    mutating func record(at k: Int) {
        count += 1
        if steps.count < 100 { steps.append(k) }
    }
}

/// A method with its hyperparameters' values: what a run's settings choose.
public struct Method: Equatable, Sendable {
    let rule: any MethodDeclaration.Type
    /// The hyperparameters' values, in the order the method declares them.
    public let hyperparameters: [Double]

    init(_ rule: any MethodDeclaration.Type, _ hyperparameters: [Double]) {
        precondition(hyperparameters.count == rule.hyperparameters.count)
        self.rule = rule
        self.hyperparameters = hyperparameters
    }

    /// The method `method=` names, with the hyperparameters `given` has and its defaults for the others, for a run
    /// of at most `steps` updates; nil when no method has that name.
    public init?(named name: String, hyperparameters given: [String: Double], steps: Int) {
        guard let rule = Methods.all.first(where: { $0.name == name }) else { return nil }
        self.init(rule, rule.values(given, steps: steps))
    }

    public var name: String { rule.name }

    /// The method's state at the start of a run over `dimension` parameters.
    func start(dimension: Int) -> any MethodDeclaration { rule.init(hyperparameters, dimension: dimension) }

    public static func == (a: Method, b: Method) -> Bool {
        ObjectIdentifier(a.rule) == ObjectIdentifier(b.rule) && a.hyperparameters == b.hyperparameters
    }
}

/// Every method, in the order `method=` lists them: the declarations in Methods/, by rank.
public enum Methods {
    static let all: [any MethodDeclaration.Type] = registeredMethodDeclarations.sorted { $0.rank < $1.rank }

    /// The methods' names, which `method=` and `methods=` take.
    public static let names = all.map { $0.name }

    /// What each method declares about itself, for help.
    public static let described: [Described] = all.map {
        Described(name: $0.name, summary: $0.summary, hyperparameters: $0.hyperparameters, stabilityBound: $0.stabilityBound?.formula)
    }
}

/// A method's or schedule's declaration as help shows it.
public struct Described: Sendable {
    public let name: String
    public let summary: String
    public let hyperparameters: [Hyperparameter]
    /// The step size past which it diverges near a minimum, as a formula in λ; nil where none is known.
    public let stabilityBound: String?
}

/// A name `method=` takes beside the methods': a method that runs on mini-batches of a given size unless `batch=`
/// says otherwise.
public struct MethodPreset: Sendable {
    public let name: String
    public let method: Method
    public let batchSize: Int
}
