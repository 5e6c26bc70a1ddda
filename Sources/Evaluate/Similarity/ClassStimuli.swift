import NN
import Train

/// The stimuli of each class in a split: the clips that belong to that class alone, as study 003
/// takes the single-stem clips of MUSDB's test split.
///
/// Single-label builds: the clips labelled with the class. Multi-label builds: the clips whose
/// only label is the class (a mixture of two stems is no stimulus of either). The first
/// `limit` such clips of each class in the split's order are taken, so the choice is the same on
/// every run; classes with fewer than two are left out (no pair to compare).
public enum ClassStimuli {
    /// Per class with two or more stimuli, in the card's class order: its name and inputs `[N, …]`.
    public static func collect(
        _ loader: DataLoader, limit: Int
    ) throws(SimilarityError) -> [(
        name: String, inputs: Tensor
    )] {
        guard limit >= 2 else { throw .option("--max-stimuli \(limit): must be 2 or more (a pair)") }
        let names = loader.dataset.classNames
        let classes = names.count
        var values = [[Float]](repeating: [], count: classes)
        var counts = [Int](repeating: 0, count: classes)
        var exampleShape: [Int] = []
        let iterator = loader.batches(from: .start)
        while true {
            let next: Batch?
            do { next = try iterator.next() } catch { throw .data("\(error)") }
            guard let batch = next else { break }
            exampleShape = Array(batch.inputs.shape.dropFirst())
            let size = batch.inputs.count / max(1, batch.count)
            for i in 0..<batch.count {
                let only: Int?
                switch batch.targets {
                case .classes(let labels):
                    only = labels[i]
                case .multiHot(let hot):
                    let width = hot.count / max(1, batch.count)
                    let active = (0..<width).filter { hot.values[i * width + $0] > 0.5 }
                    only = active.count == 1 ? active[0] : nil
                }
                guard let c = only, c < classes, counts[c] < limit else { continue }
                values[c] += batch.inputs.values[(i * size)..<((i + 1) * size)]
                counts[c] += 1
            }
        }
        return (0..<classes).filter { counts[$0] >= 2 }.map { c in
            (names[c], Tensor(shape: [counts[c]] + exampleShape, values: values[c]))
        }
    }
}
