import Foundation
import Index
import MelshardCore

/// One stage's cached units, as the index holds them: a unit is reused while its content key
/// matches and its stored outcome still decodes; otherwise it is counted for redoing, with why.
struct UnitCache {
    let stage: String
    let units: [String: UnitRow]

    init(stage: String, index: Index?) throws {
        self.stage = stage
        units = try index?.units(stage: stage) ?? [:]
    }

    /// The cached outcome of unit `name` when it was made under `key`; nil when it must be
    /// redone, which `report` then records with `whyNew` (never made) or `whyChanged`.
    func reuse<Outcome: Decodable>(_ name: String, key: ContentKey, as type: Outcome.Type, whyNew: String, whyChanged: String,
                                   report: inout BuildReport) -> Outcome? {
        if let unit = units[name], unit.contentKey == key.hex, let outcome = try? JSONDecoder().decode(type, from: Data(unit.detail.utf8)) {
            report.count(stage, rebuilt: false)
            return outcome
        }
        report.count(stage, rebuilt: true)
        report.rebuiltUnits.append(.init(stage: stage, name: name, reasons: [units[name] == nil ? whyNew : whyChanged]))
        return nil
    }

    /// Names of cached units that are no longer wanted.
    func stale(keeping current: Set<String>) -> [String] { units.keys.filter { !current.contains($0) } }

    /// A unit made under `key`, its outcome stored as canonical JSON.
    func row(_ name: String, key: ContentKey, outcome: some Encodable) -> UnitRow {
        UnitRow(stage: stage, name: name, contentKey: key.hex, detail: (try? CanonicalJSON.string(outcome)) ?? "{}")
    }

    /// Stores the units made this build and forgets those of inputs that are gone (not on a dry run).
    func store(_ rows: [UnitRow], keeping current: Set<String>, in index: Index?, dryRun: Bool) throws {
        guard !dryRun, let index else { return }
        try index.transaction {
            try index.putUnits(rows)
            try index.deleteUnits(stage: stage, names: stale(keeping: current))
        }
    }
}
