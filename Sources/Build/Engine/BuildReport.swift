import MelshardCore

/// What a build did, as `melshard build --json` prints it. Field names are stable and
/// documented in docs/build.md; add fields, never rename them.
public struct BuildReport: Sendable, Codable, Equatable {
    public struct UnitCounts: Sendable, Codable, Equatable {
        public var rebuilt = 0
        public var reused = 0
        public init() {}
    }

    /// One unit that was (or, in a dry run, would be) redone, and why.
    public struct RebuiltUnit: Sendable, Codable, Equatable {
        public var stage: String
        public var name: String
        public var reasons: [String]
    }

    public var formatVersion = 1
    public var output: String
    public var dryRun: Bool
    public var jobs: Int
    /// True when the scan found exactly the inputs of the last finished build and its outputs
    /// as it left them, so no stage ran and every unit counts as reused (docs/build.md, "No-op builds").
    public var inputsUnchanged = false
    /// True when SQLite's `quick_check` read the whole index before the build trusted it;
    /// false for a new index and for one the last finished build left untouched (docs/build.md,
    /// "A damaged index").
    public var indexChecked = false
    /// Units per stage: `probe` (one per source file), `plan` (one per build), `shard`.
    public var units: [String: UnitCounts] = [:]
    public var rebuilt = 0
    public var reused = 0
    /// The first `listedUnitsPerStage` units of each stage that were redone, in the order met.
    public var rebuiltUnits: [RebuiltUnit] = []
    /// Per stage, the units redone beyond those listed; nil when every one is listed. A first
    /// build of a million sources redoes two million units, and listing each would cost the
    /// build some 200 bytes of memory apiece (docs/build.md, "Memory"); `units` counts them all.
    public var rebuiltUnitsOmitted: [String: Int]?
    /// How many redone units of one stage `rebuiltUnits` lists.
    public static let listedUnitsPerStage = 1000
    /// Shards deleted because the plan no longer has them.
    public var removedShards: [String] = []
    /// Every file the build deleted (in a dry run, would delete), relative to the output folder:
    /// temporary files a killed build left, then the files of `removedShards`. A build deletes
    /// nothing else.
    public var removedFiles: [String] = []
    /// Sources decoded for audio (not just probed); 0 when nothing changed.
    public var decodedSources = 0
    public var sources = 0
    public var clips = 0
    public var shards = 0
    public var ignoredFiles = 0
    public var rejects = 0
    public var rejectsByCode: [String: Int] = [:]
    /// What the build finished with but should not have, one line each: a dataset with no clip.
    public var warnings: [String] = []
    public var seconds = 0.0
    /// The process's peak resident set size when the build finished (`ru_maxrss`), in bytes:
    /// everything the process held, the command's own share included (docs/build.md, "Memory").
    public var peakMemoryBytes: Int64?
    /// The kernel OpenBLAS chose for this CPU (`BLAS.coreName`) and the CPU's widest vectors
    /// (`AVX-512`, `AVX2`, `no AVX2`), set by the command: they explain a slow machine. Features
    /// do not use BLAS, so neither changes a shard.
    public var blasCore: String?
    public var cpuVectors: String?

    public init(output: String, dryRun: Bool, jobs: Int) {
        self.output = output
        self.dryRun = dryRun
        self.jobs = jobs
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", output, dryRun = "dry_run", jobs, inputsUnchanged = "inputs_unchanged",
            indexChecked = "index_checked", units, rebuilt, reused
        case rebuiltUnits = "rebuilt_units", rebuiltUnitsOmitted = "rebuilt_units_omitted"
        case removedShards = "removed_shards", removedFiles = "removed_files", decodedSources = "decoded_sources"
        case sources, clips, shards, ignoredFiles = "ignored_files", rejects, rejectsByCode = "rejects_by_code",
            warnings,
            seconds, peakMemoryBytes = "peak_memory_bytes", blasCore = "blas_core", cpuVectors = "cpu_vectors"
    }

    /// Counts a redone unit in `units` and lists it, or, once its stage has
    /// `listedUnitsPerStage` listed, counts it as omitted.
    mutating func redo(_ unit: RebuiltUnit) {
        count(unit.stage, rebuilt: true)
        if units[unit.stage]!.rebuilt <= Self.listedUnitsPerStage {
            rebuiltUnits.append(unit)
        } else {
            if rebuiltUnitsOmitted == nil { rebuiltUnitsOmitted = [:] }
            rebuiltUnitsOmitted![unit.stage, default: 0] += 1
        }
    }

    mutating func count(_ stage: String, rebuilt: Bool) {
        if rebuilt {
            units[stage, default: UnitCounts()].rebuilt += 1
            self.rebuilt += 1
        } else {
            units[stage, default: UnitCounts()].reused += 1
            reused += 1
        }
    }
}
