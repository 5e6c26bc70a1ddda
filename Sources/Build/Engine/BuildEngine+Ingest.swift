import AudioDSP
import Foundation
import Index
import Ingest
import MelshardCore
import Recipe

/// The sources of a build: those that probed cleanly, in corpus then path order, and the rest.
struct IngestResult {
    var accepted: [(candidate: SourceCandidate, probed: ProbedSource)]
    var rejects: [Reject]
}

/// A probe unit's cached outcome.
private enum ProbeOutcome: Codable {
    case source(ProbedSource)
    case reject(Reject)
}

extension BuildEngine {
    static let probeStage = "probe"
    /// Probe outcomes are committed this many at a time, so a killed build keeps most of its probing.
    static let probeBatch = 256

    /// Every corpus of the recipe read: the files found, in recipe order, with the scan's rejects.
    func scanCorpora() throws -> CorpusScan {
        var all = CorpusScan()
        let context = IngestContext(workDirectory: options.outputDirectory + "/decoded", mayWrite: !options.dryRun)
        for corpus in recipe.corpora {
            let scan: CorpusScan
            do { scan = try CorpusReader.scan(corpus, context: context) } catch { throw BuildError.corpus(error) }
            all.candidates += scan.candidates
            all.rejects += scan.rejects
            all.ignoredFiles += scan.ignoredFiles
        }
        return all
    }

    /// Moves every candidate's attributes into an unnamed scratch file, once the scan is hashed:
    /// only aligning a sentence and recording the plan read them again, and a million Common
    /// Voice rows held 481 MB of them through every stage (docs/build.md, "Memory"). The file sits
    /// in the output folder (its file system is sized for the build), or for a dry run, which
    /// writes nothing there, in the temporary directory; it is gone when the build ends.
    /// Where a build's scratch files go (the sources' attributes, the plan's clips): the output
    /// folder, whose file system has room for what the build writes; for a dry run, which
    /// writes nothing there, the temporary directory (`TMPDIR`).
    var scratchDirectory: String {
        options.dryRun ? FileManager.default.temporaryDirectory.path : options.outputDirectory
    }

    func setAttributesAside(_ scan: inout CorpusScan) throws {
        guard scan.candidates.contains(where: { !$0.attributes.isEmpty }) else { return }
        var writer = ScratchFile.Writer(try ScratchFile(directory: scratchDirectory))
        for i in scan.candidates.indices where !scan.candidates[i].attributes.isEmpty {
            scan.candidates[i].attributes = try scan.candidates[i].attributes.spilled(into: &writer)
        }
        try writer.flush()
    }

    /// Probes the scanned files whose size or mtime changed, and merges duplicate audio.
    func ingestSources(_ scan: consuming CorpusScan, index: Index?, report: inout BuildReport) throws -> IngestResult {
        let candidates = scan.candidates
        var rejects = scan.rejects
        scan = CorpusScan()
        let loader = AudioLoader(recipe.features.parameters)
        let units = try UnitRunner<ProbeOutcome>(stage: Self.probeStage, index: index, dryRun: options.dryRun)
        let outcomes = try units.run(
            candidates, name: Self.unitName, key: probeKey,
            why: ("new source", "size or modification time changed"), jobs: options.jobs,
            commitEvery: Self.probeBatch, progressEvery: Self.probeBatch, progress: progress,
            report: &report
        ) { candidate in
            switch ProbedSource.probe(candidate, loader: loader) {
            case .success(let probed): .source(probed)
            case .failure(let reject): .reject(reject)
            }
        }

        var accepted: [(SourceCandidate, ProbedSource)] = []
        for (candidate, outcome) in zip(candidates, outcomes) {
            switch outcome {
            case .source(let probed)?: accepted.append((candidate, probed.madeOnThisThread))
            case .reject(let reject)?: rejects.append(reject)
            case nil: break
            }
        }
        let duplicates = DuplicateAudio.merge(consume accepted)
        return IngestResult(accepted: duplicates.accepted, rejects: rejects + duplicates.notices)
    }

    static func unitName(_ candidate: SourceCandidate) -> String { "\(candidate.corpus)/\(candidate.path)" }

    /// Probing depends on the file's identity as the file system reports it, like make's
    /// timestamps; the content hash taken while probing is what later stages key on.
    /// The channel selection is in the key because probing rejects a file without the chosen channel.
    func probeKey(_ c: SourceCandidate) -> ContentKey {
        ContentKey.of([
            "stage": "probe", "version": "1", "corpus": c.corpus, "path": c.path,
            "size": String(c.size), "mtime_ns": String(c.mtimeNanoseconds),
            "channel": recipe.features.parameters.channel.description,
        ])
    }
}

extension ProbedSource {
    /// The same facts in strings allocated by the calling thread. A worker thread made the
    /// originals in its own malloc arena, which no other thread allocates from: the content
    /// hashes of a million sources kept that arena's pages resident long after probing, with
    /// the probe's freed scratch between them. With `FreedMemory.release()` after the stage, a
    /// study-size dry run holds 1,022 MiB after probing where it held 1,339 (docs/build.md, "Memory").
    var madeOnThisThread: ProbedSource {
        func copy(_ text: String) -> String {
            var text = text
            return text.withUTF8 { bytes in
                String(unsafeUninitializedCapacity: bytes.count) { buffer in
                    let (_, end) = buffer.initialize(from: bytes)
                    return end
                }
            }
        }
        return ProbedSource(
            sampleRate: sampleRate, channels: channels, frames: frames, format: copy(format),
            contentHash: copy(contentHash))
    }
}
