import Foundation
import MelshardCore
import Testing

/// The reference data made by scripts/golden/make_golden.py with librosa and PyTorch
/// (versions in Golden/cases.json and Golden/README.md).
struct GoldenCases: Decodable {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let shared: GoldenCases = {
        let data = try! Data(contentsOf: directory.appendingPathComponent("cases.json"))
        return try! JSONDecoder().decode(GoldenCases.self, from: data)
    }()

    static func path(_ file: String) -> String { directory.appendingPathComponent(file).path }
    static func array(_ file: String) throws -> (values: [Float], shape: [Int]) { try Npy.read(path(file)) }

    struct Filterbank: Decodable, CustomTestStringConvertible {
        var file: String, sr: Int, n_fft: Int, n_mels: Int, fmin: Double, fmax: Double, htk: Bool, norm: String?
        var testDescription: String { file }
    }

    struct STFT: Decodable, CustomTestStringConvertible {
        var name: String, input: String, n_fft: Int, hop: Int, win_length: Int, window: String
        var center: Bool, pad_mode: String, power: Double, file: String
        var testDescription: String { name }
    }

    struct DB: Decodable, CustomTestStringConvertible {
        var input: String, ref: Reference, amin: Double, top_db: Double?, file: String
        var testDescription: String { file }
    }

    enum Reference: Decodable {
        case value(Double), max
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let v = try? c.decode(Double.self) { self = .value(v) } else { self = .max }
        }
    }

    struct Resize: Decodable, CustomTestStringConvertible {
        var input: String, out_h: Int, out_w: Int, file: String
        var testDescription: String { file }
    }

    struct Resample: Decodable, CustomTestStringConvertible {
        var input: String, kind: String, orig_sr: Int, target_sr: Int, exact_length: Int, file: String
        var testDescription: String { file }
    }

    struct Pipeline: Decodable, CustomTestStringConvertible {
        struct Scale: Decodable { var ref: Reference, amin: Double, top_db: Double? }
        struct Load: Decodable { var offset: Double?, duration: Double?, clip: [Int]? }
        var name: String, input: String, sr: Int, n_fft: Int, hop: Int, win_length: Int, window: String
        var center: Bool, pad_mode: String, n_mels: Int, fmin: Double, fmax: Double, htk: Bool, norm: String?
        var power: Double, scale: String, db: Scale?, log1p_c: Double?, resize: [Int]?, load: Load, file: String
        var testDescription: String { name }
    }

    var filterbanks: [Filterbank]
    var stft: [STFT]
    var db: [DB]
    var resize: [Resize]
    var resample: [Resample]
    var pipelines: [Pipeline]
}
