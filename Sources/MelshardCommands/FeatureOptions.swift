import ArgumentParser
import AudioDSP
import FeatureSettings

/// The options that pick a preset and override single feature parameters, shared by every
/// subcommand that computes features.
struct FeatureOptions: ParsableArguments {
    @Option(help: "Feature preset: \(FeaturePreset.allCases.map(\.rawValue).joined(separator: ", ")).")
    var preset: FeaturePreset = .librosa

    @Option(parsing: .unconditional, help: "Target sample rate in Hz (default: the preset's; librosa 22050).")
    var sampleRate: Int?
    @Option(parsing: .unconditional, help: "FFT length in samples (default: the preset's; librosa 2048).")
    var nFFT: Int?
    @Option(parsing: .unconditional, help: "Hop between frames in samples (default: the preset's; librosa 512).")
    var hop: Int?
    @Option(parsing: .unconditional, help: "Window length in samples, ≤ n_fft (default: the preset's; librosa n_fft).")
    var winLength: Int?
    @Option(
        help:
            "Window: \(WindowKind.allCases.map(\.rawValue).joined(separator: ", ")) (default: the preset's; librosa hann)."
    )
    var window: WindowKind?
    @Option(parsing: .unconditional, help: "Number of mel bands (default: the preset's; librosa 128).")
    var nMels: Int?
    @Option(parsing: .unconditional, help: "Lowest filter edge in Hz (default: the preset's; librosa 0).")
    var fmin: Double?
    @Option(
        parsing: .unconditional,
        help: "Highest filter edge in Hz (default: the preset's; librosa the Nyquist frequency).")
    var fmax: Double?
    @Option(help: "Mel scale: slaney or htk (default: the preset's; librosa slaney).")
    var melScale: MelScale?
    @Option(help: "Filter normalisation: slaney or none (default: the preset's; librosa slaney).")
    var melNorm: MelNorm?
    @Option(help: "Compression: db, log1p, log or none (default: the preset's; librosa db).")
    var scale: ScaleKind?
    @Option(
        parsing: .unconditional,
        help: "Clip dB values at max − TOP_DB; 'none' for no clipping (default: the preset's; librosa 80).")
    var topDB: String?
    @Option(help: "Resize to HEIGHTxWIDTH (e.g. 128x128), or 'none' (default: the preset's; librosa none).")
    var resize: String?
    @Option(help: "Padding for centred frames: constant (zeros) or reflect (default: the preset's; librosa constant).")
    var padMode: PadMode?
    @Option(
        help:
            "Resampler: \(ResamplerKind.allCases.map(\.rawValue).joined(separator: ", ")) (default: the preset's; librosa soxr_hq)."
    )
    var resampler: ResamplerKind?
    @Option(parsing: .unconditional, help: "Channel handling: 'mean' or a 0-based channel index (default: mean).")
    var channel: String?
    @Flag(
        inversion: .prefixedNo,
        help: "Centre frames on t·hop by padding n_fft/2 on each side (default: the preset's; librosa --center).")
    var center: Bool?

    /// The preset with every given override applied, validated.
    func parameters() throws -> FeatureParameters {
        var p = preset.parameters
        if let sampleRate { p.sampleRate = sampleRate }
        if let nFFT { p.nFFT = nFFT }
        if let hop { p.hop = hop }
        if let winLength { p.winLength = winLength }
        if let window { p.window = window }
        if let nMels { p.nMels = nMels }
        if let fmin { p.fmin = fmin }
        if let fmax { p.fmax = fmax }
        if let melScale { p.melScale = melScale }
        if let melNorm { p.melNorm = melNorm }
        if let scale { p.scale = scale }
        if let padMode { p.padMode = padMode }
        if let resampler { p.resampler = resampler }
        if let center { p.center = center }
        if let topDB {
            if topDB == "none" {
                p.topDB = nil
            } else if let value = Double(topDB) {
                p.topDB = value
            } else {
                throw ValidationError("--top-db takes a number of dB or 'none', not '\(topDB)'")
            }
        }
        if let resize {
            if resize == "none" {
                p.resize = nil
            } else if let size = ImageSize(resize) {
                p.resize = size
            } else {
                throw ValidationError("--resize takes HEIGHTxWIDTH such as 128x128, or 'none', not '\(resize)'")
            }
        }
        if let channel {
            guard let selection = ChannelSelection(channel) else {
                throw ValidationError("--channel takes 'mean' or a 0-based channel index, not '\(channel)'")
            }
            p.channel = selection
        }
        do { try p.validate() } catch { throw ValidationError("\(error)") }
        return p
    }
}

extension FeaturePreset: ExpressibleByArgument {}
extension WindowKind: ExpressibleByArgument {}
extension MelScale: ExpressibleByArgument {}
extension MelNorm: ExpressibleByArgument {}
extension ScaleKind: ExpressibleByArgument {}
extension PadMode: ExpressibleByArgument {}
extension ResamplerKind: ExpressibleByArgument {}
