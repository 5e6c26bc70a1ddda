import FeatureSettings

extension PadMode {
    /// The sample that position `index` of a padded signal copies (`index` may lie before 0 or
    /// at or past `count`), or nil where constant padding holds a zero. numpy's "reflect" mirrors
    /// about the end samples without repeating them, and keeps mirroring when the pad is longer
    /// than the signal. `FeatureExtractor` frames through this map, and `MelSpectrogramGradient`
    /// folds the pad's gradient back through it.
    func source(ofPadded index: Int, count: Int) -> Int? {
        if index >= 0 && index < count { return index }
        switch self {
        case .constant:
            return nil
        case .reflect:
            guard count > 1 else { return 0 }
            let period = 2 * (count - 1)
            var i = index % period
            if i < 0 { i += period }
            return i < count ? i : period - i
        }
    }
}
