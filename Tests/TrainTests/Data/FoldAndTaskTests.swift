import Foundation
import NN
import Train
import XCTest

/// k-fold splits from the shards' `folds` tensor, and dual-task batching.
final class FoldAndTaskTests: XCTestCase {
    func kfold(_ k: Int) throws -> String {
        var spec = SyntheticOutput([("train-a", "train", 13), ("train-b", "train", 11), ("train-c", "train", 16)])
        spec.folds = k
        return try spec.write(for: self)
    }

    func clips(_ dataset: ShardDataset, _ split: Split) throws -> Set<Int64> {
        let loader = try dataset.loader(split, LoaderOptions(batchSize: 5, order: .sequential))
        return Set(try collect(loader.batches(epoch: 0)).flatMap(\.clipIDs))
    }

    func testEveryClipIsInExactlyOneSplitOfAFold() throws {
        let out = try kfold(4)
        for fold in 0..<4 {
            let dataset = try ShardDataset(outputDirectory: out, fold: fold)
            let (train, validation, test) = (
                try clips(dataset, .train), try clips(dataset, .validation), try clips(dataset, .test)
            )
            XCTAssertEqual(train.count + validation.count + test.count, 40)
            XCTAssertEqual(train.union(validation).union(test), Set((1...40).map { Int64($0) }))
            XCTAssertTrue(test.allSatisfy { SyntheticOutput.fold($0, k: 4) == fold }, "test is fold \(fold)")
            XCTAssertTrue(
                validation.allSatisfy { SyntheticOutput.fold($0, k: 4) == (fold + 1) % 4 },
                "validation is the next fold")
            XCTAssertEqual(dataset.clipCount(.test), test.count)
        }
    }

    func testTwoFoldsLeaveNoValidationSplit() throws {
        let dataset = try ShardDataset(outputDirectory: try kfold(2), fold: 1)
        XCTAssertEqual(dataset.clipCount(.validation), 0)
        XCTAssertEqual(dataset.clipCount(.train) + dataset.clipCount(.test), 40)
        let options = LoaderOptions(batchSize: 4, order: .sequential)
        XCTAssertThrowsError(try dataset.loader(.validation, options)) { error in
            XCTAssertEqual((error as? DataError)?.code, .emptySplit)
            let text = "fold 1's validation split has no clips; a validation fold needs folds = 3 or more"
            XCTAssertTrue("\(error)".contains(text), "\(error)")
        }
    }

    func testFoldOptionMustFitTheBuild() throws {
        let out = try kfold(3)
        XCTAssertThrowsError(try ShardDataset(outputDirectory: out)) { error in
            XCTAssertTrue(
                "\(error)".hasSuffix("a 3-fold build needs a fold to test on; pass --fold 0 … --fold 2"),
                "\(error)")
        }
        XCTAssertThrowsError(try ShardDataset(outputDirectory: out, fold: 3)) { error in
            XCTAssertEqual((error as? DataError)?.code, .invalidOption)
            XCTAssertTrue("\(error)".contains("--fold 3 is outside the build's folds 0…2"), "\(error)")
        }
        let plain = try SyntheticOutput([("train-a", "train", 4)]).write(for: self)
        XCTAssertThrowsError(try ShardDataset(outputDirectory: plain, fold: 0)) { error in
            XCTAssertTrue("\(error)".contains("--fold 0 given, but the build has no folds"), "\(error)")
        }
    }

    func dualTask() throws -> ShardDataset {
        var spec = SyntheticOutput([("train-a", "train", 30), ("train-b", "train", 25), ("train-c", "train", 20)])
        spec.tasks = ["music", "words"]
        return try ShardDataset(outputDirectory: try spec.write(for: self))
    }

    func testNonMixedBatchesAlternateTasksThenFinishTheLonger() throws {
        let dataset = try dualTask()
        // Clip ids divisible by 4 are task 1: 18 of 75; task 0 has 57.
        let options = LoaderOptions(batchSize: 8, order: .shuffled(seed: 3), window: 2, taskBatching: .nonMixed)
        let loader = try dataset.loader(.train, options)
        let batches = try collect(loader.batches(epoch: 0))
        XCTAssertEqual(batches.map { $0.task ?? -1 }, [0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0])
        XCTAssertEqual(batches.map(\.clipIDs.count), [8, 8, 8, 8, 8, 2, 8, 8, 8, 8, 1])
        for batch in batches {
            XCTAssertTrue(
                batch.clipIDs.allSatisfy { Int(SyntheticOutput.task($0)) == batch.task }, "one task per batch")
            XCTAssertEqual(batch.tasks, batch.clipIDs.map { Int(SyntheticOutput.task($0)) })
        }
        XCTAssertEqual(batches.flatMap(\.clipIDs).sorted(), (1...75).map { Int64($0) })
        for start in [3, 6, 10] {
            XCTAssertEqual(
                try collect(loader.batches(epoch: 0, from: start)), Array(batches[start...]), "resumed at \(start)")
        }
        let reader = loader.batches(epoch: 0)
        _ = try collect(reader)
        XCTAssertLessThanOrEqual(reader.statistics.peakLoadedShards, 2 * options.window, "a window per task stream")
    }

    func testMixedBatchesDrawFromBothTasks() throws {
        let loader = try dualTask().loader(.train, LoaderOptions(batchSize: 25, order: .shuffled(seed: 3)))
        let batches = try collect(loader.batches(epoch: 0))
        XCTAssertEqual(batches.count, 3)
        for batch in batches {
            XCTAssertNil(batch.task)
            XCTAssertEqual(Set(batch.tasks), [0, 1], "both tasks in every batch")
            XCTAssertEqual(batch.tasks, batch.clipIDs.map { Int(SyntheticOutput.task($0)) })
        }
    }
}
