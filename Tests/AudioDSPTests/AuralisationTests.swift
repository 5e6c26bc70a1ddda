import FeatureSettings
import Foundation
import MelshardCore
import TestSupport
import Testing

@testable import AudioDSP

/// Mel spectrograms back to audio: the NNLS inversion of the filterbank, Griffin-Lim, and the
/// undoing of the stored features' scaling and resize, checked against librosa on two inputs.
@Suite struct AuralisationTests {
    /// A voiced tone with vibrato, a chirp over it and a noise burst: every kind of content.
    static func music(rate: Int, count: Int) -> [Float] {
        let chirp = Signals.chirp(from: 300, to: 3000, rate: rate, count: count, amplitude: 0.2)
        let noise = Signals.noise(rate: rate, count: count, amplitude: 0.3, seed: 7)
        return (0..<count).map { n in
            let t = Double(n) / Double(rate)
            let f0 = 220 * (1 + 0.01 * sin(2 * Double.pi * 5 * t))
            var voice = 0.0
            for h in 1...8 { voice += 0.3 / Double(h) * sin(2 * Double.pi * f0 * Double(h) * t) }
            let burst: Float = t > 0.4 && t < 0.5 ? noise[n] : 0
            return Float(voice) + chirp[n] + burst
        }
    }

    /// Syllables of gliding formants on a 120 Hz buzz, with silences between them.
    static func speech(rate: Int, count: Int) -> [Float] {
        (0..<count).map { n in
            let t = Double(n) / Double(rate)
            let syllable = t.truncatingRemainder(dividingBy: 0.25)
            guard syllable < 0.18 else { return 0 }
            let envelope = sin(Double.pi * syllable / 0.18)
            let formants = [(500 + 1500 * syllable, 1.0), (1500 - 2000 * syllable, 0.5), (2500.0, 0.2)]
            var value = 0.0
            for h in 1...40 {
                let f = 120 * Double(h)
                let gain = formants.reduce(0.0) { $0 + $1.1 / (1 + pow((f - $1.0) / 150, 2)) }
                value += gain / Double(h).squareRoot() * sin(2 * Double.pi * f * t)
            }
            return Float(0.1 * envelope * value)
        }
    }

    static var librosaDefaults: FeatureParameters { FeatureParameters() }

    static var speechParameters: FeatureParameters {
        var p = FeatureParameters()
        p.sampleRate = 16000
        p.nFFT = 1024
        p.hop = 256
        p.nMels = 64
        return p
    }

    @Test func bandedSolverEqualsTheDenseReferenceAndConvergesOnAConsistentSystem() throws {
        var p = FeatureParameters()
        p.sampleRate = 8000
        p.nFFT = 256
        p.nMels = 20
        let basis = MelFilterbank(p).weights
        let solver = NonNegativeLeastSquares(a: basis.values.map(Double.init), rows: basis.rows, columns: basis.columns)
        var random = SeededRandom(seed: 3)
        let t = 5
        let truth = (0..<(basis.columns * t)).map { _ in random.nextUnit() }
        var b = [Double](repeating: 0, count: basis.rows * t)
        for r in 0..<basis.rows {
            for k in 0..<basis.columns { for c in 0..<t { b[r * t + c] += Double(basis[r, k]) * truth[k * t + c] } }
        }
        var tight = NonNegativeLeastSquares.Options()
        tight.relativeDecrease = 0
        tight.projectedGradientTolerance = 1e-14
        tight.maxIterations = 3000
        let fast = solver.solve(b, columns: t, options: tight)
        let naive = solver.solveNaive(b, columns: t, options: tight)
        #expect(fast.x == naive.x && fast.iterations == naive.iterations)
        #expect(fast.x.allSatisfy { $0 >= 0 })
        func residual(_ x: [Double]) -> Double {
            var sum = 0.0
            for r in 0..<basis.rows {
                for c in 0..<t {
                    let ax = (0..<basis.columns).reduce(0.0) { $0 + Double(basis[r, $1]) * x[$1 * t + c] }
                    sum += (ax - b[r * t + c]) * (ax - b[r * t + c])
                }
            }
            return sum.squareRoot()
        }
        let norm = b.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
        let start = residual(solver.projectedLeastSquares(b, columns: t))
        #expect(residual(fast.x) <= 1e-3 * norm, "residual \(residual(fast.x)) of \(norm), start \(start)")
        #expect(residual(fast.x) <= start)
    }

