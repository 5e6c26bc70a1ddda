import CPocketSphinx
import Foundation

/// A pocketsphinx decoder that aligns known sentences: the one place that calls libpocketsphinx.
///
/// ```swift
/// let decoder = try Decoder(model: .englishUS, beam: 1e-48)
/// let words = try decoder.align(words: ["mary", "rolled", "the", "barrel"], samples: pcm16k)
/// ```
///
/// The grammar of an alignment holds exactly the given words, in order; the FSG search itself
/// adds optional silence and the model's fillers between them (`-fsgusesil`, `-fsgusefiller`).
/// `-remove_silence` is off: its VAD drops frames before decoding, so frame numbers would no
/// longer be time (praatio's `mary.wav` came out 0.23 s early with it on).
///
/// Each call is independent of the calls before it (a new stream per sentence), so the result
/// does not depend on which decoder, or which thread, aligns a sentence.
///
/// Not thread-safe (libpocketsphinx's decoder is not): use one decoder per thread, one call at a
/// time. Creating one loads the model and the dictionary (0.15–0.35 s); keep it.
public final class Decoder: @unchecked Sendable {
    /// Frames per second of the model's front end (10-ms hop).
    public static let framesPerSecond = 100

    public let model: AcousticModel
    /// The search's beam (`-beam`, `-pbeam` and `-wbeam`): smaller keeps more hypotheses alive.
    public let beam: Double
    private let decoder: OpaquePointer
    private let config: OpaquePointer

    /// Loads `model` with a decoder for forced alignment at `beam`.
    public init(model: AcousticModel = .englishUS, beam: Double = 1e-48) throws(PocketSphinxError) {
        if let missing = model.missingFiles { throw PocketSphinxError(function: "ps_init", reason: missing) }
        self.model = model
        self.beam = beam
        let beamText = String(beam)
        let arguments = [
            "-hmm", model.directory, "-dict", model.dictionary, "-samprate", String(model.sampleRate),
            "-remove_silence", "no", "-bestpath", "no", "-beam", beamText, "-pbeam", beamText, "-wbeam", beamText,
            "-fillprob", "1e-8", "-silprob", "0.005", "-logfn", "/dev/null",
        ]
        // sphinxbase's logging and argument tables are process-wide: set up under one lock.
        let made: (OpaquePointer?, OpaquePointer?) = Self.setupLock.withLock {
            _ = err_set_logfp(nil)
            var cStrings = arguments.map { strdup($0) }
            defer { cStrings.forEach { free($0) } }
            guard let config = cmd_ln_parse_r(nil, ps_args(), Int32(cStrings.count), &cStrings, 1) else {
                return (nil, nil)
            }
            return (config, ps_init(config))
        }
        guard let config = made.0 else {
            throw PocketSphinxError(function: "cmd_ln_parse_r", reason: "the decoder's settings were refused")
        }
        guard let decoder = made.1 else {
            _ = cmd_ln_free_r(config)
            throw PocketSphinxError(
                function: "ps_init", reason: "cannot load the acoustic model \(model.directory)")
        }
        self.config = config
        self.decoder = decoder
    }

    deinit {
        _ = ps_free(decoder)
        _ = cmd_ln_free_r(config)
    }

    private static let setupLock = NSLock()

    /// The phones of `word` in the dictionary (first pronunciation), or nil when it is not in it.
    public func pronunciation(of word: String) -> [String]? {
        guard let phones = ps_lookup_word(decoder, word) else { return nil }
        defer { free(phones) }
        return String(cString: phones).split(separator: " ").map(String.init)
    }

    /// Adds `word` to the dictionary with `phones` (the model's phone names), for this decoder.
    public func addWord(_ word: String, phones: [String]) throws(PocketSphinxError) {
        try check(ps_add_word(decoder, word, phones.joined(separator: " "), 0), "ps_add_word", word)
    }

    /// Aligns `words` (all in the dictionary) on `samples` (mono, 16-bit, at the model's rate).
    ///
    /// - Returns: one `AlignedWord` per word, in order; nil when the search did not reach the
    ///   grammar's end at this beam (the audio does not hold the sentence as the model hears it).
    public func align(words: [String], samples: [Int16]) throws(PocketSphinxError) -> [AlignedWord]? {
        guard !words.isEmpty, !samples.isEmpty else { return nil }
        let logMath = ps_get_logmath(decoder)
        guard let grammar = fsg_model_init("align", logMath, 1.0, Int32(words.count + 1)) else {
            throw PocketSphinxError(function: "fsg_model_init", reason: "cannot make a grammar")
        }
        grammar.pointee.start_state = 0
        grammar.pointee.final_state = Int32(words.count)
        for (i, word) in words.enumerated() {
            let id = fsg_model_word_add(grammar, word)
            fsg_model_trans_add(grammar, Int32(i), Int32(i + 1), 0, id)
        }
        // The search retains the grammar.
        let set = ps_set_fsg(decoder, "align", grammar)
        _ = fsg_model_free(grammar)
        try check(set, "ps_set_fsg", words.joined(separator: " "))
        try check(ps_set_search(decoder, "align"), "ps_set_search", "align")
        // A fresh stream per sentence: the noise estimate of `-remove_noise` otherwise carries over
        // from the previous utterance, and a sentence's scores (and, rarely, its times) would
        // depend on what this decoder aligned before, i.e. on the build's thread count.
        try check(ps_start_stream(decoder), "ps_start_stream", "")
        try check(ps_start_utt(decoder), "ps_start_utt", "")
        let processed = samples.withUnsafeBufferPointer { ps_process_raw(decoder, $0.baseAddress, $0.count, 0, 1) }
        let ended = ps_end_utt(decoder)
        try check(processed, "ps_process_raw", "\(samples.count) samples")
        try check(ended, "ps_end_utt", "")
        guard ps_get_hyp(decoder, nil) != nil else { return nil }

        var aligned: [AlignedWord] = []
        var segment = ps_seg_iter(decoder)
        while let current = segment {
            let name = String(cString: ps_seg_word(current))
            if !Self.isFiller(name) {
                var start: Int32 = 0
                var end: Int32 = 0
                var acoustic: Int32 = 0
                var language: Int32 = 0
                var backoff: Int32 = 0
                ps_seg_frames(current, &start, &end)
                _ = ps_seg_prob(current, &acoustic, &language, &backoff)
                aligned.append(
                    AlignedWord(
                        word: Self.baseWord(name), startFrame: Int(start), endFrame: Int(end),
                        acousticScore: logmath_log_to_ln(logMath, acoustic)))
            }
            segment = ps_seg_next(current)
        }
        // A full path holds every word once; anything else is not an alignment of the sentence.
        guard aligned.map(\.word) == words else { return nil }
        return aligned
    }

    /// The one choke point for libpocketsphinx's status codes (negative is failure).
    private func check(_ status: Int32, _ function: String, _ subject: String) throws(PocketSphinxError) {
        guard status < 0 else { return }
        let what = subject.isEmpty ? "" : " for \"\(subject)\""
        throw PocketSphinxError(function: function, reason: "failed with status \(status)\(what)")
    }

    /// `<sil>`, `<s>`, `</s>`, `[NOISE]`, `[SPEECH]`, …
    static func isFiller(_ name: String) -> Bool {
        name.hasPrefix("<") || name.hasPrefix("[") || name.hasPrefix("+")
    }

    /// "barrel(2)" → "barrel".
    static func baseWord(_ name: String) -> String {
        guard name.hasSuffix(")"), let open = name.lastIndex(of: "(") else { return name }
        return String(name[..<open])
    }
}
