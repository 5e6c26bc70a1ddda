import BLAS
import Foundation
import MelshardCore
import NN
import TrainSettings

extension Trainer {
    /// Trains to the end (or to early stopping), resuming from the run folder's newest complete
    /// checkpoint when there is one, then evaluates the best checkpoint on the test split and
    /// writes `result.json`.
    public func train(events: (Event) -> Void = { _ in }) throws(TrainError) -> RunResult {
        try run.checkUsable()
        let lock: DirectoryLock
        let record = RunRecord(config: config, sources: sources, dataset: dataset, network: network)
        if run.exists, FileManager.default.fileExists(atPath: run.configPath) {
            if let imported = try? run.readJSON(ImportRecord.self, from: run.configPath) {
                throw .notARun(
                    path: run.path,
                    reason: "it holds weights imported from \(imported.imported.file), not a training run")
            }
            let saved = try run.readJSON(RunRecord.self, from: run.configPath)
            let differences = saved.differences(from: record)
            guard differences.isEmpty else { throw .runMismatch(path: run.path, differences: differences) }
            if run.isComplete { return try run.readJSON(RunResult.self, from: run.resultPath) }
            lock = try takeLock()
        } else {
            try run.create()
            lock = try takeLock()
            try run.writeJSON(record, to: run.configPath)
        }
        defer { withExtendedLifetime(lock) {} }
        BLAS.setThreadCount(1)  // parallelGEMM splits the products itself, whatever --threads is

        let stepper = TrainingStep(network: network, config: config, multiLabel: multiLabel)
        let optimizer = stepper.optimizer
        var schedule = makeSchedule()
        var earlyStopping = config.earlyStoppingPatience.map { EarlyStopping(patience: $0) }
        let store = CheckpointStore(folder: run.checkpointsPath, keep: config.keepCheckpoints)
        var state = TrainerState(schedule: schedule.state, earlyStopping: earlyStopping?.state)
        var step = 0
        var next = LoaderPosition.start
        var resumedAt: Int?
        var lastCheckpoint: String?
        let (newest, skipped) = store.newest()
        for damaged in skipped { events(.skippedCheckpoint(damaged.description)) }
        if let saved = newest {
            try checkpointing {
                try saved.restoreModel(into: network)
                try saved.restoreOptimizer(optimizer)
                state = try saved.state.trainer.decode(TrainerState.self)
                try schedule.restore(state.schedule)
                if let saved = state.earlyStopping { try earlyStopping?.restore(saved) }
            }
            (step, next, resumedAt, lastCheckpoint) = (
                saved.state.step, saved.state.position, saved.state.step, saved.path
            )
        }
        func save() throws(TrainError) -> String {
            state.schedule = schedule.state
            state.earlyStopping = earlyStopping?.state
            let trainer = state
            let saved = CheckpointState(
                step: step, epoch: next.epoch, position: next, optimizerSteps: optimizer.stepCount,
                seed: config.seed, trainer: try checkpointing { try JSONValue(encoding: trainer) })
            return try checkpointing { try store.save(network: network, optimizer: optimizer, state: saved) }
        }
        let metrics: MetricsLog
        do {
            metrics = try MetricsLog(path: run.metricsPath)
            try metrics.truncate(after: step)
        } catch { throw .other("train: \(run.metricsPath): \(error)") }

        let stepsPerEpoch = trainLoader.batchesPerEpoch
        events(
            .started(resumedAtStep: resumedAt, stepsPerEpoch: stepsPerEpoch, totalSteps: stepsPerEpoch * config.epochs))
        var epochStart = Date()

        while !state.stopped && next.epoch < config.epochs {
            let epoch = next.epoch
            let rate = schedule.learningRate
            let batches = trainLoader.batches(from: next)
            while let batch = try nextBatch(batches) {
                let started = Date()
                let outcome = stepper.take(
                    inputs: batch.inputs, targets: batch.targets, step: step, learningRate: rate)
                let value = outcome.loss
                guard outcome.applied else {
                    throw .nonFiniteLoss(step: step + 1, loss: value, lastCheckpoint: lastCheckpoint)
                }
                let accuracy = Accuracy.of(outcome.logits, batch.targets)
                step += 1
                next = LoaderPosition(epoch: epoch, batch: batch.position.batch + 1)
                state.epochLossSum += Double(value)
                state.epochAccuracySum += accuracy
                state.epochBatches += 1
                let speed = Double(batch.count) / max(Date().timeIntervalSince(started), 1e-9)
                try log {
                    try metrics.append(
                        MetricsLog.Step(
                            step: step, epoch: epoch, loss: Double(value), accuracy: accuracy,
                            learningRate: rate, samplesPerSecond: speed))
                }
                events(
                    .step(
                        step: step, epoch: epoch, loss: Double(value), accuracy: accuracy, learningRate: rate,
                        samplesPerSecond: speed))
                if step % config.checkpointEvery == 0 {
                    lastCheckpoint = try save()
                    events(.checkpoint(path: lastCheckpoint!))
                }
            }

            // The epoch's end: validation, the schedule, early stopping, then a checkpoint that
            // holds all of it, so a resume never redoes half an epoch's bookkeeping.
            let validation = try validationLoader.map { loader throws(TrainError) in try evaluate(loader) }
            let row = MetricsLog.Epoch(
                epoch: epoch, step: step, trainLoss: state.epochLossSum / Double(max(1, state.epochBatches)),
                trainAccuracy: state.epochAccuracySum / Double(max(1, state.epochBatches)),
                validationLoss: validation?.loss,
                validationAccuracy: validation?.accuracy, learningRate: rate,
                seconds: Date().timeIntervalSince(epochStart))
            try log { try metrics.append(row) }
            events(.epoch(row))
            let improved = validation.map { v in state.bestValidationLoss.map { v.loss < $0 } ?? true } ?? true
            if improved {
                state.bestValidationLoss = validation?.loss
                state.bestEpoch = epoch
            }
            schedule.advance(metric: validation?.loss)
            if var stopping = earlyStopping, let validation {
                _ = stopping.record(validation.loss, epoch: epoch)
                state.stopped = stopping.shouldStop
                earlyStopping = stopping
            }
            next = LoaderPosition(epoch: epoch + 1, batch: 0)
            state.epochLossSum = 0
            state.epochAccuracySum = 0
            state.epochBatches = 0
            lastCheckpoint = try save()
            if improved { try checkpointing { try store.markBest(step: step) } }
            events(.checkpoint(path: lastCheckpoint!))
            epochStart = Date()
        }

        // The test split is measured with the best weights (the last ones without validation),
        // which the network already holds when the best epoch was the last.
        if state.bestEpoch != next.epoch - 1, let best = try checkpointing({ try store.loadBest() }) {
            try checkpointing { try best.restoreModel(into: network) }
        }
        let test = try testLoader.map { loader throws(TrainError) in try evaluate(loader) }
        let result = RunResult(
            steps: step, epochs: next.epoch, bestEpoch: state.bestEpoch,
            stoppedEarly: state.stopped, validationLoss: state.bestValidationLoss,
            testLoss: test?.loss, testAccuracy: test?.accuracy, testClips: dataset.clipCount(.test),
            testTaskAccuracy: test?.taskAccuracy)
        try run.writeJSON(result, to: run.resultPath)
        events(.finished(result))
        return result
    }

