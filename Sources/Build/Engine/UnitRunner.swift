import Foundation
import Index
import MelshardCore

/// The one skeleton of every incremental stage (probe, activity, align, shards). Each item of a
/// stage is a unit with a name and a content key, and the index keeps each unit's outcome:
/// 1. `sort` reuses the units whose stored outcome is still good and counts the others for
///    redoing, with why, in the build report;
/// 2. `make` computes those (on the worker pool) and stores each outcome as it comes, in
///    transactions of `commitEvery` units, so a killed build keeps what it finished;
/// 3. `forget` drops the units of items that are gone.
/// `run` does all three for a stage whose units are computed one item at a time. Nothing is
/// stored on a dry run.
struct UnitRunner<Outcome: Codable & Sendable> {
    let stage: String
    /// Keyed by the name's bytes (`PathKey`): names hold paths, which NFC and NFD can spell alike.
    private let cached: [PathKey: UnitRow]
    private let index: Index?
    private let dryRun: Bool

    /// A unit that `sort` found must be made: its item's position, its name and its key.
    struct Pending: Sendable {
        let position: Int
        let name: String
        let key: ContentKey
    }

    /// What `sort` found: outcomes reused from the index by item position, and the units to make.
    struct Sorted {
        var reused: [Int: Outcome] = [:]
        var pending: [Pending] = []
    }

    /// Whether a stored unit may be reused: its outcome, or why it must be made again.
    enum Verdict {
        case reuse(Outcome)
        case redo([String])
    }

    init(stage: String, index: Index?, dryRun: Bool) throws {
        self.stage = stage
        self.index = index
        self.dryRun = dryRun
        cached = try index?.units(stage: stage) ?? [:]
    }

    /// Stores the units that `other` (the same stage in another index) holds and this index
    /// lacks: how the merge of a build in parts reuses what the parts made (docs/cluster.md).
    /// Nothing is stored on a dry run.
    func adopt(_ other: UnitRunner) throws {
        guard !dryRun, let index else { return }
        let missing = other.cached.filter { cached[$0.key] == nil }.values.sorted { $0.name < $1.name }
        try index.transaction { try index.putUnits(missing) }
    }

    /// The stored unit of this name, if any.
    func storedUnit(_ name: String) -> UnitRow? { cached[PathKey(name)] }

    /// The usual test: a unit is reused while its stored key matches and its outcome still decodes.
    func storedOutcome(_ name: String, key: ContentKey, whyNew: String, whyChanged: String) -> Verdict {
        guard let unit = cached[PathKey(name)] else { return .redo([whyNew]) }
        guard unit.contentKey == key.hex,
            let outcome = try? JSONDecoder().decode(Outcome.self, from: Data(unit.detail.utf8))
        else { return .redo([whyChanged]) }
        return .reuse(outcome)
    }

    /// Names and keys every item and asks `verdict` whether its unit is reused; counts both kinds
    /// in `report`, with the reasons of each unit to redo.
    func sort<Item>(
        _ items: [Item], name: (Item) -> String, key: (Item) throws -> ContentKey, report: inout BuildReport,
        verdict: (Item, Pending) throws -> Verdict
    ) rethrows -> Sorted {
        var sorted = Sorted()
        for (position, item) in items.enumerated() {
            let unit = Pending(position: position, name: name(item), key: try key(item))
            switch try verdict(item, unit) {
            case .reuse(let outcome):
                report.count(stage, rebuilt: false)
                sorted.reused[position] = outcome
            case .redo(let reasons):
                report.redo(.init(stage: stage, name: unit.name, reasons: reasons))
                sorted.pending.append(unit)
            }
        }
        return sorted
    }

