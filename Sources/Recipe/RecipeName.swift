extension Recipe {
    /// Why `name` cannot name a recipe, or nil when it can. The default output folder is
    /// `out/NAME`, and a build deletes the files it wrote there, so a name that is a path
    /// (`..`, `../x`, `a/b`) or no name at all would point the build at a folder outside `out/`.
    static func whyNotPlainName(_ name: String) -> String? {
        if name.isEmpty { return "it is empty; the output folder is out/NAME" }
        if name == "." || name == ".." { return "it names a folder, not a name; the output folder is out/NAME" }
        if name.contains("/") { return "it contains '/'; the output folder is out/NAME, one folder" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "it contains a control character"
        }
        return nil
    }
}