    @Test func melPowerUndoesTheScalingAndTheResize() throws {
        var p = Self.speechParameters
        let samples = Self.speech(rate: p.sampleRate, count: 8000)
        let extractor = try FeatureExtractor(p)
        let power = try samples.withUnsafeBufferPointer { try extractor.melPower($0) }
        let stored = try extractor.features(samples)
        let back = try Auralisation.melPower(stored: stored, parameters: p, clipSamples: samples.count)
        #expect(back.shape == power.shape)
        let floor = (power.values.max() ?? 0) * 1e-8  // top_db = 80
        for (ours, truth) in zip(back.values, power.values) where truth > floor {
            #expect(abs(ours - truth) <= 1e-4 * truth)
        }
        p.resize = ImageSize(height: 32, width: 20)
        let small = try FeatureExtractor(p).features(samples)
        let resized = try Auralisation.melPower(stored: small, parameters: p, clipSamples: samples.count)
        #expect(resized.shape == [64, p.frameCount(forSamples: samples.count)])
        let silent = try Auralisation.melPower(
            stored: stored, parameters: Self.speechParameters, clipSamples: samples.count,
            mask: [Float](repeating: 0, count: stored.values.count))
        #expect(silent.values.allSatisfy { $0 == 0 })
        #expect(throws: FeatureError.self) {
            try Auralisation.melPower(stored: stored, parameters: Self.speechParameters, clipSamples: 8000, mask: [1])
        }
        var cochleagram = FeatureParameters()
        cochleagram.sampleRate = 20000
        cochleagram.cochleagram = CochleagramParameters()
        do {
            _ = try Auralisation.melPower(stored: stored, parameters: cochleagram, clipSamples: 40000)
            Issue.record("a cochleagram accepted")
        } catch {
            #expect("\(error)".contains("cochleagram") && "\(error)".contains("mel"), "\(error)")
        }
    }

    @Test func griffinLimIsDeterministicForASeed() throws {
        let p = Self.speechParameters
        let samples = Self.speech(rate: p.sampleRate, count: 4000)
        let stored = try FeatureExtractor(p).features(samples)
        let a = try Auralisation.audio(stored: stored, parameters: p, clipSamples: 4000, iterations: 4, seed: 1)
        let b = try Auralisation.audio(stored: stored, parameters: p, clipSamples: 4000, iterations: 4, seed: 1)
        let c = try Auralisation.audio(stored: stored, parameters: p, clipSamples: 4000, iterations: 4, seed: 2)
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        #expect(a != c)
        #expect(a.count == GriffinLim(p).outputLength(frames: p.frameCount(forSamples: 4000)))
    }

    /// librosa's `mel_to_stft` and `griffinlim` (32 iterations, momentum 0.99, random phases) on
    /// the same mel power: the same length, and a spectral convergence within 10 % of librosa's.
    /// Phases come from different generators, so both sides average three seeds.
    @Test(arguments: ["music", "speech"]) func spectralConvergenceIsLibrosas(_ input: String) throws {
        let p = input == "music" ? Self.librosaDefaults : Self.speechParameters
        let samples =
            input == "music"
            ? Self.music(rate: p.sampleRate, count: p.sampleRate) : Self.speech(rate: p.sampleRate, count: p.sampleRate)
        let mel = try samples.withUnsafeBufferPointer { try FeatureExtractor(p).melPower($0) }
        let directory = TemporaryDirectory("griffin-lim-\(input)")
        try Npy.write(mel, to: directory.file("mel.npy"))
        let script = """
            import sys, numpy as np, librosa
            folder, sr, n_fft, hop = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
            M = np.load(folder + "/mel.npy")
            S = librosa.feature.inverse.mel_to_stft(M, sr=sr, n_fft=n_fft, power=2.0)
            np.save(folder + "/magnitude.npy", S.astype(np.float32))
            values = []
            for seed in range(3):
                y = librosa.griffinlim(S, n_iter=32, hop_length=hop, n_fft=n_fft, momentum=0.99, init="random",
                                       random_state=seed)
                R = np.abs(librosa.stft(y, n_fft=n_fft, hop_length=hop))
                values.append(np.linalg.norm(S - R) / np.linalg.norm(S))
            print(len(y), np.mean(values), librosa.__version__, np.__version__)
            """
        try script.write(toFile: directory.file("gl.py"), atomically: true, encoding: .utf8)
        let run = try PythonProcess.run([
            directory.file("gl.py"), directory.path, "\(p.sampleRate)", "\(p.nFFT)", "\(p.hop)",
        ])
        try #require(run.status == 0, "librosa failed (scripts/bootstrap --python installs it): \(run.output)")
        let fields = run.stdout.split(separator: " ")
        let theirLength = try #require(Int(fields[0])), theirs = try #require(Double(fields[1]))

        let magnitude = Auralisation.magnitude(melPower: mel, parameters: p)
        let basis = MelFilterbank(p).weights
        let iterations = NonNegativeLeastSquares(
            a: basis.values.map(Double.init), rows: basis.rows, columns: basis.columns
        ).solve(mel.values.map(Double.init), columns: mel.columns).iterations
        let (librosaMagnitude, _) = try Npy.read(directory.file("magnitude.npy"))
        var difference = 0.0, norm = 0.0
        for (a, b) in zip(magnitude, librosaMagnitude) {
            difference += (a - Double(b)) * (a - Double(b))
            norm += Double(b) * Double(b)
        }
        var ours: [Double] = []
        var length = 0
        for seed in 0..<3 {
            let gl = GriffinLim(p, iterations: 32, seed: UInt64(seed))
            let y = gl.reconstruct(magnitude: magnitude, frames: mel.columns)
            length = y.count
            ours.append(gl.spectralConvergence(target: magnitude, frames: mel.columns, samples: y))
        }
        let mean = ours.reduce(0, +) / 3
        print(
            "\(input): spectral convergence after 32 iterations, melshard \(mean), librosa \(theirs) "
                + "(ratio \(mean / theirs)); mel_to_stft magnitudes differ by \((difference / norm).squareRoot()) "
                + "relative (melshard's NNLS stopped after \(iterations) iterations); librosa \(fields.dropFirst(2).joined(separator: " "))"
        )
        #expect(length == theirLength)
        #expect(abs(mean - theirs) <= 0.1 * theirs)
    }
}
