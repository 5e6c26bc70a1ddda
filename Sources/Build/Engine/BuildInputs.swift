import Ingest
import MelshardCore

/// The key over everything a whole build reads: the running binary, the recipe, and what the
/// scan found (each file's name, size and modification time, what its manifest row says of it,
/// the scan's rejects and the files it ignored). Every stage after the scan keys its units on
/// these alone (probing on a file's size and time, the later stages on what probing and the
/// recipe gave), so a build whose key equals that of the last finished build would reuse every
/// unit, and may stop after the scan (docs/build.md, "No-op builds").
enum BuildInputs {
    /// The running binary's SHA-256: its code decides every stage, and a rebuilt melshard may
    /// plan differently under the same version string. Nil when it cannot be read, and then no
    /// build is taken for unchanged.
    static let executableSHA256: String? = try? SHA256Digest.hex(ofFile: "/proc/self/exe")

    static func key(recipeJSON: String, scan: CorpusScan) -> String? {
        guard let executableSHA256 else { return nil }
        var key = ContentKey.Builder()
        key.add("executable", executableSHA256)
        key.add("recipe", recipeJSON)
        // A file's fields are assembled in one reused buffer, one hash update each: a no-op
        // build of a million sources spends its time here and in the scan.
        var line = Line()
        for c in scan.candidates {
            line.start()
            line.field(String(c.id))
            line.field(c.corpus)
            line.field(c.path)
            line.field(c.absolutePath)
            line.field(String(c.size))
            line.field(String(c.mtimeNanoseconds))
            line.field(String(c.labels.count))
            for label in c.labels { line.field(label) }
            line.field(c.group)
            line.field(c.officialSplit ?? "\u{0}")
            line.field(c.origin?.manifest ?? "\u{0}")
            line.field(String(c.origin?.line ?? 0))
            // Last in the line, and self-delimiting: each name and value carries its length.
            line.bytes.append(contentsOf: c.attributes.bytes)
            key.add("file", utf8: line.bytes)
        }
        for r in scan.rejects {
            key.add(
                "reject",
                "\(r.corpus ?? "")\t\(r.path)\t\(r.line ?? 0)\t\(r.stage)\t\(r.code)\t\(r.reason)\t\(r.kept)")
        }
        key.add("ignored", scan.ignoredFiles)
        return key.finish().hex
    }

    /// One file's fields, each length-prefixed so no two lists of fields give the same bytes.
    private struct Line {
        var bytes: [UInt8] = []

        mutating func start() { bytes.removeAll(keepingCapacity: true) }

        mutating func field(_ text: String) {
            var count = UInt32(text.utf8.count).littleEndian
            withUnsafeBytes(of: &count) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: text.utf8)
        }
    }
}
