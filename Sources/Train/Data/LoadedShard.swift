import Foundation
import HostCPU
import Safetensors

/// A shard's tensors in memory: `features` as stored (float16 or float32 bytes, widened row
/// by row when a batch is made, so a loaded shard costs its file size, not twice it), labels
/// and clip ids.
final class LoadedShard: Sendable {
    /// `[clips, bands, frames]`, little-endian F16 or F32.
    let features: [UInt8]
    let float16: Bool
    /// Single-label: `[clips]`. Empty for a multi-label dataset.
    let classes: [Int32]
    /// Multi-label: `[clips, labelWidth]`. Empty for a single-label dataset.
    let multiHot: [UInt8]
    let clipIDs: [Int64]
    /// Values per clip: bands × frames.
    let rowValues: Int

    init(_ entry: ShardEntry, card: DatasetCard, output: String) throws(DataError) {
        let file: SafetensorsFile
        do {
            file = try SafetensorsFile(path: entry.path)
        } catch {
            throw DataError(.damagedShard, path: entry.path, problem: error.problem, fix: DataError.Fix.verify(output))
        }
        rowValues = card.features.shape.reduce(1, *)
        float16 = card.features.dtype == "float16"
        do {
            let tensor = try file.tensor("features")
            // The header was checked when the dataset was opened; a file replaced since then is caught here.
            guard tensor.dtype == (float16 ? .f16 : .f32), tensor.shape == [entry.clips] + card.features.shape else {
                throw DataError(
                    .mismatchedShard, path: entry.path,
                    problem: "tensor \"features\" is \(tensor.dtype.rawValue) \(tensor.shape): "
                        + "the shard changed during the run",
                    fix: DataError.Fix.verify(output))
            }
            features = tensor.bytes
            classes = card.task == .singleLabel ? try file.int32s("labels") : []
            multiHot = card.task == .multiLabel ? try file.uint8s("labels") : []
            clipIDs = try file.int64s("clip_ids")
        } catch let error as DataError {
            throw error
        } catch {
            throw DataError(.damagedShard, path: entry.path, problem: "\(error)", fix: DataError.Fix.verify(output))
        }
        guard clipIDs.count == entry.clips else {
            throw DataError(
                .mismatchedShard, path: entry.path, problem: "tensor \"clip_ids\" changed during the run",
                fix: DataError.Fix.verify(output))
        }
    }

    /// Writes row `row`'s values, standardised, to `destination[0..<rowValues]`.
    func decode(row: Int, into destination: UnsafeMutableBufferPointer<Float>, standardiser: Standardiser) {
        let frames = rowValues / standardiser.bands
        features.withUnsafeBytes { raw in
            let base = row * rowValues * (float16 ? 2 : 4)
            // Widen first (float16 exactly), then standardise band by band.
            if float16 {
                // The whole row at once, through F16C where the CPU has it (exact either way).
                let row = UnsafeRawBufferPointer(rebasing: raw[base..<(base + 2 * rowValues)])
                if Int(bitPattern: row.baseAddress) % MemoryLayout<UInt16>.alignment == 0 {
                    HalfPrecision.widen(row.assumingMemoryBound(to: UInt16.self), into: destination)
                } else {
                    let bits = (0..<rowValues).map { row.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self) }
                    bits.withUnsafeBufferPointer { HalfPrecision.widen($0, into: destination) }
                }
            } else {
                for k in 0..<rowValues {
                    destination[k] = Float(
                        bitPattern: UInt32(
                            littleEndian: raw.loadUnaligned(fromByteOffset: base + 4 * k, as: UInt32.self)))
                }
            }
        }
        guard standardiser.enabled else { return }
        for band in 0..<standardiser.bands {
            let mean = standardiser.mean[band]
            let std = standardiser.std[band]
            for k in (band * frames)..<((band + 1) * frames) { destination[k] = (destination[k] - mean) / std }
        }
    }
}
