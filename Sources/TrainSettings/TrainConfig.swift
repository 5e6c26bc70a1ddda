/// Every setting of a training run, with every default filled in.
///
/// Written to the run folder as `config.json` (snake_case keys, the same names as the recipe's
/// `[train]` table and docs/train.md), and compared on restart: a run resumes only with the
/// settings it was started with. Settings come, in increasing priority, from the defaults here,
/// the recipe's `[train]` table as stored in `dataset.json`, and the command line.
public struct TrainConfig: Codable, Equatable, Sendable {
    public enum OptimizerKind: String, Codable, Sendable, CaseIterable { case adam, adamw, sgd }
    public enum ScheduleKind: String, Codable, Sendable, CaseIterable {
        case constant, step, exponential, linear, logLinear = "log-linear", plateau
    }
    public enum NormalisationKind: String, Codable, Sendable, CaseIterable {
        case global, perBand = "per-band", none
    }
    public enum BatchMixing: String, Codable, Sendable, CaseIterable { case mixed, nonMixed = "non-mixed" }

    /// The network's registry name (`melshard train --list-models`).
    public var model: String
    public var epochs = 10
    public var batchSize = 32
    public var learningRate = 1e-3
    public var optimizer = OptimizerKind.adam
    /// SGD's momentum; 0 is plain SGD.
    public var momentum = 0.9
    public var nesterov = false
    /// L2 weight decay (Adam, SGD) or decoupled decay (AdamW).
    public var weightDecay = 0.0
    public var schedule = ScheduleKind.constant
    /// The last rate of `linear` and `log-linear` schedules, reached at the end of training.
    public var finalLearningRate: Double?
    /// `step`: epochs between decays.
    public var stepEpochs = 10
    /// `step` and `exponential`: the factor per decay; `plateau`: the factor on a plateau.
    public var gamma = 0.5
    /// `plateau`: epochs without improvement of the validation loss before the rate is cut.
    public var plateauPatience = 3
    /// Stop when the validation loss has not improved for this many epochs (none: never).
    public var earlyStoppingPatience: Int?
    /// Clip the gradients' global L2 norm to this (none: no clipping).
    public var clipNorm: Double?
    public var labelSmoothing = 0.0
    /// k-fold datasets: test on this fold, validate on the next one, train on the rest.
    public var fold: Int?
    public var normalisation = NormalisationKind.global
    /// Dual-task datasets: train on this task alone (its clips, its classes): a single-task
    /// network beside the dual-task one (study 000). None: every task, one output per class.
    public var task: String?
    /// Dual-task datasets: batches drawn from both tasks (`mixed`), or alternating single-task batches (`non-mixed`).
    public var batches = BatchMixing.mixed
    /// Drop the last partial training batch of an epoch.
    public var dropLast = false
    public var seed: UInt64 = 0
    /// Threads for the kernels; results are the same for any count (docs/train.md).
    public var threads = 1
    /// A checkpoint every this many steps, besides the one at each epoch's end.
    public var checkpointEvery = 200
    /// How many step checkpoints to keep (the best one is kept apart).
    public var keepCheckpoints = 2

    public init(model: String) { self.model = model }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case model, epochs, optimizer, momentum, nesterov, schedule, gamma, fold, task, normalisation, batches, seed
        case threads
        case batchSize = "batch_size", learningRate = "learning_rate", weightDecay = "weight_decay"
        case finalLearningRate = "final_learning_rate", stepEpochs = "step_epochs", plateauPatience = "plateau_patience"
        case earlyStoppingPatience = "early_stopping_patience", clipNorm = "clip_norm", labelSmoothing =
            "label_smoothing"
        case dropLast = "drop_last", checkpointEvery = "checkpoint_every", keepCheckpoints = "keep_checkpoints"
    }

    /// A setting that cannot work: its key, its value and the rule it breaks.
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public var key: String
        public var value: String
        public var rule: String
        public var description: String { "\(key) = \(value): \(rule)" }
    }

    /// Every problem with the settings at once, each naming the key, the value and what is allowed.
    public func problems() -> [Problem] {
        var found: [Problem] = []
        func check(_ ok: Bool, _ key: String, _ value: @autoclosure () -> Any, _ rule: String) {
            if !ok { found.append(Problem(key: key, value: "\(value())", rule: rule)) }
        }
        check(epochs >= 1, "epochs", epochs, "must be at least 1")
        check(batchSize >= 1, "batch_size", batchSize, "must be at least 1")
        check(
            learningRate.isFinite && learningRate > 0, "learning_rate", learningRate, "must be a finite number above 0")
        check(momentum.isFinite && momentum >= 0 && momentum < 1, "momentum", momentum, "must be in [0, 1)")
        check(
            !nesterov || (optimizer == .sgd && momentum > 0), "nesterov", nesterov,
            "needs optimizer = \"sgd\" and momentum above 0")
        check(
            weightDecay.isFinite && weightDecay >= 0, "weight_decay", weightDecay, "must be a finite number, 0 or more")
        check(gamma.isFinite && gamma > 0 && gamma <= 1, "gamma", gamma, "must be in (0, 1]")
        check(stepEpochs >= 1, "step_epochs", stepEpochs, "must be at least 1")
        check(plateauPatience >= 0, "plateau_patience", plateauPatience, "must be 0 or more")
        if schedule == .linear || schedule == .logLinear {
            if let last = finalLearningRate {
                check(last.isFinite && last > 0, "final_learning_rate", last, "must be a finite number above 0")
            } else {
                check(false, "schedule", "\"\(schedule.rawValue)\"", "needs final_learning_rate")
            }
        }
        if let p = earlyStoppingPatience { check(p >= 1, "early_stopping_patience", p, "must be at least 1") }
        if let c = clipNorm { check(c.isFinite && c > 0, "clip_norm", c, "must be a finite number above 0") }
        check(
            labelSmoothing.isFinite && labelSmoothing >= 0 && labelSmoothing < 1, "label_smoothing", labelSmoothing,
            "must be in [0, 1)")
        if let k = fold { check(k >= 0, "fold", k, "must be 0 or more") }
        if let t = task { check(!t.isEmpty, "task", "\"\"", "must name a task of the build") }
        check(threads >= 1 && threads <= 256, "threads", threads, "must be in 1 … 256")
        check(checkpointEvery >= 1, "checkpoint_every", checkpointEvery, "must be at least 1")
        check(keepCheckpoints >= 1, "keep_checkpoints", keepCheckpoints, "must be at least 1")
        return found
    }
}
