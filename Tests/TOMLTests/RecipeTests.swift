import Foundation
import TOML
import Testing

/// The shape of document the parser exists for: a melshard recipe.
@Suite struct RecipeTests {
    static let recipe = """
        # melshard recipe
        name = "folder-demo"
        seed = 1234

        [[corpus]]
        name = "music"
        kind = "folder"
        root = "corpus/music"
        extensions = ["wav", "flac",
                      "mp3"]   # trailing comment

        [clips]
        length_seconds = 2.0
        crop = "random"
        per_source = 3

        [splits]
        method = "ratios"
        ratios = { train = 0.8, validation = 0.1, test = 0.1 }

        [features]
        preset = "heydarshahi"
        n_mels = 96

        [shards]
        clips_per_shard = 1_024
        dtype = "float16"
        """

    @Test func parsesToTheExpectedTree() throws {
        let table = try TOMLDocument.parse(Self.recipe)
        #expect(
            table == [
                "name": "folder-demo",
                "seed": 1234,
                "corpus": [
                    ["name": "music", "kind": "folder", "root": "corpus/music", "extensions": ["wav", "flac", "mp3"]]
                ],
                "clips": ["length_seconds": 2.0, "crop": "random", "per_source": 3],
                "splits": ["method": "ratios", "ratios": ["train": 0.8, "validation": 0.1, "test": 0.1]],
                "features": ["preset": "heydarshahi", "n_mels": 96],
                "shards": ["clips_per_shard": 1024, "dtype": "float16"],
            ])
        #expect(table.keys == ["name", "seed", "corpus", "clips", "splits", "features", "shards"])
    }

    @Test func recordsTheLineOfEveryKeyAndTable() throws {
        let table = try TOMLDocument.parse(Self.recipe)
        #expect(table.keys.map { table.line(of: $0) } == [2, 3, 5, 12, 17, 21, 25])

        guard case .array(let corpora)? = table["corpus"], case .table(let corpus)? = corpora.first,
            case .table(let clips)? = table["clips"], case .table(let splits)? = table["splits"],
            case .table(let ratios)? = splits["ratios"], case .table(let shards)? = table["shards"]
        else {
            Issue.record("the recipe did not parse to the expected shape")
            return
        }
        #expect(corpus.line == 5)
        #expect(corpus.keys.map { corpus.line(of: $0) } == [6, 7, 8, 9])
        #expect(clips.line == 12)
        #expect(clips.keys.map { clips.line(of: $0) } == [13, 14, 15])
        #expect(splits.line == 17)
        #expect(splits.line(of: "ratios") == 19)
        #expect(ratios.line == 19)
        #expect(ratios.keys == ["train", "validation", "test"])
        #expect(shards.line(of: "dtype") == 27)
    }

    @Test func readsTheSameFromAFileWithWindowsLineEndings() throws {
        let crlf = Self.recipe.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try TOMLDocument.parse(crlf) == TOMLDocument.parse(Self.recipe))
    }
}
