import Foundation
import Index
import Recipe

/// `melshard merge DIR`: folds the indexes of a build's parts into `index.sqlite`, then computes
/// normalisation and the card, as a one-machine build of the same recipe would (docs/cluster.md).
public enum BuildMerge {
    /// Merges the parts of `directory`, `parts` of them (nil: the part count of the part indexes
    /// found, when there is one). The recipe is the one the parts recorded, read again from its
    /// file with the corpus roots they used.
    public static func run(directory: String, parts: Int?, progress: ProgressHandler? = nil) throws -> BuildReport {
        let found = BuildPart.found(in: directory)
        let count: Int
        if let parts {
            count = parts
        } else {
            guard let only = found.keys.first else {
                throw BuildError.parts(
                    directory: directory,
                    problem:
                        "no part index (I-of-N.sqlite); build the parts first with melshard build RECIPE --part I/N")
            }
            guard found.count == 1 else {
                let counts = found.keys.sorted().map(String.init).joined(separator: ", ")
                throw BuildError.parts(
                    directory: directory,
                    problem: "holds the indexes of builds in \(counts) parts; say which to merge with --parts N")
            }
            count = only
        }
        for part in found[count] ?? [] {
            let file = directory + "/" + part.indexPath
            guard let index = try? Index(file: file, readOnly: true), let recipePath = try index.meta("recipe_path")
            else { continue }
            let recipe = try RecipeLoader.load(path: recipePath, corpusRoots: try index.corpusRoots())
            return try BuildEngine(
                recipe: recipe,
                options: BuildOptions(outputDirectory: directory, recipePath: recipePath, role: .merge(parts: count)),
                progress: progress
            ).run()
        }
        throw BuildError.parts(
            directory: directory,
            problem:
                "no part of \(count) has recorded its plan yet, so the recipe is unknown; run the parts first "
                + "(melshard build RECIPE --part I/\(count))")
    }
}
