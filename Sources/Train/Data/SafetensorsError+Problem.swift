import Safetensors

extension SafetensorsError {
    /// The reason without the path, for messages that name the file themselves.
    var problem: String {
        var reason = self
        reason.path = ""
        return "\(reason)"
    }
}
