import CEspeakNG
import Foundation

/// Text-to-speech through libespeak-ng, returning samples and word start times.
///
/// libespeak-ng carries state from one utterance to the next (the same sentence comes out with
/// its words a few samples apart after other sentences), and it cannot be terminated and
/// initialised again in one process (the second initialisation hangs). Callers that need the
/// same output whatever came before synthesise in a fresh process: `melshard align synthesize`.
///
/// libespeak-ng keeps one global synthesiser with global voice and rate settings and a global
/// callback, so every call goes through one process-wide lock; concurrent callers queue up. The
/// library is initialised once, on first use, in synchronous mode (no audio device).
public struct Speaker: Sendable {
    /// A language tag or voice name as `espeak-ng --voices` lists them (`en`, `en-us`, `en-gb-scotland`, …).
    public var voice: String
    /// Speaking rate in words per minute (espeak-ng accepts 80–450; 175 is its default).
    public var wordsPerMinute: Int
    /// Base pitch, 0–100 (espeak-ng's default is 50).
    public var pitch: Int

    public init(voice: String = "en", wordsPerMinute: Int = 175, pitch: Int = 50) {
        self.voice = voice
        self.wordsPerMinute = wordsPerMinute
        self.pitch = pitch
    }

    /// Synthesises `text` (plain UTF-8, no SSML).
    /// The corresponding C functions are `espeak_SetVoiceByName`, `espeak_SetParameter` and `espeak_Synth`.
    public func synthesize(_ text: String) throws(EspeakError) -> Synthesis {
        try Engine.shared.withLock { engine throws(EspeakError) in
            try engine.synthesize(text, speaker: self)
        }
    }

    /// The phonemes espeak-ng would speak for `text`, in IPA, one string per phoneme (stress
    /// marks ˈ ˌ stay attached to the phoneme they precede, length marks ː to the one they follow).
    /// Words are not marked: pass one word to get that word's phonemes. Rate and pitch do not
    /// matter. The corresponding C function is `espeak_TextToPhonemes`.
    public func phonemes(of text: String) throws(EspeakError) -> [String] {
        try Engine.shared.withLock { engine throws(EspeakError) in
            try engine.phonemes(text, speaker: self)
        }
    }
}

/// What the C callback appends to while `espeak_Synth` runs.
private final class Collector {
    var samples: [Float] = []
    var words: [SynthesizedWord] = []
}

/// The one place that calls libespeak-ng.
private final class Engine: @unchecked Sendable {
    static let shared = Engine()
    private let lock = NSLock()
    private var sampleRate: Int?

    func withLock<T>(_ body: (Engine) throws(EspeakError) -> T) throws(EspeakError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(self)
    }

    func rate() throws(EspeakError) -> Int {
        if let sampleRate { return sampleRate }
        // 0 buffer length = the default 200 ms; espeakINITIALIZE_DONT_EXIT keeps a bad data path
        // from killing the whole process.
        let rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nil, Int32(espeakINITIALIZE_DONT_EXIT))
        guard rate > 0 else {
            throw EspeakError(
                function: "espeak_Initialize",
                reason: "cannot initialise libespeak-ng (is the espeak-ng-data package installed?)")
        }
        espeak_SetSynthCallback { wav, count, events in
            guard let events, let context = events.pointee.user_data else { return 0 }
            let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
            if let wav, count > 0 {
                let buffer = UnsafeBufferPointer(start: wav, count: Int(count))
                collector.samples.append(contentsOf: buffer.lazy.map { Float($0) / 32768 })
            }
            var event = events
            while event.pointee.type != espeakEVENT_LIST_TERMINATED {
                if event.pointee.type == espeakEVENT_WORD {
                    // text_position is 1-based; `sample` counts from the start of this message.
                    collector.words.append(
                        SynthesizedWord(
                            characterOffset: Int(event.pointee.text_position) - 1,
                            characterCount: Int(event.pointee.length),
                            startSample: Int(event.pointee.sample)))
                }
                event += 1
            }
            return 0  // 0 = continue synthesis
        }
        sampleRate = Int(rate)
        return Int(rate)
    }

    func phonemes(_ text: String, speaker: Speaker) throws(EspeakError) -> [String] {
        _ = try rate()
        try selectVoice(speaker.voice)
        // IPA (bit 1), with a space between phonemes (bits 8-23); one call per clause.
        let mode = Int32(espeakPHONEMES_IPA) | Int32(UInt8(ascii: " ")) << 8
        var phonemes: [String] = []
        text.withCString { cText in
            var cursor: UnsafeRawPointer? = UnsafeRawPointer(cText)
            while cursor != nil {
                guard let out = espeak_TextToPhonemes(&cursor, Int32(espeakCHARS_UTF8), mode) else { break }
                phonemes += String(cString: out).split(whereSeparator: \.isWhitespace).map(String.init)
            }
        }
        return phonemes
    }

    private func selectVoice(_ voice: String) throws(EspeakError) {
        // espeak_SetVoiceByName matches a voice's *name* ("English_(Great_Britain)") or file; a
        // language tag such as "en-gb" is matched by properties instead.
        var voiceStatus = espeak_SetVoiceByName(voice)
        if voiceStatus != EE_OK {
            voiceStatus = voice.withCString { language in
                var spec = espeak_VOICE()
                spec.languages = language
                return espeak_SetVoiceByProperties(&spec)
            }
        }
        guard voiceStatus == EE_OK else {
            throw EspeakError(function: "espeak_SetVoiceByName", reason: "unknown voice \"\(voice)\"")
        }
    }

    func synthesize(_ text: String, speaker: Speaker) throws(EspeakError) -> Synthesis {
        let rate = try rate()
        try selectVoice(speaker.voice)
        espeak_SetParameter(espeakRATE, Int32(min(max(speaker.wordsPerMinute, 80), 450)), 0)
        espeak_SetParameter(espeakPITCH, Int32(min(max(speaker.pitch, 0), 100)), 0)
        let collector = Collector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        let status: espeak_ERROR = withExtendedLifetime(collector) {
            text.withCString { cText in
                espeak_Synth(
                    cText, strlen(cText) + 1, 0, POS_CHARACTER, 0,
                    UInt32(espeakCHARS_UTF8), nil, context)
            }
        }
        guard status == EE_OK else {
            throw EspeakError(function: "espeak_Synth", reason: "synthesis failed with status \(status.rawValue)")
        }
        return Synthesis(samples: collector.samples, sampleRate: rate, words: collector.words)
    }
}
