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
        for c in scan.candidates {
            key.add(
                "file",
                "\(c.id)\t\(c.corpus)\t\(c.path)\t\(c.absolutePath)\t\(c.size)\t\(c.mtimeNanoseconds)\t"
                    + "\(c.labels.joined(separator: "\n"))\t\(c.group)\t\(c.officialSplit ?? "")\t"
                    + "\(c.origin?.manifest ?? "")\t\(c.origin?.line ?? 0)")
            key.add("attributes", c.attributes.count)
            for (name, value) in c.attributes.sorted(by: { $0.key < $1.key }) { key.add(name, value) }
        }
        for r in scan.rejects {
            key.add(
                "reject",
                "\(r.corpus ?? "")\t\(r.path)\t\(r.line ?? 0)\t\(r.stage)\t\(r.code)\t\(r.reason)\t\(r.kept)")
        }
        key.add("ignored", scan.ignoredFiles)
        return key.finish().hex
    }
}
