import ArgumentParser
import Features

/// The options that pick a preset and override single feature parameters, shared by every
/// subcommand that computes features.
struct FeatureOptions: ParsableArguments {
    @Option(help: "Feature preset: \(FeaturePreset.allCases.map(\.rawValue).joined(separator: ", ")).")
    var preset: FeaturePreset = .librosa

    @Option(help: "Target sample rate in Hz (preset's by default).")
    var sampleRate: Int?
    @Option(help: "FFT length in samples.")
    var nFFT: Int?
    @Option(help: "Hop between frames in samples.")
    var hop: Int?
    @Option(help: "Window length in samples (≤ n_fft; default n_fft).")
    var winLength: Int?
    @Option(help: "Window: \(WindowKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var window: WindowKind?
    @Option(help: "Number of mel bands.")
    var nMels: Int?
    @Option(help: "Lowest filter edge in Hz.")
    var fmin: Double?
    @Option(help: "Highest filter edge in Hz (default: Nyquist).")
    var fmax: Double?
    @Option(help: "Mel scale: slaney or htk.")
    var melScale: MelScale?
    @Option(help: "Filter normalisation: slaney or none.")
    var melNorm: MelNorm?
    @Option(help: "Compression: db, log1p, log or none.")
    var scale: ScaleKind?
    @Option(help: "Clip dB values at max − TOP_DB; 'none' for no clipping.")
    var topDB: String?
    @Option(help: "Resize to HEIGHTxWIDTH (e.g. 128x128), or 'none'.")
    var resize: String?
    @Option(help: "Padding for centred frames: constant (zeros) or reflect.")
    var padMode: PadMode?
    @Option(help: "Resampler: \(ResamplerKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var resampler: ResamplerKind?
    @Option(help: "Channel handling: 'mean' or a 0-based channel index.")
    var channel: String?
    @Flag(inversion: .prefixedNo, help: "Centre frames on t·hop by padding n_fft/2 on each side.")
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
            if topDB == "none" { p.topDB = nil } else if let value = Double(topDB) { p.topDB = value } else {
                throw ValidationError("--top-db takes a number of dB or 'none', not '\(topDB)'")
            }
        }
        if let resize {
            if resize == "none" { p.resize = nil } else if let size = ImageSize(resize) { p.resize = size } else {
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
