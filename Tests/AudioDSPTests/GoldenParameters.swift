import FeatureSettings

@testable import AudioDSP

/// Golden cases translated into melshard's parameters, so each test states only what it checks.
extension GoldenCases.Pipeline {
    var parameters: FeatureParameters {
        var p = FeatureParameters()
        p.sampleRate = sr
        p.nFFT = n_fft
        p.hop = hop
        p.winLength = win_length
        p.window = WindowKind(golden: window)
        p.center = center
        p.padMode = PadMode(rawValue: pad_mode)!
        p.nMels = n_mels
        p.fmin = fmin
        p.fmax = fmax
        p.melScale = htk ? .htk : .slaney
        p.melNorm = norm == nil ? .none : .slaney
        p.power = power
        switch scale {
        case "db":
            p.scale = .db
            p.dbRef = db!.ref.melshard
            p.dbAmin = db!.amin
            p.topDB = db!.top_db
        case "log1p":
            p.scale = .log1p
            p.logMultiplier = log1p_c!
        default:
            p.scale = .none
        }
        if let resize { p.resize = ImageSize(height: resize[0], width: resize[1]) }
        return p
    }
}

extension GoldenCases.Reference {
    var melshard: DBReference {
        switch self {
        case .value(let v): .value(v)
        case .max: .max
        }
    }
}

extension WindowKind {
    /// scipy calls the rectangular window "boxcar".
    init(golden name: String) { self = name == "boxcar" ? .rectangular : WindowKind(rawValue: name)! }
}
