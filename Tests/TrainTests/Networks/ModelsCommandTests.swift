import Foundation
import TestSupport
import Testing

@testable import Train

/// `melshard models`, run as a real subprocess, against `NetworkRegistry` in this process.
@Suite(.serialized) struct ModelsCommandTests {
    private func listed(_ arguments: [String]) throws -> [NetworkDescription] {
        let outcome = try Melshard.run(["models", "--json"] + arguments)
        try #require(outcome.status == 0, "melshard models failed: \(outcome.stderr)")
        return try JSONDecoder().decode([NetworkDescription].self, from: Data(outcome.stdout.utf8))
    }

    @Test func jsonListsEveryRegistryNetworkWithItsCounts() throws {
        let listed = try listed([])
        #expect(listed.map(\.name) == NetworkRegistry.names)
        for (description, entry) in zip(listed, NetworkRegistry.entries) {
            let network = try NetworkRegistry.make(
                entry.name, inputShape: entry.input ?? NetworkRegistry.defaultInput, classes: entry.studyClasses,
                seed: 4)
            #expect(description.outputs == entry.studyClasses)
            #expect(try network.outputShape(batch: 1) == [1, description.outputs])
            #expect(description.trainableParameters == network.parameterCount, "\(entry.name)")
            let floats = network.parameters.filter { $0.parameter.role != .counter }.reduce(0) {
                $0 + $1.parameter.value.count
            }
            #expect(description.parametersWithStatistics == floats, "\(entry.name)")
            #expect(description.inputShape == entry.input && description.study == entry.study)
            #expect(description.task == (entry.multiLabel ? "multi-label" : "single-label"))
        }
        // The studies' own figures, where a study states one (docs/train.md).
        let byName = Dictionary(uniqueKeysWithValues: listed.map { ($0.name, $0) })
        #expect(byName["pons-black-box"]?.parametersWithStatistics == 3_275_312)
        #expect(byName["pons-time-frequency"]?.parametersWithStatistics == 196_816)
        #expect(byName["lu-2d"]?.parametersWithStatistics == 1_625_612)
        #expect(byName["vgg16"]?.trainableParameters == 136_431_056)
    }

    @Test func classesChangesEveryHead() throws {
        let listed = try listed(["--classes", "61"])
        for description in listed {
            let entry = try NetworkRegistry.entry(description.name)
            #expect(description.outputs == 61)
            let network = try NetworkRegistry.make(
                entry.name, inputShape: entry.input ?? NetworkRegistry.defaultInput, classes: 61, seed: 0)
            #expect(description.trainableParameters == network.parameterCount, "\(entry.name)")
        }
        let refused = try Melshard.run(["models", "--classes", "0"])
        #expect(refused.status == 64 && refused.stderr.contains("--classes 0"), "\(refused.stderr)")
    }

    @Test func tableAndTrainListModelsAgree() throws {
        let models = try Melshard.run(["models"])
        let alias = try Melshard.run(["train", "--list-models"])
        #expect(models.status == 0 && alias.status == 0)
        #expect(models.stdout == alias.stdout)
        let lines = models.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("model") == true)
        let row = lines.first { $0.hasPrefix("pons-black-box ") }?.split(separator: " ").map(String.init)
        #expect(row == ["pons-black-box", "004", "single-label", "1×40×80", "8", "3,275,312", "3,275,312"])
        for name in NetworkRegistry.names { #expect(lines.contains { $0.hasPrefix(name + " ") }, "\(name)") }
    }

    /// Every study network states its study and outputs, so `melshard models` and
    /// `import-weights` can default to them; a network added without them fails here.
    @Test func everyStudyNetworkStatesItsStudyAndClasses() {
        for entry in NetworkRegistry.entries where entry.input != nil {
            #expect(
                entry.study != nil && entry.classes != nil, "\(entry.name): give study: and classes: in NetworkRegistry"
            )
        }
    }
}
