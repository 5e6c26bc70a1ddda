import AudioDSP
import Balance
import Foundation
import Index
import Ingest
import MelshardCore
import Recipe
import Safetensors

/// Runs a recipe's stages in order, each as units of work with content keys, and redoes only
/// the units whose key changed or whose output is missing or damaged. docs/build.md tells the
/// whole story; the steps below follow it.
public struct BuildEngine {
    public let recipe: Recipe
    public let options: BuildOptions
    public var progress: ProgressHandler?

    public init(recipe: Recipe, options: BuildOptions, progress: ProgressHandler? = nil) {
        self.recipe = recipe
        self.options = options
        self.progress = progress
    }

    var shardsDirectory: String { options.outputDirectory + "/shards" }

    /// The index this run writes: the output's, or a part's own.
    var indexFile: String {
        if case .part(let part) = options.role { return options.outputDirectory + "/" + part.indexPath }
        return options.outputDirectory + "/" + Index.fileName
    }

    public func run() throws -> BuildReport {
        let started = Date()
        var report = BuildReport(output: options.outputDirectory, dryRun: options.dryRun, jobs: options.jobs)
        var index: Index?
        let locks: [DirectoryLock]
        (index, locks) = try openOutput(report: &report)
        defer { withExtendedLifetime(locks) {} }
        report = try run(index: index, report: report, started: started)
        // Closing the connection moves SQLite's log into the file; the stamp then records the
        // file as this finished build left it, so the next build need not check it again.
        index = nil
        if !options.dryRun && options.role == .whole {
            try IndexStamp.record(directory: options.outputDirectory, indexFile: indexFile)
        }
        return report
    }

