import Foundation
import Testing

@testable import Build

/// `rebuilt_units` lists the first 1,000 redone units of each stage and counts the rest in
/// `rebuilt_units_omitted`: a first build of a million sources would otherwise hold two million
/// entries (docs/build.md, "Memory").
@Suite struct RebuiltUnitListTests {
    @Test func eachStageListsItsFirstThousandAndCountsTheRest() throws {
        var report = BuildReport(output: "out", dryRun: true, jobs: 1)
        let limit = BuildReport.listedUnitsPerStage
        for i in 0..<(limit + 5) {
            report.redo(.init(stage: "probe", name: "p\(i)", reasons: ["new source"]))
        }
        report.redo(.init(stage: "plan", name: "plan", reasons: ["new output directory"]))
        #expect(report.rebuiltUnits.count == limit + 1)
        #expect(report.rebuiltUnits.filter { $0.stage == "probe" }.map(\.name) == (0..<limit).map { "p\($0)" })
        #expect(report.rebuiltUnitsOmitted == ["probe": 5])
        #expect(report.units["probe"]?.rebuilt == limit + 5)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        #expect(json?["rebuilt_units_omitted"] as? [String: Int] == ["probe": 5])
        // Nothing omitted: the field is left out, as the other optional fields are.
        var small = BuildReport(output: "out", dryRun: true, jobs: 1)
        small.redo(.init(stage: "probe", name: "p", reasons: ["new source"]))
        let smallJSON = try JSONSerialization.jsonObject(with: JSONEncoder().encode(small)) as? [String: Any]
        #expect(smallJSON?["rebuilt_units_omitted"] == nil)
    }
}
