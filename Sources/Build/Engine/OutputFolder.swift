import Foundation
import Index
import MelshardCore

/// A build's output folder, and which of its files a build may delete: the shards the index
/// records (when the plan drops them) and the temporary files a killed build of melshard left,
/// nothing else. A folder holding files but neither an index nor a build's lock file is not a
/// melshard output, and a build refuses it rather than mix its files with someone else's.
struct OutputFolder {
    let path: String
    var shardsPath: String { path + "/shards" }

    /// The files that mark a melshard output: the index, and the lock every build takes before
    /// it creates anything else (so a build killed before its index exists is still recognised,
    /// and so is an output whose damaged index was deleted to recover).
    static let markers = [Index.fileName, DirectoryLock.fileName]

    /// Throws `BuildError.notAnOutput` when the folder has entries and no marker. A missing
    /// folder, or one that cannot be listed (a file, say), passes: creating it reports that.
    func checkIsOutput() throws(BuildError) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path), !entries.isEmpty else { return }
        if Self.markers.contains(where: entries.contains) { return }
        throw BuildError.notAnOutput(directory: path, example: entries.sorted()[0], entries: entries.count)
    }

    /// The temporary files of killed builds, relative to the folder: `.tmp-dataset.json-PID`
    /// here and `.tmp-NAME.safetensors-PID` in `shards/` (`DurableFile`'s names for the two kinds
    /// of file a build writes), and a scratch file that never got its `O_TMPFILE`
    /// (`ScratchFile.fallbackPrefix`, unlinked at once, so left only by a build killed in that
    /// instant). A user's `.tmp-notes` or `.tmp-x` is none of them and stays.
    func leftoverTemporaryFiles() -> [String] {
        let fm = FileManager.default
        let here = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).filter {
            Self.isTemporary($0, of: { $0 == "dataset.json" }) || $0.hasPrefix(ScratchFile.fallbackPrefix)
        }
        let shards = ((try? fm.contentsOfDirectory(atPath: shardsPath)) ?? []).filter {
            Self.isTemporary($0, of: Self.isShardFileName)
        }
        return (here + shards.map { "shards/" + $0 }).sorted()
    }

    /// `DurableFile`'s temporary name for a destination that `destination` accepts: the prefix,
    /// the destination's name, `-` and the writer's pid.
    static func isTemporary(_ name: String, of destination: (Substring) -> Bool) -> Bool {
        guard name.hasPrefix(DurableFile.temporaryPrefix) else { return false }
        let rest = name.dropFirst(DurableFile.temporaryPrefix.count)
        guard let dash = rest.lastIndex(of: "-") else { return false }
        let pid = rest[rest.index(after: dash)...]
        return !pid.isEmpty && pid.allSatisfy { $0.isASCII && $0.isNumber } && destination(rest[..<dash])
    }

    /// `SPLIT-HEX.safetensors`, the only names the shard planner gives.
    static func isShardFileName(_ name: Substring) -> Bool {
        guard name.hasSuffix(".safetensors") else { return false }
        let stem = name.dropLast(".safetensors".count)
        return !stem.isEmpty && stem.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// The shard a temporary file (relative to the folder, from `leftoverTemporaryFiles`) was
    /// being written as; nil for the card's.
    static func temporaryShardName(_ file: String) -> String? {
        guard file.hasPrefix("shards/") else { return nil }
        let name = file.dropFirst("shards/".count).dropFirst(DurableFile.temporaryPrefix.count)
        guard let dash = name.lastIndex(of: "-") else { return nil }
        return String(name[..<dash].dropLast(".safetensors".count))
    }

    /// Deletes the given files (relative to the folder) and returns those that were there.
    func remove(_ files: [String]) -> [String] {
        files.filter { (try? FileManager.default.removeItem(atPath: path + "/" + $0)) != nil }
    }

    /// Of the given files (relative to the folder), those that exist: what a dry run would remove.
    func existing(_ files: [String]) -> [String] {
        files.filter { FileManager.default.fileExists(atPath: path + "/" + $0) }
    }
}
