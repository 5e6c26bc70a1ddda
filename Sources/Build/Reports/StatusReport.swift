import Foundation
import Index
import MelshardCore
import Recipe

/// What `melshard status` shows. Field names are stable (docs/build.md).
public struct StatusReport: Sendable, Codable {
    public struct Stale: Sendable, Codable {
        /// False when the recipe could not be loaded to compare against.
        public var checked: Bool
        public var error: String?
        public var units: [BuildReport.RebuiltUnit]
        /// Per stage, the stale units beyond those `units` lists (`BuildReport.rebuiltUnitsOmitted`).
        public var unitsOmitted: [String: Int]?
        public var removedShards: [String]
        enum CodingKeys: String, CodingKey {
            case checked, error, units, unitsOmitted = "units_omitted", removedShards = "removed_shards"
        }
    }

    public var formatVersion = 1
    public var output: String
    public var recipe: String?
    public var labels: [String] = []
    /// Clips written to shards, per split, then per label.
    public var clips: [String: [String: Int]] = [:]
    public var clipsPerSplit: [String: Int] = [:]
    public var sources = 0
    public var shards: [String: Int] = [:]
    public var rejects: [String: Int] = [:]
    public var rejectsTotal = 0
    /// Per class, before balancing (sources carrying it) and after (planned clips, the sources
    /// giving them, and clips per source): label → counts.
    public var balance: [String: ClassCounts] = [:]
    public var stale: Stale
    /// The parts of a build split across machines, when it was (docs/cluster.md); empty otherwise.
    public var parts: [PartProgress] = []
    /// False while the output has no `index.sqlite`: parts built, not yet merged. The other
    /// fields are then empty.
    public var merged = true

    public struct ClassCounts: Sendable, Codable, Equatable {
        public var sourcesFound: Int
        public var sourcesUsed: Int
        public var clips: Int
        public var meanClipsPerSource: Double
        public var maxClipsPerSource: Int

        public init(sourcesFound: Int, sourcesUsed: Int, clips: Int, meanClipsPerSource: Double, maxClipsPerSource: Int)
        {
            (self.sourcesFound, self.sourcesUsed, self.clips) = (sourcesFound, sourcesUsed, clips)
            (self.meanClipsPerSource, self.maxClipsPerSource) = (meanClipsPerSource, maxClipsPerSource)
        }

        enum CodingKeys: String, CodingKey {
            case sourcesFound = "sources_found", sourcesUsed = "sources_used", clips, meanClipsPerSource =
                "clips_per_source_mean"
            case maxClipsPerSource = "clips_per_source_max"
        }
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", output, recipe, labels, clips, clipsPerSplit = "clips_per_split",
            sources, shards
        case rejects = "rejects_by_code", rejectsTotal = "rejects", balance, stale, parts, merged
    }

    public static func read(directory: String) throws -> StatusReport {
        let parts = PartProgress.read(directory: directory)
        if !parts.isEmpty && !FileManager.default.fileExists(atPath: directory + "/" + Index.fileName) {
            var report = StatusReport(
                output: directory,
                stale: Stale(
                    checked: false,
                    error: "no \(Index.fileName) yet: melshard merge \(directory) makes it from the parts",
                    units: [], removedShards: []))
            (report.parts, report.merged) = (parts, false)
            return report
        }
        var report = try IndexDamage.detecting(in: directory) { try readIndex(directory: directory) }
        report.parts = parts
        return report
    }

    private static func readIndex(directory: String) throws -> StatusReport {
        let index = try Index(directory: directory, readOnly: true)
        let recipePath = try index.meta("recipe_path")
        var report = StatusReport(
            output: directory, recipe: recipePath,
            stale: Stale(checked: false, error: nil, units: [], removedShards: []))
        let written = try WrittenClips.read(index)
        (report.labels, report.clips) = (written.labels, written.perSplit)
        report.clipsPerSplit = try index.writtenClipCountsBySplit()
        report.sources = try index.sourceCount()
        report.shards = try index.shardCountsBySplit()
        report.rejects = try index.rejectCountsByCode()
        report.rejectsTotal = report.rejects.values.reduce(0, +)
        for row in try PlanReport.read(directory: directory).classes {
            report.balance[row.label] = ClassCounts(
                sourcesFound: row.sourcesFound, sourcesUsed: row.total.sources, clips: row.total.clips,
                meanClipsPerSource: row.total.meanClipsPerSource, maxClipsPerSource: row.total.maxClipsPerSource)
        }

        // Stale: what a build of the recorded recipe would redo now, found by a dry run.
        do {
            guard let recipePath else { throw CleanError("the index records no recipe") }
            let recipe = try RecipeLoader.load(path: recipePath, corpusRoots: try index.corpusRoots())
            let dry = try BuildEngine(
                recipe: recipe, options: BuildOptions(outputDirectory: directory, dryRun: true, recipePath: recipePath)
            ).run()
            report.stale = Stale(
                checked: true, error: nil, units: dry.rebuiltUnits, unitsOmitted: dry.rebuiltUnitsOmitted,
                removedShards: dry.removedShards)
        } catch {
            report.stale = Stale(checked: false, error: "\(error)", units: [], removedShards: [])
        }
        return report
    }
}

struct CleanError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
