import Foundation
import MelshardCore
import Recipe

/// MUSDB18's `.stem.mp4` streams as WAV files under the build's work directory, decoded once.
///
/// `<directory>/<subset>/<track>/<stem>.wav` sits next to `<stem>.stamp`, which records the
/// mp4's size and modification time and the stream taken; a later build reuses the WAV while
/// the stamp still matches, as make reuses a target newer than its source. The WAV is written
/// under a temporary name and renamed, and the stamp written after it, so a build killed at any
/// instant leaves either a usable pair or one the next build redoes.
struct MUSDBStemDecoder: Sendable {
    /// One `.stem.mp4` file, checked to be inside the corpus root.
    struct Track: Sendable {
        var subset: String
        var name: String
        var file: CorpusRoot.LocatedFile
    }

    /// `OUT/decoded/<corpus>`: the corpus name keeps two MUSDB corpora of one recipe (say, the
    /// 7-s previews and the full set) from overwriting each other's stems.
    let directory: String

    /// Bumped when the decoding below changes, so old WAVs are redone.
    static let version = "1"

    func wav(_ track: Track, _ stem: MUSDBOptions.Stem) -> String { folder(track) + "/\(stem.rawValue).wav" }

    /// The decoded WAV when it is there and its stamp matches the mp4 as it is now.
    func current(_ track: Track, _ stem: MUSDBOptions.Stem) -> (size: Int64, mtimeNanoseconds: Int64)? {
        guard let wav = DurableFile.status(wav(track, stem)), wav.size > 0,
            let recorded = FileManager.default.contents(atPath: stampPath(track, stem)),
            String(decoding: recorded, as: UTF8.self) == stamp(track, stem)
        else { return nil }
        return wav
    }

    /// Decodes the given stems of one track with a single ffmpeg run (the mp4 is read once).
    /// Returns nil on success, or the reject's code and reason.
    func decode(_ track: Track, stems: [MUSDBOptions.Stem], with ffmpeg: MUSDBFFmpeg) -> (code: String, reason: String)?
    {
        let folder = folder(track)
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            return ("decode-failed", "cannot create \(folder): \(error.localizedDescription)")
        }
        // A killed build's half-written WAV is never read; clear it before starting again.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix(DurableFile.temporaryPrefix) {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
        var arguments = ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", track.file.absolute]
        var temporaries: [(MUSDBOptions.Stem, String)] = []
        for stem in stems {
            unlink(stampPath(track, stem))
            let temporary = folder + "/" + DurableFile.temporaryPrefix + "\(stem.rawValue).wav-\(getpid())"
            temporaries.append((stem, temporary))
            // `0:a:N` counts audio streams only, so a cover-art stream cannot shift the stems.
            // 16-bit PCM as musdb's decode.sh and musdbconvert write; bitexact keeps ffmpeg's
            // version string out of the header, so the bytes (and the content hash) do not
            // change with the ffmpeg release.
            arguments += [
                "-map", "0:a:\(stem.streamIndex)", "-map_metadata", "-1", "-c:a", "pcm_s16le",
                "-fflags", "+bitexact", "-flags:a", "+bitexact", "-f", "wav", temporary,
            ]
        }
        if case .failure(let failure) = ffmpeg.run(arguments) {
            for (_, temporary) in temporaries { unlink(temporary) }
            return ("ffmpeg-failed", failure.message)
        }
        for (stem, temporary) in temporaries {
            guard rename(temporary, wav(track, stem)) == 0 else {
                let reason = String(cString: strerror(errno))
                for (_, left) in temporaries { unlink(left) }
                return ("decode-failed", "cannot rename the decoded \(stem.rawValue) stream into place: \(reason)")
            }
            do { try DurableFile.write(Array(stamp(track, stem).utf8), to: stampPath(track, stem)) } catch {
                return ("decode-failed", "cannot write \(stampPath(track, stem)): \(error)")
            }
        }
        return nil
    }

    private func folder(_ track: Track) -> String { directory + "/\(track.subset)/\(track.name)" }

    private func stampPath(_ track: Track, _ stem: MUSDBOptions.Stem) -> String {
        folder(track) + "/\(stem.rawValue).stamp"
    }

    private func stamp(_ track: Track, _ stem: MUSDBOptions.Stem) -> String {
        "melshard musdb stem \(Self.version)\nsource \(track.file.relative)\nsize \(track.file.size)\n"
            + "mtime_ns \(track.file.mtimeNanoseconds)\nstream a:\(stem.streamIndex)\ncodec pcm_s16le\n"
    }
}

extension MUSDBOptions.Stem {
    /// The audio stream holding the stem in a `.stem.mp4` (musdb's mus.yaml `stem_ids`).
    var streamIndex: Int {
        switch self {
        case .mixture: 0
        case .drums: 1
        case .bass: 2
        case .other: 3
        case .vocals: 4
        }
    }
}
