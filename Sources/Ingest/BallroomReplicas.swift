/// Ballroom's known duplicates (Sturm 2014, as listed in the CPJKU/BallroomAnnotations README):
/// 4 exact and 9 recording replicas, by file name without `.wav`.
///
/// Content hashing only catches byte-identical copies; recording replicas are the same music
/// under different bytes, so the pairs are grouped by name. One exact pair crosses classes
/// (ChaChaCha `Albums-Fire-08`, Samba `Albums-Fire-09`).
enum BallroomReplicas {
    static let exact: [(String, String)] = [
        ("Albums-AnaBelen_Veneo-11", "Albums-Chrisanne2-12"),  // Quickstep
        ("Albums-Fire-08", "Albums-Fire-09"),  // ChaChaCha / Samba
        ("Albums-Latin_Jam2-05", "Albums-Latin_Jam2-13"),  // ChaChaCha
        ("Albums-Secret_Garden-01", "Media-104705"),  // Waltz
    ]

    static let recordings: [(String, String)] = [
        ("Albums-AnaBelen_Veneo-03", "Albums-AnaBelen_Veneo-15"),  // Rumba-International
        ("Albums-Ballroom_Magic-03", "Albums-Ballroom_Magic-18"),  // Waltz
        ("Albums-Latin_Jam-04", "Albums-Latin_Jam-13"),  // ChaChaCha
        ("Albums-Latin_Jam-08", "Albums-Latin_Jam-14"),  // Rumba-International
        ("Albums-Latin_Jam-06", "Albums-Latin_Jam-15"),  // Samba
        ("Albums-Latin_Jam2-02", "Albums-Latin_Jam2-14"),  // Samba
        ("Albums-Latin_Jam2-07", "Albums-Latin_Jam2-15"),  // Rumba-International
        ("Albums-Latin_Jam3-02", "Media-103414"),  // ChaChaCha
        ("Media-103402", "Media-103415"),  // ChaChaCha
    ]

    /// Each paired name to the pair's group, the lexicographically smaller name. No name is in
    /// two pairs, so there are no chains to follow.
    static let groups: [String: String] = {
        var out: [String: String] = [:]
        for (a, b) in exact + recordings {
            let group = min(a, b)
            out[a] = group
            out[b] = group
        }
        return out
    }()

    /// The group of the file named `name` (no folder, no `.wav`).
    static func group(of name: String) -> String { groups[name] ?? name }
}