    /// A split's mean loss and accuracy, and each task's accuracy in a dual-task run.
    public struct SplitScore: Sendable {
        public var loss: Double
        public var accuracy: Double
        /// Dual-task runs over every task (combined labels): each task's accuracy among its own
        /// classes (`TaskAccuracy`); nil otherwise.
        public var taskAccuracy: [String: Double]?
    }

    /// Mean loss and accuracy over a split, in eval mode, in the split's fixed order.
    public func evaluate(_ loader: DataLoader) throws(TrainError) -> SplitScore {
        let context = ForwardContext.evaluation(threads: config.threads)
        var lossSum = 0.0, correct = 0.0, count = 0
        var perTask = TaskAccuracy(dataset: dataset)
        let batches = loader.batches(from: .start)
        while let batch = try nextBatch(batches) {
            let logits = network.forward(batch.inputs, context)
            lossSum += Double(loss.evaluate(logits, batch.targets).loss) * Double(batch.count)
            correct += Accuracy.of(logits, batch.targets) * Double(batch.count)
            perTask?.add(logits, batch.targets, tasks: batch.tasks)
            count += batch.count
        }
        return SplitScore(
            loss: lossSum / Double(max(1, count)), accuracy: correct / Double(max(1, count)),
            taskAccuracy: perTask.map { $0.byName(dataset.card.tasks?.map(\.name) ?? []) })
    }

    private func nextBatch(_ batches: BatchIterator) throws(TrainError) -> Batch? {
        do { return try batches.next() } catch { throw .dataset("\(error)") }
    }

    private func takeLock() throws(TrainError) -> DirectoryLock {
        do { return try DirectoryLock(directory: run.path) } catch {
            throw .other(
                "train: another melshard train is writing \(run.path); wait for it or give another --run folder")
        }
    }

    private func log(_ body: () throws -> Void) throws(TrainError) {
        do { try body() } catch { throw .other("train: \(run.metricsPath): \(error)") }
    }

    private func checkpointing<T>(_ body: () throws -> T) throws(TrainError) -> T {
        do { return try body() } catch { throw .other("train: \(run.checkpointsPath): \(error)") }
    }
}
