import Foundation
import MelshardCore
import NN

/// A run's `checkpoints/` folder: `step-NNNNNNNN/` folders (the newest `keep`) and `best/`.
///
/// Each checkpoint is written whole under a temporary name (`.tmp-…`), its files and the
/// folder synced (`DurableFile`), then renamed into place and the parent synced, so a kill at
/// any instant leaves either the complete folder or no folder of that name. Folders found at
/// load time are trusted only when `state.json` parses and both files match its SHA-256s;
/// `.tmp-*` leftovers of a killed run are never read and are removed by the next save.
public struct CheckpointStore: Sendable {
    public let folder: String
    /// How many step checkpoints to keep (≥ 1); `best` is kept besides them.
    public let keep: Int

    public static let bestName = "best"

    public init(folder: String, keep: Int) {
        precondition(keep >= 1, "keep at least one checkpoint")
        self.folder = folder
        self.keep = keep
    }

    /// `step-00000420`: zero-padded so names sort as steps do.
    public static func name(step: Int) -> String {
        let digits = String(step)
        return "step-" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// Writes a checkpoint of `network`, `optimizer` and `state` as `step-NNNNNNNN` (replacing
    /// one of the same step), then removes all but the newest `keep`.
    ///
    /// - Returns: the checkpoint's folder.
    @discardableResult
    public func save(
        network: Network, optimizer: any Optimizer, state: CheckpointState
    ) throws(CheckpointError) -> String {
        try prepareFolder()
        let model = try ModelWeights.encode(network)
        let slots = try Checkpoint.encodeOptimizer(optimizer)
        var state = state
        state.files = [
            Checkpoint.modelFile: SHA256Digest.hex(of: model), Checkpoint.optimizerFile: SHA256Digest.hex(of: slots),
        ]
        let json: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            json = try encoder.encode(state) + Data("\n".utf8)
        } catch {
            throw CheckpointError(path: folder, problem: "cannot encode state.json: \(error)")
        }
        let name = Self.name(step: state.step)
        try writeFolder(
            name,
            files: [
                (Checkpoint.modelFile, { model }), (Checkpoint.optimizerFile, { slots }),
                (Checkpoint.stateFile, { Array(json) }),
            ])
        try prune()
        return folder + "/" + name
    }

    /// Copies `step-NNNNNNNN` of `step` to `best/`, replacing the previous best; the trainer
    /// calls it when the step's validation improved. Files are hard links when possible.
    public func markBest(step: Int) throws(CheckpointError) {
        let source = folder + "/" + Self.name(step: step)
        let names = [Checkpoint.modelFile, Checkpoint.optimizerFile, Checkpoint.stateFile]
        for file in names where !FileManager.default.fileExists(atPath: source + "/" + file) {
            throw CheckpointError(path: source + "/" + file, problem: "missing: cannot copy it to best/")
        }
        // Read a file only where a hard link cannot be made: a VGG-16 checkpoint is 1.6 GB.
        let files = names.map { file in
            (file, { FileManager.default.contents(atPath: source + "/" + file).map(Array.init) })
        }
        try writeFolder(Self.bestName, files: files, linkingFrom: source)
    }

    /// The newest complete step checkpoint, skipping (and listing) damaged or incomplete ones.
    public func newest() -> (checkpoint: Checkpoint?, skipped: [CheckpointError]) {
        var skipped: [CheckpointError] = []
        for name in stepFolders().reversed() {
            do throws(CheckpointError) {
                return (try Checkpoint(path: folder + "/" + name), skipped)
            } catch {
                skipped.append(error)
            }
        }
        return (nil, skipped)
    }

    /// `best/`, or nil when no best was marked; throws when it is damaged.
    public func loadBest() throws(CheckpointError) -> Checkpoint? {
        recoverBest()
        let path = folder + "/" + Self.bestName
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try Checkpoint(path: path)
    }

