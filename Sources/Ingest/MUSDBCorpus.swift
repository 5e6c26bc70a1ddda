import Foundation
import MelshardCore
import Recipe

/// The `musdb` corpus: MUSDB18-HQ's `<subset>/<Artist - Title>/<stem>.wav` folders, and
/// MUSDB18's `<subset>/<Artist - Title>.stem.mp4` files, whose streams ffmpeg decodes into the
/// build's work directory. One source per track and selected stem, labelled with the stem and
/// grouped by track, so a track's stems never straddle splits.
enum MUSDBCorpus {
    static let stemSuffix = ".stem.mp4"

    static func scan(
        _ options: MUSDBOptions, root: CorpusRoot, context: IngestContext
    ) throws(CorpusError) -> CorpusScan {
        var scan = CorpusScan()
        var compressed: [MUSDBStemDecoder.Track] = []
        for subset in options.subsets {
            let folder = root.path + "/" + subset
            guard CorpusRoot.isFolder(folder) else {
                throw CorpusError(
                    corpus: root.corpus, path: folder, reason: "is not a folder",
                    hint: "MUSDB18(-HQ) unpacks to train/ and test/: point `root` at the folder holding them, "
                        + "or list only the subsets you have in `subsets`")
            }
            var entries: [String] = []
            let names: [[UInt8]]
            switch FolderWalk.names(in: Array(folder.utf8)) {
            case .success(let listed): names = listed
            case .failure(let failure):
                throw CorpusError(
                    corpus: root.corpus, path: folder, reason: "cannot be opened (\(failure.reason))",
                    hint: "let melshard read the subset's folder, or leave it out of `subsets`")
            }
            for name in names {
                guard let text = String(validating: name, as: UTF8.self) else {
                    scan.rejects.append(
                        Reject(
                            corpus: root.corpus, path: subset + "/" + FolderWalk.escaped(name), stage: .ingest,
                            code: "non-utf8-path",
                            reason: "the name is not UTF-8 (each bad byte is shown as \\xNN), so the track cannot be "
                                + "named in the index; rename it in UTF-8 to use it"))
                    continue
                }
                entries.append(text)
            }
            entries.sort { PathKey($0) < PathKey($1) }
            let trackFolders = Set(entries.filter { CorpusRoot.isFolder(folder + "/" + $0) }.map(PathKey.init))
            for track in entries where trackFolders.contains(PathKey(track)) {
                scanTrackFolder(subset: subset, track: track, options: options, root: root, into: &scan)
            }
            for entry in entries where !trackFolders.contains(PathKey(entry)) {
                let relative = subset + "/" + entry
                guard entry.lowercased().hasSuffix(stemSuffix) else {
                    scan.ignoredFiles += 1
                    continue
                }
                let track = String(entry.dropLast(stemSuffix.count))
                if trackFolders.contains(PathKey(track)) {
                    // musdbconvert output copied next to the originals: reading both would count
                    // the track twice under two names.
                    scan.rejects.append(
                        Reject(
                            corpus: root.corpus, path: relative, stage: .ingest, code: "duplicate-track",
                            reason: "the track is also the folder \(subset)/\(track)/, whose WAV stems are used"))
                    continue
                }
                switch root.locate(relative) {
                case .failure(let reject): scan.rejects.append(reject)
                case .success(let file):
                    compressed.append(MUSDBStemDecoder.Track(subset: subset, name: track, file: file))
                }
            }
        }
        if !compressed.isEmpty {
            scanCompressed(compressed, options: options, root: root, context: context, into: &scan)
        }
        return scan
    }

    /// MUSDB18-HQ (or musdbconvert's output): one WAV per stem in the track's folder.
    private static func scanTrackFolder(
        subset: String, track: String, options: MUSDBOptions, root: CorpusRoot, into scan: inout CorpusScan
    ) {
        let folder = subset + "/" + track
        let wanted = Set(options.stems.map { PathKey("\(folder)/\($0.rawValue).wav") })
        let present = Set(root.files(under: folder, rejects: &scan.rejects).map(PathKey.init))
        scan.ignoredFiles += present.subtracting(wanted).count
        for stem in options.stems {
            let relative = "\(folder)/\(stem.rawValue).wav"
            guard present.contains(PathKey(relative)) else {
                scan.rejects.append(
                    Reject(
                        corpus: root.corpus, path: relative, stage: .ingest, code: "missing-stem",
                        reason: "track '\(track)' has no \(stem.rawValue) stem (\(stem.rawValue).wav); "
                            + "every MUSDB18-HQ track folder holds mixture, drums, bass, other and vocals .wav"))
                continue
            }
            scan.add(
                root.candidate(
                    relative, labels: [stem.rawValue], group: track,
                    officialSplit: MUSDBSplit.official(subset: subset, track: track),
                    attributes: attributes(subset: subset, track: track, stem: stem)))
        }
    }