    /// Makes the `pending` units. `execute` computes them and hands each result, in order, with
    /// its position in `pending`, to `made` and to the store: the unit's outcome (`outcome` of the
    /// result) with whatever `alsoStore` writes goes into the index in one transaction per
    /// `commitEvery` units. After each commit the fault point `<stage>-batch` is passed.
    func make<Result>(
        _ pending: [Pending], commitEvery: Int = .max, outcome: @escaping (Result) throws -> Outcome,
        alsoStore: @escaping (Index, Result) throws -> Void = { _, _ in },
        execute: (_ deliver: (Int, Result) throws -> Void) throws -> Void,
        made: (Pending, Result) throws -> Void
    ) throws {
        var batch: [(unit: UnitRow, result: Result)] = []
        func commit() throws {
            defer { batch.removeAll(keepingCapacity: true) }
            guard !dryRun, let index, !batch.isEmpty else { return }
            try index.transaction {
                try index.putUnits(batch.map(\.unit))
                for entry in batch { try alsoStore(index, entry.result) }
            }
            FaultInjection.point("\(stage)-batch")
        }
        // `made` runs on this thread, between commits: it cannot re-enter the store.
        try withoutActuallyEscaping(made) { made in
            try execute { i, result in
                let unit = pending[i]
                try made(unit, result)
                // Nothing is stored on a dry run, so no row is made: a million of them, each with
                // its outcome as JSON, were held until the end of the stage.
                guard !dryRun, index != nil else { return }
                batch.append((try row(unit.name, key: unit.key, outcome: outcome(result)), result))
                if batch.count >= commitEvery { try commit() }
            }
        }
        try commit()
    }

    /// Forgets the stored units whose names are not in `current` (not on a dry run); `alsoForget`
    /// runs in the same transaction.
    func forget(keeping current: some Sequence<String>, alsoForget: (Index) throws -> Void = { _ in }) throws {
        guard !dryRun, let index else { return }
        try index.transaction {
            try alsoForget(index)
            let keep = Set(current.map(PathKey.init))
            try index.deleteUnits(stage: stage, names: cached.keys.filter { !keep.contains($0) }.map(\.path))
        }
    }

    /// All three steps for a stage whose units are computed item by item on `jobs` workers:
    /// the outcome of every item, reused or made, by position (nil only for an item whose unit
    /// could not be made, which cannot happen: `compute` returns an outcome for each).
    /// Progress is reported every `progressEvery` made units and at the end.
    func run<Item: Sendable>(
        _ items: [Item], name: (Item) -> String, key: (Item) -> ContentKey,
        why: (new: String, changed: String), jobs: Int, commitEvery: Int = .max,
        progressEvery: Int, progress: ProgressHandler?, report: inout BuildReport,
        compute: @escaping @Sendable (Item) -> Outcome
    ) throws -> [Outcome?] {
        var sorted = sort(items, name: name, key: key, report: &report) { _, unit in
            storedOutcome(unit.name, key: unit.key, whyNew: why.new, whyChanged: why.changed)
        }
        var outcomes = [Outcome?](repeating: nil, count: items.count)
        for (position, outcome) in sorted.reused { outcomes[position] = outcome }
        // A dry run stores no rows, so its pending units keep only their positions: the name and
        // key strings of a million sentences were held through the whole stage.
        let pending =
            dryRun
            ? sorted.pending.map { Pending(position: $0.position, name: "", key: ContentKey(hex: "")) } : sorted.pending
        sorted.pending = []
        if !pending.isEmpty { progress?(BuildProgress(stage: stage, done: 0, total: pending.count)) }
        var done = 0
        try make(
            pending, commitEvery: commitEvery, outcome: { $0 },
            execute: { deliver in
                try WorkerPool.run(pending.map { items[$0.position] }, jobs: jobs, work: compute, deliver: deliver)
            }
        ) { unit, outcome in
            outcomes[unit.position] = outcome
            done += 1
            if done % progressEvery == 0 || done == pending.count {
                progress?(BuildProgress(stage: stage, done: done, total: pending.count))
            }
        }
        // Not even the names on a dry run, which forgets nothing.
        if !dryRun { try forget(keeping: items.map(name)) }
        return outcomes
    }

    /// A unit made under `key`, its outcome stored as canonical JSON.
    private func row(_ name: String, key: ContentKey, outcome: Outcome) throws -> UnitRow {
        UnitRow(stage: stage, name: name, contentKey: key.hex, detail: try CanonicalJSON.string(outcome))
    }
}
