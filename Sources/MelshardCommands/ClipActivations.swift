import AudioDSP
import Evaluate
import Foundation
import MelshardCore
import Pictures
import SoundFile

/// Where `Evaluate`'s maps meet `Pictures`' clips (neither imports the other): a stored clip's
/// class activation map or filter activation, upsampled to the clip's matrix and normalised to
/// [0, 1], as an overlay to draw or a mask to auralise.
enum ClipActivations {
    /// The CAM of class `classIndex` on `clip`, upsampled to the clip's cells and min–max
    /// normalised (docs/pictures.md).
    static func cam(
        _ run: LoadedRun, _ maps: ClassActivationMap, _ clip: ClipFeatures, classIndex: Int
    ) throws -> [Float] {
        try run.classActivationMap(maps, clip: clip.values, rows: clip.rows, columns: clip.columns, class: classIndex)
    }

    /// Filter K's activation on `clip`, upsampled and normalised the same way.
    static func filter(_ run: LoadedRun, _ filter: FilterActivation, _ clip: ClipFeatures) throws -> [Float] {
        try run.filterActivation(filter, clip: clip.values, rows: clip.rows, columns: clip.columns)
    }

    /// The run folder, opened on the build output `directory` (its card gives the standardisation).
    static func open(run: String, directory: String) throws -> LoadedRun {
        try LoadedRun(folder: absolute(run), output: directory)
    }

    /// `clip`'s features (masked by `mask` when given) as audio, written as 16-bit WAV at the
    /// features' sample rate, peak-normalised to −1 dBFS (docs/auralisation.md), through a
    /// temporary file renamed into place. Returns the number of samples.
    static func writeAudio(
        _ clip: ClipFeatures, mask: [Float]?, iterations: Int, seed: UInt64, to path: String
    ) throws -> Int {
        let stored = FeatureMatrix(rows: clip.rows, columns: clip.columns, values: clip.values)
        var samples: [Float]
        do {
            samples = try Auralisation.audio(
                stored: stored, parameters: clip.parameters, clipSamples: clip.clipSamples, mask: mask,
                iterations: iterations, seed: seed)
        } catch {
            throw CommandFailure("\(clip.shard): clip \(clip.clipID) cannot be auralised: \(error)")
        }
        let peak = samples.reduce(Float(0)) { max($0, abs($1)) }
        if peak > 0 {
            let gain = Float(pow(10, -1.0 / 20)) / peak
            for i in samples.indices { samples[i] *= gain }
        }
        let target = absolute(path)
        let temporary = target + ".partial-\(getpid()).wav"
        do {
            try SoundFile.write(samples, sampleRate: clip.parameters.sampleRate, format: .wav16, to: temporary)
            if rename(temporary, target) != 0 {
                let reason = String(cString: strerror(errno)).lowercased()
                unlink(temporary)
                throw CommandFailure("\(path): cannot write: \(reason)")
            }
        } catch let error as SoundFileError {
            unlink(temporary)
            throw CommandFailure("\(path): cannot write: \(error.reason)")
        }
        return samples.count
    }
}