    /// MUSDB18: each selected stream decoded once into `OUT/decoded/<corpus>/`, then read from there.
    private static func scanCompressed(
        _ tracks: [MUSDBStemDecoder.Track], options: MUSDBOptions, root: CorpusRoot,
        context: IngestContext, into scan: inout CorpusScan
    ) {
        let decoder = context.workDirectory.map { MUSDBStemDecoder(directory: $0 + "/" + root.corpus) }
        // A dry run (mayWrite false) writes nothing, but reads the stems an earlier build decoded.
        var pending: [(track: MUSDBStemDecoder.Track, stems: [MUSDBOptions.Stem])] = []
        // Each check reads a stamp file; a stem found current here needs no second look below.
        var current: [String: (size: Int64, mtimeNanoseconds: Int64)] = [:]
        for track in tracks {
            var stale: [MUSDBOptions.Stem] = []
            for stem in options.stems {
                if let wav = decoder?.current(track, stem) {
                    current[sourcePath(track, stem)] = wav
                } else {
                    stale.append(stem)
                }
            }
            if !stale.isEmpty { pending.append((track, stale)) }
        }

        var failed: [String: (code: String, reason: String)] = [:]
        func failAll(_ code: String, _ reason: String) {
            for (track, stems) in pending {
                for stem in stems { failed[sourcePath(track, stem)] = (code, reason) }
            }
        }
        if !pending.isEmpty {
            switch MUSDBFFmpeg.locate() {
            case .failure(let missing):
                failAll(
                    "needs-ffmpeg",
                    "MUSDB18's .stem.mp4 needs ffmpeg to decode, and \(missing). Install it (`apt install ffmpeg`, "
                        + "`brew install ffmpeg`) or convert the corpus to WAV folders with musdb's `musdbconvert` and point `root` there"
                )
            case .success(let ffmpeg):
                if context.mayWrite, let decoder {
                    // Each ffmpeg run decodes one track on one core; tracks run side by side.
                    let jobs = min(8, ProcessInfo.processInfo.activeProcessorCount)
                    WorkerPool.run(
                        pending, jobs: jobs, work: { decoder.decode($0.track, stems: $0.stems, with: ffmpeg) }
                    ) { i, failure in
                        guard let failure else { return }
                        for stem in pending[i].stems { failed[sourcePath(pending[i].track, stem)] = failure }
                    }
                } else {
                    failAll(
                        "not-decoded",
                        "a dry run writes nothing, so the stem is not decoded yet; "
                            + "a build without --dry-run decodes it with ffmpeg into OUT/decoded/")
                }
            }
        }

        for track in tracks {
            for stem in options.stems {
                let path = sourcePath(track, stem)
                if let failure = failed[path] {
                    scan.rejects.append(
                        Reject(
                            corpus: root.corpus, path: path, stage: .ingest, code: failure.code, reason: failure.reason)
                    )
                    continue
                }
                guard let decoder, let wav = current[path] ?? decoder.current(track, stem) else {
                    scan.rejects.append(
                        Reject(
                            corpus: root.corpus, path: path, stage: .ingest, code: "decode-failed",
                            reason: "ffmpeg reported success but left no decoded \(stem.rawValue) stream"))
                    continue
                }
                scan.candidates.append(
                    SourceCandidate(
                        corpus: root.corpus, path: path, absolutePath: decoder.wav(track, stem), size: wav.size,
                        mtimeNanoseconds: wav.mtimeNanoseconds, labels: [stem.rawValue], group: track.name,
                        officialSplit: MUSDBSplit.official(subset: track.subset, track: track.name),
                        attributes: attributes(subset: track.subset, track: track.name, stem: stem)))
            }
        }
    }

    /// A decoded stream's name in the index: the mp4, relative to the root, and `#stem`, so the
    /// index does not change when OUT or the corpus moves and names the file the audio came from.
    static func sourcePath(_ track: MUSDBStemDecoder.Track, _ stem: MUSDBOptions.Stem) -> String {
        track.file.relative + "#" + stem.rawValue
    }

    private static func attributes(subset: String, track: String, stem: MUSDBOptions.Stem) -> SourceAttributes {
        ["track": track, "stem": stem.rawValue, "subset": subset]
    }
}
