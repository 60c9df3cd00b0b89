/// The floating-point format a run computes in: `precision=f64` (the default) or `precision=f32`, as PyTorch's
/// default float32 tensors compute.
///
/// With f32 every value a run computes is a float32: the loss and its gradient (each operation of the compiled
/// program rounded to float32, see `Program.float32()`), each method's update, and the quantities the stopping
/// rules test. Constants given in double (η, tolerances, hyperparameters, the loss's numbers) are rounded to float32
/// where they meet float32 values, as `torch.tensor(c)` or `np.float32(c)` would round them.
public enum Precision: String, Sendable, CaseIterable {
    case f64
    case f32

    /// `x` as this precision holds it: rounded to the nearest float32 for f32, unchanged for f64.
    @inline(__always)
    public func rounded(_ x: Double) -> Double {
        self == .f32 ? Double(Float(x)) : x
    }

    /// The names `precision=` takes.
    public static let names = allCases.map(\.rawValue)
}