    /// The stages, on the opened output (its index, when there is one).
    private func run(index: Index?, report: BuildReport, started: Date) throws -> BuildReport {
        var report = report
        let recipeJSON = try CanonicalJSON.string(recipe)
        let recipeHash = SHA256Digest.hex(of: Array(recipeJSON.utf8))
        let buildID =
            try options.dryRun
            ? nil
            : index?.beginBuild(
                startedAt: Self.timestamp(started), toolVersion: MelshardVersion.current,
                recipeSHA256: recipeHash, jobs: options.jobs)

        // Scan: the files the corpora name. When they, the recipe and the binary are those of the
        // last finished build and its outputs are as it left them, every unit would be reused.
        var scan = try scanCorpora()
        report.ignoredFiles = scan.ignoredFiles
        // No key without an index: a first dry run has nothing to compare it with or store it in.
        let inputsKey =
            options.role == .whole && index != nil ? BuildInputs.key(recipeJSON: recipeJSON, scan: scan) : nil
        if let unchanged = try unchangedSince(index: index, build: buildID, inputsKey: inputsKey) {
            report.reuseAll(unchanged.summary)
            if let buildID, let index, let inputsKey {
                try index.finishBuild(
                    buildID, finishedAt: Self.timestamp(Date()), rebuilt: 0, reused: report.reused,
                    inputs: BuildInputsRow(sha256: inputsKey, summary: unchanged.json))
            }
            report.seconds = Date().timeIntervalSince(started)
            report.peakMemoryBytes = PeakMemory.bytes()
            return report
        }

        try setAttributesAside(&scan)

        // Ingest: probe the files whose size or mtime changed.
        let ingest = try ingestSources(consume scan, index: index, report: &report)
        FreedMemory.release()
        var rejects = ingest.rejects

        // Align: word clips inside sentence recordings, for the recipe's [align] corpora.
        var aligned = try alignWords(ingest: ingest, index: index, report: &report)
        rejects += aligned.rejects
        aligned.rejects = []
        FreedMemory.release()

        // Activity: where each stem of a mixture corpus plays, per segment.
        let activity = try measureStemActivity(ingest: ingest, index: index, report: &report)
        rejects += activity.rejects

        // Balance: the clip plan and the shard plan, pure functions of the sources and recipe.
        let planned = planSources(ingest: ingest, aligned: aligned, activity: activity)
        aligned.clips = [:]  // Each source holds its word clips now: the map by id goes.
        var plan = try ClipPlanner(recipe: recipe, scratchDirectory: scratchDirectory).plan(planned)
        rejects += plan.rejects
        FreedMemory.release()
        let layout = ShardPlanner(clipsPerShard: recipe.shards.clipsPerShard, seed: recipe.seed).layout(plan)
        // Kept warnings (duplicate audio, a bad tempo annotation) used their input, so they are no failure.
        let failures = rejects.filter { !$0.kept }
        if options.strict && !failures.isEmpty { throw BuildError.strict(failures) }
        if plan.clips.isEmpty {
            let empty = EmptyDataset(
                sourcesAccepted: ingest.accepted.count, rejected: failures.count, ignoredFiles: report.ignoredFiles,
                classes: plan.labels.count)
            if options.strict { throw BuildError.empty(empty) }
            report.warnings.append(empty.description)
        }
        try recordPlan(
            plan, shards: layout.shards, ingest: ingest, rejects: rejects, aligned: aligned,
            recipeJSON: recipeJSON, index: index, report: &report)
        // From here on the shards read their clips from one scratch file in shard order, and the
        // plan's own (in id order) goes (docs/build.md, "Memory").
        let shards = try layout.take(&plan.clips)
        // A part records the whole plan but writes only its own shards (BuildPart).
        var written = shards
        if case .part(let part) = options.role { written = shards.filter { part.owns($0.name) } }

        // Features: write the shards whose key changed or whose file is missing or damaged.
        let tasks = shardTasks(plan: plan, ingest: ingest)
        let shardResult = try writeShards(
            written, plan: plan, ingest: ingest, tasks: tasks, index: index, report: &report)
        rejects += shardResult.rejects
        report.sources = plan.sources.count
        report.shards = written.count
        report.clips = shardResult.clipCount
        report.rejects = rejects.count
        report.rejectsByCode = Dictionary(grouping: rejects, by: \.code).mapValues(\.count)

        if !options.dryRun, let index, case .part = options.role {
            if let buildID {
                try index.finishBuild(
                    buildID, finishedAt: Self.timestamp(Date()), rebuilt: report.rebuilt, reused: report.reused)
            }
        } else if !options.dryRun, let index {
            // The statistics and the card describe the shards now on disk; the build row closes last.
            try index.transaction {
                let sorted = shardResult.rejects.sorted { ($0.corpus ?? "", $0.path) < ($1.corpus ?? "", $1.path) }
                try index.replaceRejects(stage: Reject.Stage.features.rawValue, with: sorted.map(RejectRow.init))
                try index.replaceNormalisation(Normalisation.rows(index: index, shards: shards))
            }
            let card = try DatasetCard.make(
                recipe: recipe, recipeJSON: recipeJSON, recipeSHA256: recipeHash, plan: plan,
                index: index, shards: shards, rejects: rejects, tasks: tasks)
            try writeCard(card)
            if let buildID {
                // What this build read and reported, so the next one with the same inputs can stop
                // after its scan; a merge records none (its inputs are the parts' indexes too).
                let inputs = try inputsKey.map {
                    BuildInputsRow(
                        sha256: $0,
                        summary: try FinishedBuildSummary(
                            report: report, failures: rejects.count { !$0.kept },
                            cardSHA256: SHA256Digest.hex(of: card)
                        ).json())
                }
                try index.finishBuild(
                    buildID, finishedAt: Self.timestamp(Date()), rebuilt: report.rebuilt, reused: report.reused,
                    inputs: inputs)
            }
        }
        report.seconds = Date().timeIntervalSince(started)
        report.peakMemoryBytes = PeakMemory.bytes()
        if options.strict && !shardResult.rejects.isEmpty { throw BuildError.strict(shardResult.rejects) }
        return report
    }

