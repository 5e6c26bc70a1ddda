import Testing

@testable import Balance

@Suite struct SourceLabelsTests {
    /// Looked up as the dictionary it replaces would be: by id, nil for an unlisted one, the
    /// last classes of an id given twice; `values` in id order.
    @Test func aLookupGivesWhatADictionaryWould() {
        let entries: [(id: Int64, classes: [Int])] = [
            (42, [0, 3]), (-7, []), (9, [1]), (42, [2]), (Int64.max, [5, 6, 7]), (Int64.min, [4]),
        ]
        let labels = SourceLabels(entries)
        var dictionary: [Int64: [Int]] = [:]
        for (id, classes) in entries { dictionary[id] = classes }
        for id in dictionary.keys { #expect(labels[id] == dictionary[id], "id \(id)") }
        for id: Int64 in [0, 8, 10, 41, 43, Int64.max - 1, Int64.min + 1] { #expect(labels[id] == nil, "id \(id)") }
        #expect(labels.count == dictionary.count)
        #expect(Array(labels.values) == dictionary.keys.sorted().map { dictionary[$0]! })
        #expect(SourceLabels()[1] == nil && SourceLabels().count == 0)
    }
}
