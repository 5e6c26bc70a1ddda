import AudioDSP
import FeatureSettings
import PNG

@testable import Pictures

/// Clips and pixels for the picture tests, made in memory.
enum PictureFixtures {
    /// 8 kHz, hop 80 (frames 10 ms apart, centred), 9 mel bands from 0 to 4 kHz, no resize: small
    /// enough to draw fast, with frame times that are round numbers.
    static var parameters: FeatureParameters {
        var p = FeatureParameters()
        (p.sampleRate, p.nFFT, p.hop, p.nMels) = (8000, 256, 80, 9)
        return p
    }

    /// A clip of `rows` × `columns` whose value at (row, column) is `value(row, column)`.
    static func clip(
        rows: Int = 9, columns: Int = 128, id: Int64 = 1, parameters: FeatureParameters = parameters,
        clipSamples: Int? = nil, value: (Int, Int) -> Float
    ) -> ClipFeatures {
        let values = (0..<rows).flatMap { r in (0..<columns).map { c in value(r, c) } }
        return ClipFeatures(
            clipID: id, labels: ["tone"], split: "train", source: "test:tones/a.wav", startSeconds: 1.5,
            durationSeconds: 1.27, shard: "train-00000", row: 0, parameters: parameters,
            clipSamples: clipSamples ?? (columns - 1) * parameters.hop, rows: rows, columns: columns,
            values: values)
    }

    /// The picture encoded as PNG and decoded back, so that the tests see the file's pixels.
    static func decoded(_ raster: Raster) throws -> PNGImage {
        try PNGImage(decoding: raster.image.encoded())
    }
}

extension PNGImage {
    /// The RGB of pixel (x, y).
    func rgb(_ x: Int, _ y: Int) -> [UInt8] { Array(self[x, y]) }
}

extension Raster {
    /// The RGB of pixel (x, y).
    func rgb(_ x: Int, _ y: Int) -> [UInt8] {
        let i = (y * width + x) * 3
        return Array(pixels[i..<(i + 3)])
    }
}

/// A colour as an array, so that it compares with `==` in an expectation.
func rgb(_ c: Raster.Color) -> [UInt8] { [c.0, c.1, c.2] }