    /// The output's index and its lock: on a dry run, the existing index read-only (or none) and
    /// no lock; otherwise the folders made, the lock held, the index opened and migrated, and the
    /// temporary files of a killed build removed. Either way a folder that holds files but is no
    /// melshard output is refused, and so is an index that fails SQLite's integrity check.
    /// A part takes the output's lock shared (parts run side by side; the merge and a whole build
    /// take it exclusively) and its own lock exclusively (one run of a part at a time), and
    /// removes only the temporary files of the shards it owns: the others are other parts' work
    /// in progress. The merge, once it holds the lock, seeds its index from the parts' (below).
    private func openOutput(report: inout BuildReport) throws -> (Index?, [DirectoryLock]) {
        let fm = FileManager.default
        let folder = OutputFolder(path: options.outputDirectory)
        try folder.checkIsOutput()
        var leftovers = folder.leftoverTemporaryFiles()
        if case .part(let part) = options.role {
            leftovers = leftovers.filter { OutputFolder.temporaryShardName($0).map(part.owns) ?? false }
        }
        if options.dryRun {
            let exists = fm.fileExists(atPath: indexFile)
            var index: Index?
            do { index = exists ? try checkedIndex(readOnly: true, report: &report) : nil } catch let error
                as IndexError
            {
                // A build that stopped before its first transaction left nothing to reuse.
                guard case .unfinished = error.reason else { throw error }
            }
            report.removedFiles = leftovers
            return (index, [])
        }
        // The lock file first: it marks the folder as a melshard output before anything else is made.
        try fm.createDirectory(atPath: options.outputDirectory, withIntermediateDirectories: true)
        var locks: [DirectoryLock] = []
        if case .part(let part) = options.role {
            locks.append(try DirectoryLock(directory: options.outputDirectory, shared: true))
            let partsFolder = options.outputDirectory + "/" + BuildPart.folder
            try fm.createDirectory(atPath: partsFolder, withIntermediateDirectories: true)
            locks.append(try DirectoryLock(directory: partsFolder, fileName: part.lockFileName))
        } else {
            locks.append(try DirectoryLock(directory: options.outputDirectory))
        }
        try fm.createDirectory(atPath: shardsDirectory, withIntermediateDirectories: true)
        let index = try checkedIndex(readOnly: false, report: &report)
        if case .merge(let parts) = options.role {
            try PartsMerge(directory: options.outputDirectory, parts: parts).seedUnits(
                of: [Self.probeStage, Self.activityStage, Self.alignStage], into: index)
        }
        report.removedFiles = folder.remove(leftovers)
        return (index, locks)
    }

    /// The output's index, refused when SQLite's integrity check fails: a unit reused on the
    /// word of a damaged record could be wrong, and the message says how to recover. A whole
    /// output's index that the last finished build left untouched is not checked again (`IndexStamp`).
    private func checkedIndex(readOnly: Bool, report: inout BuildReport) throws -> Index {
        let untouched =
            options.role == .whole
            && IndexStamp.matches(directory: options.outputDirectory, indexFile: indexFile)
        report.indexChecked = !untouched && FileManager.default.fileExists(atPath: indexFile)
        do {
            return try IndexDamage.checked(file: indexFile, readOnly: readOnly, check: !untouched)
        } catch let damage as IndexDamage {
            throw BuildError.damagedIndex(damage)
        }
    }

    /// What the planner sees of each accepted source. A sentence of an aligned corpus gives word
    /// clips or, with its reject recorded, nothing; likewise a stem whose activity could not be measured.
    private func planSources(ingest: IngestResult, aligned: AlignResult, activity: ActivityResult) -> [PlanSource] {
        let loader = AudioLoader(recipe.features.parameters)
        let mixtureCorpora = Set(recipe.corpora.filter { $0.mixtures != nil }.map(\.name))
        return ingest.accepted.compactMap { candidate, probed -> PlanSource? in
            let id = candidate.id
            if aligned.corpora.contains(candidate.corpus) && aligned.clips[id] == nil { return nil }
            if mixtureCorpora.contains(candidate.corpus) && activity.stems[id] == nil { return nil }
            let words = aligned.clips[id]
            var source = PlanSource(
                id: id, corpus: candidate.corpus, path: candidate.path,
                labels: words.map { Array(Set($0.map(\.word))).sorted() } ?? candidate.labels,
                group: candidate.group, officialSplit: candidate.officialSplit,
                samplesAtFeatureRate: loader.resampledLength(
                    frames: Int(probed.frames),
                    sampleRate: probed.sampleRate),
                contentHash: probed.contentHash)
            source.wordClips = words
            source.mixtureStem = activity.stems[id]
            return source
        }
    }

    var cardPath: String { options.outputDirectory + "/dataset.json" }

    /// Writes `dataset.json` only when its bytes change, so an unchanged build leaves it untouched.
    private func writeCard(_ card: [UInt8]) throws {
        if (try? Data(contentsOf: URL(fileURLWithPath: cardPath))) != Data(card) {
            try DurableFile.write(card, to: cardPath)
        }
    }

    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}

extension RejectRow {
    init(_ reject: Reject) {
        self.init(
            corpus: reject.corpus, path: reject.path, line: reject.line, stage: reject.stage.rawValue,
            code: reject.code, reason: reject.reason,
            kept: reject.kept)
    }
}
