/// Why a similarity study cannot run, each case one line naming the class, the filter or the option.
public enum SimilarityError: Error, Equatable, CustomStringConvertible {
    /// A class has fewer than two stimuli, so no pair to compare.
    case tooFewStimuli(className: String, count: Int)
    /// The filter asked for is not in every feature-map point; the point and its channel count.
    case filterOutOfRange(filter: Int, point: String, channels: Int)
    /// A stimulus index beyond the class's stimuli.
    case stimulusOutOfRange(className: String, index: Int, count: Int)
    case option(String)
    /// The data could not be read (a shard), with the loader's one line.
    case data(String)

    public var description: String {
        switch self {
        case .tooFewStimuli(let name, let count):
            return "similarity: class \(name) has \(count) stimul\(count == 1 ? "us" : "i"); a pair needs two"
        case .filterOutOfRange(let filter, let point, let channels):
            return "similarity: --filter \(filter) is beyond \(point), which has \(channels) filters"
        case .stimulusOutOfRange(let name, let index, let count):
            return "similarity: stimulus \(index) of class \(name) does not exist (it has \(count), counted from 0)"
        case .option(let message):
            return "similarity: " + message
        case .data(let message):
            return message
        }
    }
}
