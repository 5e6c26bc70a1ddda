import Foundation
import MelshardCore
import NN
import Safetensors
import TestSupport
import Train
import XCTest

/// Checkpoints: round trips bit for bit, deterministic bytes, the newest complete one, pruning,
/// `best/`, and PyTorch's state_dict layout in both directions.
final class CheckpointTests: XCTestCase {
    func state(step: Int, optimizer: any Optimizer) -> CheckpointState {
        CheckpointState(
            step: step, epoch: step / 10, position: LoaderPosition(epoch: step / 10, batch: step % 10),
            optimizerSteps: optimizer.stepCount, seed: UInt64.max - 1,
            trainer: .object(["learning_rate": .number(0.1 / 3), "bad_epochs": .integer(2)]))
    }

    func values(_ network: Network) -> [String: [UInt32]] {
        Dictionary(
            uniqueKeysWithValues: network.parameters.map { ($0.name, $0.parameter.value.values.map(\.bitPattern)) })
    }

    /// Trains `steps` steps of the tiny network with the tiny optimiser.
    func advance(_ network: Network, _ optimizer: TinyMomentum, steps: Range<Int>) {
        for s in steps {
            setGradients(network, scale: Float(s + 1))
            optimizer.step(network.trainable, learningRate: 0.01)
        }
    }

    func testRoundTripIsBitIdenticalAndResumesExactly() throws {
        let store = CheckpointStore(folder: try temporaryFolder(for: self) + "/checkpoints", keep: 3)
        let network = tinyNetwork()
        let optimizer = TinyMomentum()
        advance(network, optimizer, steps: 0..<3)
        let saved = values(network)
        let path = try store.save(network: network, optimizer: optimizer, state: state(step: 3, optimizer: optimizer))
        XCTAssertTrue(path.hasSuffix("checkpoints/step-00000003"))
        advance(network, optimizer, steps: 3..<5)
        let uninterrupted = values(network)

        let restored = tinyNetwork(start: -4)
        let fresh = TinyMomentum()
        let checkpoint = try XCTUnwrap(store.newest().checkpoint)
        try checkpoint.restoreModel(into: restored)
        try checkpoint.restoreOptimizer(fresh)
        XCTAssertEqual(values(restored), saved)
        XCTAssertEqual(fresh.stepCount, 3)
        XCTAssertEqual(checkpoint.state.position, LoaderPosition(epoch: 0, batch: 3))
        XCTAssertEqual(checkpoint.state.seed, UInt64.max - 1)
        XCTAssertEqual(
            checkpoint.state.trainer, .object(["learning_rate": .number(0.1 / 3), "bad_epochs": .integer(2)]))
        advance(restored, fresh, steps: 3..<5)
        XCTAssertEqual(values(restored), uninterrupted, "a resumed run continues bit for bit")
    }

    func testSameWeightsGiveSameBytes() throws {
        let folder = try temporaryFolder(for: self)
        let a = CheckpointStore(folder: folder + "/a", keep: 1)
        let b = CheckpointStore(folder: folder + "/b", keep: 1)
        let optimizer = TinyMomentum()
        advance(tinyNetwork(), optimizer, steps: 0..<1)
        let network = tinyNetwork()
        for store in [a, b] {
            try store.save(network: network, optimizer: optimizer, state: state(step: 1, optimizer: optimizer))
        }
        for file in ["model.safetensors", "optimizer.safetensors", "state.json"] {
            XCTAssertEqual(
                FileManager.default.contents(atPath: a.folder + "/step-00000001/" + file),
                FileManager.default.contents(atPath: b.folder + "/step-00000001/" + file), file)
        }
    }

    func testCountersAreInt64ScalarsAndWeightsFloat32() throws {
        let store = CheckpointStore(folder: try temporaryFolder(for: self), keep: 1)
        let path = try store.save(
            network: tinyNetwork(), optimizer: TinyMomentum(), state: state(step: 0, optimizer: TinyMomentum()))
        let file = try SafetensorsFile(path: path + "/model.safetensors")
        XCTAssertEqual(
            file.header.entries.map(\.name),
            ["0.bias", "0.weight", "1.bias", "1.num_batches_tracked", "1.running_mean", "1.running_var", "1.weight"])
        XCTAssertEqual(file.header.entry("1.num_batches_tracked")?.dtype, .i64)
        XCTAssertEqual(file.header.entry("1.num_batches_tracked")?.shape, [])
        XCTAssertEqual(try file.int64s("1.num_batches_tracked"), [3])
        XCTAssertEqual(file.header.entry("0.weight")?.dtype, .f32)
        XCTAssertEqual(file.header.entry("0.weight")?.shape, [2, 3])
    }

