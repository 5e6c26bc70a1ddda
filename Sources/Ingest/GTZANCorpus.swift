import Foundation
import MelshardCore
import Recipe

/// `kind = "gtzan"`: genre folders of `<genre>.<5 digits>.au|wav`, as the Marsyas archive
/// (`genres/`) or Kaggle's copy (`Data/genres_original/`) unpack; docs/corpora/gtzan.md.
enum GTZANCorpus {
    /// Where genre folders are looked for; the first that has one wins. Kaggle's folder is
    /// tried both from inside `Data/` and from its parent, since users point at either.
    static let searchOrder = ["genres", "genres_original", "Data/genres_original", ""]

    static func scan(_ options: GTZANOptions, root: CorpusRoot) throws(CorpusError) -> CorpusScan {
        var walkRejects: [Reject] = []
        let files = root.files(rejects: &walkRejects)
        guard let (base, genres) = locateGenreFolders(files) else {
            throw CorpusError(
                corpus: root.corpus, path: root.path,
                reason:
                    "holds no GTZAN genre folder (<genre>/<genre>.<5 digits>.au or .wav) in genres/, genres_original/, Data/genres_original/ or itself",
                hint:
                    "point root (or --corpus \(root.corpus)=PATH) at the folder holding genres/ or genres_original/, or at that folder"
            )
        }
        var lists: GTZANSplitLists?
        if let folder = options.splitLists { lists = try GTZANSplitLists(folder: folder, root: root) }
        var scan = CorpusScan(rejects: walkRejects + (lists?.rejects ?? []))
        let clips = findClips(
            files, base: base, genres: genres, skipping: lists?.readFiles ?? [], root: root, scan: &scan)

        guard let lists else {
            // Not redundant with the reader's final sort: that orders candidates, while a clip
            // failing the path checks becomes a reject here, in dictionary order, which changes
            // from run to run.
            for (stem, clip) in clips.sorted(by: { $0.key < $1.key }) {
                scan.add(root.candidate(clip.path, labels: [clip.genre], group: stem))
            }
            return scan
        }
        for entry in lists.entries {
            guard let clip = clips[entry.clip.stem] else {
                scan.rejects.append(
                    Reject(
                        corpus: root.corpus, path: entry.origin.manifest, line: entry.origin.line, stage: .ingest,
                        code: "missing-file",
                        reason:
                            "\(entry.text): no such clip on disk (neither \(base.isEmpty ? "" : base + "/")\(entry.clip.genre)/\(entry.clip.stem).au nor .wav)"
                    ))
                continue
            }
            scan.add(
                root.candidate(
                    clip.path, origin: entry.origin, labels: [clip.genre], group: entry.clip.stem,
                    officialSplit: entry.split))
        }
        // The filter's exclusions are the lists working as designed, not bad input (a reject would
        // make every --strict build with lists fail), so they are counted with the ignored files.
        scan.ignoredFiles += clips.keys.filter { !lists.listed.contains($0) }.count
        return scan
    }

    /// The first folder in `searchOrder` with a genre folder, and its genre folders: those
    /// holding at least one file named for them. Kaggle's `images_original/` and the like fail
    /// that test, so nothing else under the root is taken for a genre.
    static func locateGenreFolders(_ files: [String]) -> (base: String, genres: Set<String>)? {
        for base in searchOrder {
            var genres: Set<String> = []
            for path in files {
                guard let inside = components(path, under: base), inside.count == 2,
                    let clip = GTZANClipName(inside[1]), clip.genre == inside[0]
                else { continue }
                genres.insert(inside[0])
            }
            if !genres.isEmpty { return (base, genres) }
        }
        return nil
    }

    /// One file per stem from the genre folders; every other file is rejected (an audio file
    /// that is not a clip) or counted as ignored.
    private static func findClips(
        _ files: [String], base: String, genres: Set<String>, skipping: Set<PathKey>, root: CorpusRoot,
        scan: inout CorpusScan
    ) -> [String: (path: String, genre: String)] {
        var copies: [String: [(path: String, clip: GTZANClipName)]] = [:]
        for path in files where !skipping.contains(PathKey(path)) {
            guard let inside = components(path, under: base), inside.count >= 2, genres.contains(inside[0]) else {
                scan.ignoredFiles += 1
                continue
            }
            let name = inside[inside.count - 1]
            let clip = GTZANClipName(name)
            if inside.count == 2, let clip, clip.genre == inside[0] {
                copies[clip.stem, default: []].append((path, clip))
                continue
            }
            guard ["au", "wav"].contains((name as NSString).pathExtension.lowercased()) else {
                scan.ignoredFiles += 1
                continue
            }
            let (code, reason) =
                if inside.count > 2 {
                    (
                        "nested-clip",
                        "is in a sub-folder of the genre folder '\(inside[0])'; GTZAN clips sit directly in <genre>/"
                    )
                } else if let clip {
                    (
                        "bad-clip-name",
                        "is named for the genre '\(clip.genre)' but sits in the genre folder '\(inside[0])', so its label is ambiguous"
                    )
                } else {
                    (
                        "bad-clip-name",
                        "is not named <genre>.<5 digits>.au or .wav (e.g. \(inside[0]).00029.au), so it is not a GTZAN clip"
                    )
                }
            scan.rejects.append(Reject(corpus: root.corpus, path: path, stage: .ingest, code: code, reason: reason))
        }
        var clips: [String: (path: String, genre: String)] = [:]
        for stem in copies.keys.sorted() {
            // `.au` wins: it is the Marsyas original; a `.wav` beside it is somebody's conversion.
            let ordered = copies[stem]!.sorted {
                ($0.clip.format == .au ? 0 : 1, $0.path) < ($1.clip.format == .au ? 0 : 1, $1.path)
            }
            clips[stem] = (ordered[0].path, ordered[0].clip.genre)
            for other in ordered.dropFirst() {
                scan.rejects.append(
                    Reject(
                        corpus: root.corpus, path: other.path, stage: .ingest, code: "duplicate-clip",
                        reason:
                            "\(stem) is also \(ordered[0].path), which is used (an .au copy wins over a .wav, then path order); this copy is not"
                    ))
            }
        }
        return clips
    }

    /// `path`'s components below `base`, or nil when it is not below it.
    private static func components(_ path: String, under base: String) -> [String]? {
        let prefix = base.isEmpty ? "" : base + "/"
        guard PathKey(path).hasPrefix(prefix) else { return nil }
        return path.dropFirst(prefix.count).split(separator: "/").map(String.init)
    }
}
