import Glibc

/// NumPy's legacy seeded stream (`np.random.seed(N)`, `RandomState`): MT19937 seeded by `init_genrand`, with
/// NumPy's uniform doubles, polar-method normals (one kept for the next call) and Fisher–Yates shuffle, so that
/// the numbers a notebook draws after `np.random.seed(N)` are the numbers gd draws after `seed=N`, bit for bit.
public struct NumPyRandom: RandomNumberGenerator, Sendable, Equatable {
    private var state: [UInt32]
    private var index: Int
    /// The second normal of the last pair drawn, returned by the next `standardNormal()`.
    private var spareNormal: Double?

    /// The stream `np.random.seed(seed)` starts (seeds of 2³² and more are taken modulo 2³²).
    public init(seed: UInt64) {
        var mt = [UInt32](repeating: 0, count: 624)
        mt[0] = UInt32(truncatingIfNeeded: seed)
        for i in 1..<624 {
            mt[i] = 1_812_433_253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i)
        }
        state = mt
        index = 624
    }

    /// The next tempered 32-bit word of MT19937.
    public mutating func word() -> UInt32 {
        if index >= 624 { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func twist() {
        for i in 0..<624 {
            let y = (state[i] & 0x8000_0000) | (state[(i + 1) % 624] & 0x7FFF_FFFF)
            state[i] = state[(i + 397) % 624] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
        }
        index = 0
    }

    /// Two words, high first, for Swift's own random functions.
    public mutating func next() -> UInt64 { UInt64(word()) << 32 | UInt64(word()) }

    /// Uniform in [0, 1), as `np.random.rand()`: 53 bits from two words.
    public mutating func uniform() -> Double {
        let a = Double(word() >> 5), b = Double(word() >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// A standard normal, as `np.random.randn()`: the polar method, the pair's other value kept for the next call.
    public mutating func standardNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2 * uniform() - 1
            x2 = 2 * uniform() - 1
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1 || r2 == 0
        let f = (-2 * log(r2) / r2).squareRoot()
        spareNormal = f * x1
        return f * x2
    }

    /// A whole number in 0...maximum, as NumPy draws one for a shuffle: a word masked to the smallest all-ones
    /// mask that covers `maximum`, drawn again while it is past it.
    public mutating func integer(upTo maximum: UInt32) -> UInt32 {
        guard maximum > 0 else { return 0 }
        var mask = maximum
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        while true {
            let value = word() & mask
            if value <= maximum { return value }
        }
    }

    /// Shuffles `items` in place as `np.random.shuffle` does a 1-D array.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, through: 1, by: -1) {
            let j = Int(integer(upTo: UInt32(i)))
            items.swapAt(i, j)
        }
    }
}