    func testNewestCompleteCheckpointSkipsDamagedAndTemporaryOnes() throws {
        let store = CheckpointStore(folder: try temporaryFolder(for: self), keep: 5)
        let network = tinyNetwork()
        let optimizer = TinyMomentum()
        for step in 1...3 {
            advance(network, optimizer, steps: (step - 1)..<step)
            try store.save(network: network, optimizer: optimizer, state: state(step: step, optimizer: optimizer))
        }
        // A kill during a save leaves a temporary folder; a disk fault flips a byte of step 3.
        try FileManager.default.createDirectory(
            atPath: store.folder + "/.tmp-step-00000004-new-1", withIntermediateDirectories: false)
        let model = store.folder + "/step-00000003/model.safetensors"
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: model))
        bytes[bytes.count - 1] ^= 1
        try bytes.write(to: URL(fileURLWithPath: model))
        let (newest, skipped) = store.newest()
        XCTAssertEqual(newest?.state.step, 2)
        XCTAssertEqual(skipped.count, 1)
        XCTAssertTrue("\(skipped[0])".contains("step-00000003/model.safetensors: sha256"), "\(skipped[0])")
        // A folder without state.json (a half-removed one) is skipped as well.
        try FileManager.default.removeItem(atPath: store.folder + "/step-00000002/state.json")
        XCTAssertEqual(store.newest().checkpoint?.state.step, 1)
        XCTAssertEqual(store.newest().checkpoint?.path, store.folder + "/step-00000001")
        // The next save clears the temporary folder.
        try store.save(network: network, optimizer: optimizer, state: state(step: 4, optimizer: optimizer))
        XCTAssertFalse(FileManager.default.fileExists(atPath: store.folder + "/.tmp-step-00000004-new-1"))
    }

    func testKeepsTheLastNAndABestCopy() throws {
        let store = CheckpointStore(folder: try temporaryFolder(for: self), keep: 2)
        let network = tinyNetwork()
        let optimizer = TinyMomentum()
        for step in 1...5 {
            advance(network, optimizer, steps: (step - 1)..<step)
            try store.save(network: network, optimizer: optimizer, state: state(step: step, optimizer: optimizer))
            if step == 2 || step == 4 { try store.markBest(step: step) }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: store.folder).sorted()
        XCTAssertEqual(names, ["best", "step-00000004", "step-00000005"])
        // A second save of the same step (every N steps, then at the epoch's end) replaces the first.
        var epochEnd = state(step: 5, optimizer: optimizer)
        epochEnd.position = LoaderPosition(epoch: 1, batch: 0)
        try store.save(network: network, optimizer: optimizer, state: epochEnd)
        XCTAssertEqual(store.newest().checkpoint?.state.position, LoaderPosition(epoch: 1, batch: 0))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: store.folder).sorted(), names)
        let best = try XCTUnwrap(store.loadBest())
        XCTAssertEqual(best.state.step, 4)
        XCTAssertEqual(
            FileManager.default.contents(atPath: best.path + "/model.safetensors"),
            FileManager.default.contents(atPath: store.folder + "/step-00000004/model.safetensors"))
        // best/ shares the step's file by a hard link (so the comparison above is of one file);
        // the copy made where links fail is not exercised here.
        var info = stat()
        XCTAssertEqual(stat(best.path + "/model.safetensors", &info), 0)
        XCTAssertEqual(info.st_nlink, 2)
        XCTAssertThrowsError(try store.markBest(step: 1)) { error in
            XCTAssertTrue("\(error)".contains("step-00000001/model.safetensors: missing"), "\(error)")
        }
        // A kill between moving the old best aside and renaming the new one leaves no best/:
        // the complete new copy is put in place.
        try FileManager.default.moveItem(atPath: store.folder + "/best", toPath: store.folder + "/.tmp-best-new-99")
        XCTAssertEqual(try store.loadBest()?.state.step, 4)
    }

    func testShapeAndNameMismatchesNameTheTensor() throws {
        let store = CheckpointStore(folder: try temporaryFolder(for: self), keep: 1)
        try store.save(
            network: tinyNetwork(), optimizer: TinyMomentum(), state: state(step: 7, optimizer: TinyMomentum()))
        let checkpoint = try XCTUnwrap(store.newest().checkpoint)
        let wider = tinyNetwork(inputs: 4)
        let before = values(wider)
        XCTAssertThrowsError(try checkpoint.restoreModel(into: wider)) { error in
            XCTAssertTrue(
                "\(error)".hasSuffix(
                    "model.safetensors: tensor \"0.weight\" has shape [2, 3] in the file and [2, 4] in the network"),
                "\(error)")
        }
        XCTAssertEqual(values(wider), before, "nothing changes unless every tensor fits")
        let shorter = Network(name: "short", inputShape: [3], root: TinyChain([TinyLinear(3, 2, start: 0)]))
        XCTAssertThrowsError(try checkpoint.restoreModel(into: shorter)) { error in
            XCTAssertTrue(
                "\(error)".contains("unexpected tensor \"1.bias\": the network short has no such parameter"), "\(error)"
            )
        }
        let longer = Network(
            name: "long", inputShape: [3],
            root: TinyChain([TinyLinear(3, 2, start: 0), TinyNorm(), TinyLinear(2, 2, start: 0)]))
        XCTAssertThrowsError(try checkpoint.restoreModel(into: longer)) { error in
            XCTAssertTrue(
                "\(error)".contains("tensor \"2.weight\" is missing (the network has it, [2, 2])"), "\(error)")
        }
    }

    /// A state_dict saved by PyTorch (or NumPy, when torch is not installed) loads here, and
    /// ours loads there with the dtypes and shapes `torch.save` uses.
    func testStateDictsCrossToAndFromPython() throws {
        let folder = try temporaryFolder(for: self)
        let store = CheckpointStore(folder: folder + "/checkpoints", keep: 1)
        let ours = try store.save(
            network: tinyNetwork(), optimizer: TinyMomentum(), state: state(step: 1, optimizer: TinyMomentum()))
        let script = #"""
            import json, sys
            import numpy as np
            ours, theirs = sys.argv[1], sys.argv[2]
            values = {
                "0.weight": np.arange(6, dtype=np.float32).reshape(2, 3) / 8,
                "0.bias": np.array([0.5, -1], dtype=np.float32),
                "1.weight": np.array([2, 3], dtype=np.float32),
                "1.bias": np.array([-2, 1], dtype=np.float32),
                "1.running_mean": np.array([0.25, 0.75], dtype=np.float32),
                "1.running_var": np.array([4, 5], dtype=np.float32),
            }
            try:
                import torch
                from safetensors.torch import load_file, save_file
                tensors = {k: torch.from_numpy(v) for k, v in values.items()}
                tensors["1.num_batches_tracked"] = torch.tensor(42)
                save_file(tensors, theirs)
                loaded = {k: (str(v.dtype), list(v.shape)) for k, v in load_file(ours).items()}
            except ImportError:
                from safetensors.numpy import load_file, save_file
                values["1.num_batches_tracked"] = np.array(42, dtype=np.int64)
                save_file(values, theirs)
                names = {"float32": "torch.float32", "int64": "torch.int64"}
                loaded = {k: (names[str(v.dtype)], list(v.shape)) for k, v in load_file(ours).items()}
            print(json.dumps(loaded, sort_keys=True))
            """#
        let theirs = folder + "/theirs.safetensors"
        let python = try PythonProcess.run(["-c", script, ours + "/model.safetensors", theirs])
        XCTAssertEqual(python.status, 0, python.stderr)
        let loaded = try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [String: [Any]]
        XCTAssertEqual(loaded?["1.num_batches_tracked"]?.first as? String, "torch.int64")
        XCTAssertEqual((loaded?["1.num_batches_tracked"]?.last as? [Int]), [])
        XCTAssertEqual(loaded?["0.weight"]?.first as? String, "torch.float32")
        XCTAssertEqual((loaded?["0.weight"]?.last as? [Int]), [2, 3])

        let network = tinyNetwork()
        try ModelWeights.load(path: theirs, into: network)
        let byName = Dictionary(uniqueKeysWithValues: network.parameters.map { ($0.name, $0.parameter.value) })
        XCTAssertEqual(byName["0.weight"]?.values, (0..<6).map { Float($0) / 8 })
        XCTAssertEqual(byName["1.running_var"]?.values, [4, 5])
        XCTAssertEqual(byName["1.num_batches_tracked"]?.values, [42])
    }
}