    /// Step folders by step, oldest first.
    func stepFolders() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix("step-") && Int($0.dropFirst(5)) != nil }
            .sorted { (Int($0.dropFirst(5)) ?? 0, $0) < (Int($1.dropFirst(5)) ?? 0, $1) }
    }

    /// Makes `checkpoints/` durably, and clears what a killed save left behind.
    private func prepareFolder() throws(CheckpointError) {
        if !FileManager.default.fileExists(atPath: folder) {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw CheckpointError(path: folder, problem: "cannot create: \(error.localizedDescription)")
            }
            do { try DurableFile.syncDirectory(URL(fileURLWithPath: folder).deletingLastPathComponent().path) } catch {
                throw CheckpointError(error)
            }
        }
        recoverBest()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix(DurableFile.temporaryPrefix) {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }

    /// Writes `files` into a temporary folder, syncs it, and renames it to `name`; an existing
    /// `name` is moved aside first and removed after.
    private func writeFolder(
        _ name: String, files: [(String, () -> [UInt8]?)], linkingFrom source: String? = nil
    ) throws(CheckpointError) {
        let pid = getpid()
        let temporary = folder + "/" + DurableFile.temporaryPrefix + name + "-new-\(pid)"
        let destination = folder + "/" + name
        try? FileManager.default.removeItem(atPath: temporary)
        do { try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false) } catch {
            throw CheckpointError(path: temporary, problem: "cannot create: \(error.localizedDescription)")
        }
        do throws(FileError) {
            do throws(FileError) {
                for (file, bytes) in files {
                    // A hard link shares the already synced bytes of the step checkpoint.
                    if let source, link(source + "/" + file, temporary + "/" + file) == 0 { continue }
                    guard let bytes = bytes() else {
                        throw FileError(
                            path: (source ?? folder) + "/" + file, operation: "read",
                            message: "missing: cannot copy it to \(name)/")
                    }
                    try DurableFile.write(bytes, to: temporary + "/" + file)
                }
                try DurableFile.syncDirectory(temporary)
            } catch {
                // A half-written folder is no checkpoint: on a full disk its bytes are the space
                // the failed run should hand back. (Only before the renames: from there on the
                // folder may be the one complete copy of `best`, which recoverBest puts back.)
                try? FileManager.default.removeItem(atPath: temporary)
                throw error
            }
            var aside: String?
            if FileManager.default.fileExists(atPath: destination) {
                aside = folder + "/" + DurableFile.temporaryPrefix + name + "-old-\(pid)"
                try? FileManager.default.removeItem(atPath: aside!)
                guard rename(destination, aside!) == 0 else {
                    throw FileError(path: destination, operation: "rename", code: errno)
                }
            }
            guard rename(temporary, destination) == 0 else {
                throw FileError(path: destination, operation: "rename", code: errno)
            }
            try DurableFile.syncDirectory(folder)
            if let aside { try? FileManager.default.removeItem(atPath: aside) }
        } catch {
            throw CheckpointError(error)
        }
    }

    /// A kill between moving the old `best/` aside and renaming the new one into place leaves
    /// no `best/` but a complete `.tmp-best-new-PID`: put it in place.
    private func recoverBest() {
        let best = folder + "/" + Self.bestName
        guard !FileManager.default.fileExists(atPath: best) else { return }
        let prefix = DurableFile.temporaryPrefix + Self.bestName + "-new-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names.sorted() where name.hasPrefix(prefix) {
            let path = folder + "/" + name
            guard (try? Checkpoint(path: path)) != nil else { continue }
            if rename(path, best) == 0 {
                try? DurableFile.syncDirectory(folder)
                return
            }
        }
    }

    /// Removes all but the newest `keep` step checkpoints, each first renamed to a temporary
    /// name so a half-removed folder never looks like a checkpoint.
    private func prune() throws(CheckpointError) {
        let folders = stepFolders()
        guard folders.count > keep else { return }
        for name in folders.dropLast(keep) {
            let aside = folder + "/" + DurableFile.temporaryPrefix + name + "-removed"
            guard rename(folder + "/" + name, aside) == 0 else { continue }
            try? FileManager.default.removeItem(atPath: aside)
        }
        do { try DurableFile.syncDirectory(folder) } catch { throw CheckpointError(error) }
    }
}
