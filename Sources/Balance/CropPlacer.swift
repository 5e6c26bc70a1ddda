import MelshardCore
import Recipe

/// Where the crops of one source go: how many distinct crops the audio holds under the gap
/// and hop rules, and their starts. Draws come from streams named after the source (and the
/// label, under `duplicate`), so they never depend on other sources.
struct CropPlacer {
    var seed: UInt64
    var crop: ClipSpec.Crop
    /// Clip length in samples at the feature rate.
    var length: Int
    /// Starts are multiples of this (1 unless `align_to_hop`).
    var step: Int
    /// The least number of samples between the end of one crop and the start of the next; nil
    /// lets crops overlap.
    var gap: Int?
    /// Samples from one patch's start to the next (`crop = "patches"`).
    var patchHop: Int

    init(recipe: Recipe) {
        seed = recipe.seed
        crop = recipe.clips.crop
        length = recipe.clipSamples
        step = recipe.clips.alignToHop ? recipe.features.parameters.hop : 1
        gap = recipe.clips.minGapSeconds.map { Int(($0 * Double(recipe.features.parameters.sampleRate)).rounded(.up)) }
        patchHop = recipe.clips.patchHopFrames.map { $0 * recipe.features.parameters.hop } ?? recipe.clipSamples
    }

    /// The last allowed start, in steps; nil when the source is shorter than a clip (it is padded).
    private func lastStart(_ available: Int) -> Int? {
        available < length ? nil : (available - length) / step
    }

    /// Starts in steps that consecutive crops must be apart, when a gap is asked for.
    private var spacing: Int? { gap.map { ($0 + length + step - 1) / step } }

    /// How many crops the source can give: one for `start` and `center` crops and for a padded
    /// source; otherwise every distinct start, or as many as fit with the gap between them.
    func capacity(available: Int) -> Int {
        if crop == .patches, available >= length { return (available - length) / patchHop + 1 }
        guard crop == .random, let last = lastStart(available) else { return 1 }
        guard let spacing else { return last + 1 }
        return last / spacing + 1
    }

    /// `count` starts (in samples), ascending when a gap is asked for. `count` must not
    /// exceed `capacity`, except without a gap, where crops may coincide.
    func starts(count: Int, available: Int, stream: String) -> [Int] {
        guard let last = lastStart(available) else { return [Int](repeating: 0, count: count) }
        switch crop {
        case .start: return [0]
        case .center: return [((available - length) / 2) / step * step]
        case .patches: return (0..<min(count, capacity(available: available))).map { $0 * patchHop }
        case .random: break
        }
        guard let spacing else {
            // One draw per crop from its own stream: the crop k of a source stays put when
            // the source's count changes (today's `per_source` draws, when step is 1).
            return (0..<count).map { k in
                var random = SeededRandom(seed: seed, stream: "crop/\(stream)/\(k)")
                return Int(random.next() % UInt64(last + 1)) * step
            }
        }
        // k starts at least `spacing` apart in [0, last]: k sorted draws in the room left once
        // the spacing is taken out, then the spacing put back between them.
        let room = last - (count - 1) * spacing
        precondition(room >= 0, "more crops than the source holds")
        var random = SeededRandom(seed: seed, stream: "crops/\(stream)/\(count)")
        let draws = (0..<count).map { _ in Int(random.next() % UInt64(room + 1)) }.sorted()
        return draws.enumerated().map { ($1 + $0 * spacing) * step }
    }
}
