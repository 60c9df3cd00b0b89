import Glibc

/// How an axis spaces its values.
public enum Scale: Equatable, Sendable {
    /// Equal differences take equal lengths.
    case linear
    /// Equal ratios take equal lengths (base 10); zero and negative values cannot be shown and are dropped.
    case log

    /// The value in the units the axis is evenly spaced in, or nil when the axis cannot show it.
    func transform(_ value: Double) -> Double? {
        switch self {
        case .linear:
            return value.isFinite ? value : nil
        case .log:
            guard value > 0, value.isFinite else { return nil }
            return log10(value)
        }
    }

    /// The value whose transform is `t`.
    func inverse(_ t: Double) -> Double {
        switch self {
        case .linear: return t
        case .log: return pow(10, t)
        }
    }
}
