import MelshardCore

/// The mel filterbank applied to STFT power as a banded product.
///
/// Each band's triangle is non-zero over one short run of bins (one or two bins for the lowest
/// bands, a few dozen for the highest), so a dense product multiplies about 95 % zeros: with
/// heydarshahi's 96 bands over 257 bins it does 24,672 multiply-adds a frame where the bands
/// hold about 1,100 weights. `apply` visits only each band's run, eight bins at a time, in one
/// fixed order of additions on every machine (plain multiplies and adds, no fused ones, in
/// 8-lane vectors that every x86-64 and ARM CPU computes lane by lane alike), so the mel power
/// is the same bits on every machine, whatever BLAS library or CPU kernel is installed.
///
/// Layout: power is `[frames × bins]` (each frame's bins contiguous), mel is
/// `[bands × frames]` (each band's frames contiguous), as `FeatureExtractor` holds them.
struct MelProjection: Sendable {
    let bands: Int
    let bins: Int
    /// Per band, the first bin of its run, its length (a multiple of 8, or the whole row when
    /// there are fewer than 8 bins), and where its weights start in `packed`.
    private let runs: [(first: Int, length: Int, offset: Int)]
    /// Each band's run of weights, runs one after another.
    private let packed: [Float]

    init(_ weights: FeatureMatrix) {
        bands = weights.rows
        bins = weights.columns
        var runs: [(first: Int, length: Int, offset: Int)] = []
        var packed: [Float] = []
        for m in 0..<bands {
            let row = weights.values[(m * bins)..<((m + 1) * bins)]
            guard let nonZero = row.firstIndex(where: { $0 != 0 }), let last = row.lastIndex(where: { $0 != 0 }) else {
                runs.append((0, 0, packed.count))
                continue
            }
            // The run is widened to whole vectors over the band's own zero weights, leftwards
            // where it would pass the last bin, so that no read leaves the frame.
            let (lo, span) = (nonZero - m * bins, last - nonZero + 1)
            let whole = (span + 7) / 8 * 8
            let (first, length) = whole > bins ? (0, bins) : (min(lo, bins - whole), whole)
            runs.append((first, length, packed.count))
            packed += row[(m * bins + first)..<(m * bins + first + length)]
        }
        self.runs = runs
        self.packed = packed
    }

    /// `mel[m · frames + t] = Σ_k weights[m, k] · power[t · bins + k]` for every band m and frame t.
    func apply(power: UnsafePointer<Float>, frames: Int, into mel: UnsafeMutablePointer<Float>) {
        packed.withUnsafeBufferPointer { weights in
            runs.withUnsafeBufferPointer { runs in
                // Band by band, so a band's few weights stay in registers and its frames are
                // written one after another.
                for m in 0..<runs.count {
                    let run = runs[m]
                    let w = weights.baseAddress! + run.offset
                    let out = mel + m * frames
                    var frame = power + run.first
                    if run.length % 8 == 0 {
                        for t in 0..<frames {
                            out[t] = Self.dot(w, frame, count: run.length)
                            frame += bins
                        }
                    } else {
                        for t in 0..<frames {
                            out[t] = Self.scalarDot(w, frame, count: run.length)
                            frame += bins
                        }
                    }
                }
            }
        }
    }

    /// Eight lanes, each summing every eighth product in order, then the lanes added pairwise
    /// in a fixed tree: the order, and so the rounding, is the same on every machine.
    @inline(__always)
    private static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var sum = SIMD8<Float>()
        var k = 0
        while k < count {
            let x = UnsafeRawPointer(a + k).loadUnaligned(as: SIMD8<Float>.self)
            let y = UnsafeRawPointer(b + k).loadUnaligned(as: SIMD8<Float>.self)
            sum = sum + x * y
            k += 8
        }
        let four = sum.lowHalf + sum.highHalf
        let two = four.lowHalf + four.highHalf
        return two[0] + two[1]
    }

    /// Rows of fewer than eight bins (n_fft below 14): one product after another.
    private static func scalarDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var sum: Float = 0
        for k in 0..<count { sum += a[k] * b[k] }
        return sum
    }

    /// The naive reference: the dense product, every band times every bin in order, in float32.
    /// The tests hold `apply` to it.
    static func reference(weights: FeatureMatrix, power: [Float], frames: Int) -> [Float] {
        let (bands, bins) = (weights.rows, weights.columns)
        var mel = [Float](repeating: 0, count: bands * frames)
        for m in 0..<bands {
            for t in 0..<frames {
                var sum: Float = 0
                for k in 0..<bins { sum += weights.values[m * bins + k] * power[t * bins + k] }
                mel[m * frames + t] = sum
            }
        }
        return mel
    }
}
