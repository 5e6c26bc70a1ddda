/// A counter-based random generator: every draw is a pure function of (seed, stream, counter).
///
/// Each random decision in a build (a crop offset, a subset, a split, a shuffle) names its own
/// stream from stable ids, such as a class name or a source path, so the values never depend on
/// iteration order or thread timing, and adding one source does not shift any other draw.
/// The mixing function is SplitMix64's finaliser (Steele, Lea and Flood, 2014).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    public let stream: UInt64
    /// How many values have been drawn.
    public var counter: UInt64 { draws }
    // Internal rather than private, so that the inlinable `next()` can count.
    @usableFromInline var draws: UInt64 = 0

    public init(seed: UInt64, stream: UInt64 = 0) {
        self.seed = seed
        self.stream = stream
    }

    /// A generator whose stream is derived from a stable name, e.g. `"crop/rock/track0042.mp3"`.
    public init(seed: UInt64, stream name: String) {
        self.init(seed: seed, stream: Self.hash(name))
    }

    // Inlinable, so the kernels that draw millions of values (weight initialisation, dropout
    // masks) inline it into their own optimised code even when this module is built for debug.
    @inlinable
    public mutating func next() -> UInt64 {
        draws &+= 1
        return Self.mix(seed &+ Self.mix(stream &+ 0x9E37_79B9_7F4A_7C15 &* counter))
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    @usableFromInline
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a over UTF-8, then mixed: stable across runs and platforms, unlike `Hasher`.
    public static func hash(_ name: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return mix(h)
    }
}
