/// The version of how melshard computes a clip's numbers from its parameters: decoding,
/// resampling stretches, STFT, mel, scaling, resize. Bump it when a change moves any output
/// bit for the same parameters (even at float-rounding level); shard keys include it, so the
/// next build rewrites shards that the old code wrote instead of mixing the two.
///
/// 2: clips resample a stretch with context sized to the filter and a phase grid of at most
///    4096 frames (it was 4096 frames of context on a grid of about a second).
/// 3: sources of at most 60 s are resampled whole, once, and their clips cut from that signal
///    (`AudioLoader.resamplesWhole`); the mel projection is melshard's banded kernel
///    (`MelProjection`) instead of BLAS's sgemm, which sums in another order.
/// 4: dB takes each log10 in double precision, rounded to float32 once (`Decibels`), where it
///    was glibc's `log10f`, which is off by an ulp for some values.
public enum FeatureCodeVersion {
    public static let current = 4
}
