import Foundation
import NN
import TrainSettings
import XCTest

@testable import Train

/// One task of a dual-task build (study 000's single-task networks), and each task's accuracy in
/// a dual-task run.
final class SingleTaskTests: XCTestCase {
    /// 75 training clips and 24 test clips; ids divisible by 4 are task 1 ("words").
    func dualTask(multiLabel: Bool = false, disjoint: Bool = true) throws -> String {
        var spec = SyntheticOutput([
            ("train-a", "train", 30), ("train-b", "train", 25), ("train-c", "train", 20), ("test-a", "test", 24),
        ])
        spec.tasks = ["music", "words"]
        spec.disjointTasks = disjoint
        spec.multiLabel = multiLabel
        spec.bands = 8
        spec.frames = 8
        spec.bandMeans = Array(repeating: 0, count: 8)
        spec.bandStds = Array(repeating: 1, count: 8)
        return try spec.write(for: self)
    }

    func testOneTaskSeesOnlyItsClipsLabelledInItsOwnClasses() throws {
        let out = try dualTask()
        let words = try ShardDataset(outputDirectory: out, task: "words")
        XCTAssertEqual(words.classNames, ["a'", "b'", "c'"])
        XCTAssertEqual(try ShardDataset(outputDirectory: out).classNames, ["a", "b", "c", "a'", "b'", "c'"])
        XCTAssertEqual(words.clipCount(.train), 18, "ids 4, 8, …, 72 of 1…75")
        let loader = try words.loader(.train, LoaderOptions(batchSize: 5, order: .sequential))
        let batches = try collect(loader.batches(epoch: 0))
        let ids = batches.flatMap(\.clipIDs)
        XCTAssertEqual(ids, (1...18).map { Int64(4 * $0) })
        // Stored labels 3 + id % 3 become places 0…2 in the task's own list.
        XCTAssertEqual(batches.flatMap(\.classes), ids.map { Int(SyntheticOutput.label($0)) })
        XCTAssertTrue(batches.allSatisfy { $0.tasks.isEmpty && $0.task == nil }, "a single-task run has no tasks")

        let music = try ShardDataset(outputDirectory: out, task: "music")
        XCTAssertEqual(music.classNames, ["a", "b", "c"])
        XCTAssertEqual(music.clipCount(.train) + words.clipCount(.train), 75)
    }

    func testMultiLabelRowsAreCutToTheTasksColumns() throws {
        let words = try ShardDataset(outputDirectory: try dualTask(multiLabel: true), task: "words")
        let loader = try words.loader(.train, LoaderOptions(batchSize: 18, order: .sequential))
        let batch = try XCTUnwrap(try collect(loader.batches(epoch: 0)).first)
        var expected: [Float] = []
        for id in batch.clipIDs {
            var row: [Float] = [0, 0, 0]
            row[Int(SyntheticOutput.label(id))] = 1
            row[(Int(SyntheticOutput.label(id)) + 1) % 3] = 1
            expected += row
        }
        XCTAssertEqual(batch.hot, expected)
    }

    func testAnUnknownTaskOrATaskOfASingleTaskBuildIsRefusedByName() throws {
        XCTAssertThrowsError(try ShardDataset(outputDirectory: try dualTask(), task: "genres")) { error in
            XCTAssertEqual((error as? DataError)?.code, .invalidOption)
            XCTAssertTrue(
                "\(error)".hasSuffix(
                    "task = \"genres\" is not a task of this build; its tasks are \"music\" and \"words\""),
                "\(error)")
        }
        let plain = try SyntheticOutput([("train-a", "train", 4)]).write(for: self)
        XCTAssertThrowsError(try ShardDataset(outputDirectory: plain, task: "words")) { error in
            XCTAssertTrue("\(error)".contains("task = \"words\" given, but the build has one task"), "\(error)")
        }
    }

    func testEachTasksAccuracyIsTakenAmongItsOwnClasses() throws {
        let dataset = try ShardDataset(outputDirectory: try dualTask())
        var score = try XCTUnwrap(TaskAccuracy(dataset: dataset))
        XCTAssertEqual(score.classes, [[0, 1, 2], [3, 4, 5]])
        // Four examples: music label 1, music label 2, words label 3, words label 5.
        let logits = Tensor(
            shape: [4, 6],
            values: [
                0, 9, 1, 50, 0, 0,  // music: the top of all is class 3 (a word), but among music classes 1: right
                0, 9, 1, 0, 0, 0,  // music: 1 beats 2: wrong
                9, 0, 0, 5, 1, 1,  // words: 3 is the top word class: right
                0, 0, 0, 2, 2, 1,  // words: 3 and 4 tie, the first wins, not 5: wrong
            ])
        score.add(logits, .classes([1, 2, 3, 5]), tasks: [0, 0, 1, 1])
        XCTAssertEqual(score.byName(["music", "words"]), ["music": 0.5, "words": 0.5])
        XCTAssertNil(TaskAccuracy(dataset: try ShardDataset(outputDirectory: dataset.output, task: "music")))
    }

    func testASingleTaskRunHasTheTasksOutputsAndADualTaskRunReportsEachTask() throws {
        let out = try dualTask()
        let root = try temporaryFolder(for: self)
        var config = TrainConfig(model: "small-cnn")
        config.epochs = 1
        config.batchSize = 8
        config.task = "words"
        let single = try Trainer(config: config, output: out, run: RunFolder(path: root + "/words"))
        XCTAssertEqual(try single.network.outputShape(batch: 2), [2, 3])
        let singleResult = try single.train()
        XCTAssertNil(singleResult.testTaskAccuracy)
        XCTAssertEqual(singleResult.testClips, 6, "the test split's words: ids 80, 84, …, 100")
        let record =
            try JSONSerialization.jsonObject(
                with: XCTUnwrap(FileManager.default.contents(atPath: root + "/words/config.json"))) as? [String: Any]
        XCTAssertEqual((record?["train"] as? [String: Any])?["task"] as? String, "words")
        XCTAssertEqual((record?["model"] as? [String: Any])?["classes"] as? Int, 3)

        config.task = nil
        let dual = try Trainer(config: config, output: out, run: RunFolder(path: root + "/dual"))
        XCTAssertEqual(try dual.network.outputShape(batch: 2), [2, 6])
        let result = try dual.train()
        let tasks = try XCTUnwrap(result.testTaskAccuracy)
        XCTAssertEqual(Set(tasks.keys), ["music", "words"])
        // Recomputed by hand from the test logits: each task's share right among its classes.
        let test = try dual.dataset.loader(.test, LoaderOptions(batchSize: 24, order: .sequential))
        let batch = try XCTUnwrap(try test.batches(epoch: 0).next())
        let logits = dual.network.forward(batch.inputs, .evaluation(threads: 1))
        guard case .classes(let labels) = batch.targets else { return XCTFail("single-label") }
        var right = [0.0, 0.0], count = [0.0, 0.0]
        for i in 0..<batch.count {
            let t = batch.tasks[i], row = Array(logits.values[(i * 6)..<(i * 6 + 6)])
            let columns = t == 0 ? 0..<3 : 3..<6
            let best = columns.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }!
            right[t] += best == labels[i] ? 1 : 0
            count[t] += 1
        }
        XCTAssertEqual(tasks["music"]!, right[0] / count[0], accuracy: 1e-12)
        XCTAssertEqual(tasks["words"]!, right[1] / count[1], accuracy: 1e-12)
    }
}
