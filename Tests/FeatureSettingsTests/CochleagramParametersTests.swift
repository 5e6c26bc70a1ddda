import FeatureSettings
import Foundation
import Testing

/// The cochleagram preset's shape, the rules its validation enforces, and the JSON it adds
/// to (and, for every mel preset, leaves out of) the shard metadata and content keys.
@Suite struct CochleagramParametersTests {
    @Test func presetGives211ChannelsAnd390FramesFor2Seconds() throws {
        let p = FeaturePreset.cochleagram.parameters
        let c = try #require(p.cochleagram)
        #expect(p.sampleRate == 20000)
        #expect(c.bandPassCount == 203)
        #expect(c.channelCount == 211)
        #expect(FeaturePreset.cochleagram.studyClipSamples == 40000)
        #expect(p.outputShape(forSamples: 40000) == (211, 390))
        // 1 + ⌊(N − 1001) / 100⌋, no padding: the window must fit once.
        #expect(p.frameCount(forSamples: 1000) == 0)
        #expect(p.frameCount(forSamples: 1001) == 1)
        #expect(p.frameCount(forSamples: 20000) == 190)
        var small = c
        small.sampleFactor = 1
        small.n = 8
        #expect(small.channelCount == 10)
        try p.validate()
    }

    @Test func validateNamesTheCochleagramKey() {
        func failure(_ change: (inout FeatureParameters) -> Void) -> FeatureError? {
            var p = FeaturePreset.cochleagram.parameters
            change(&p)
            do { try p.validate() } catch { return error }
            return nil
        }
        #expect(failure { $0.cochleagram!.sampleFactor = 3 }?.key == "cochleagram.sample_factor")
        #expect(failure { $0.cochleagram!.n = 0 }?.key == "cochleagram.n")
        #expect(failure { $0.cochleagram!.lowLimit = 0 }?.key == "cochleagram.low_lim")
        #expect(failure { $0.cochleagram!.highLimit = 12000 }?.key == "cochleagram.high_lim")
        #expect(failure { $0.cochleagram!.envelopeRate = 300 }?.key == "cochleagram.env_sr")
        #expect(failure { $0.cochleagram!.windowSize = 1 }?.key == "cochleagram.window_size")
        #expect(failure { $0.cochleagram!.kaiserBeta = -1 }?.key == "cochleagram.kaiser_beta")
        #expect(failure { $0.cochleagram!.power = 0 }?.key == "cochleagram.power")
        #expect(failure { $0.cochleagram!.offset = -1 }?.key == "cochleagram.offset")
        // 16 kHz puts the Nyquist frequency under the default high_lim of 10 kHz.
        let rate = failure { $0.sampleRate = 16000 }
        #expect(
            rate?.description
                == "invalid cochleagram.high_lim = 10000.0: expected a frequency in Hz, "
                + "low_lim (50.0) < high_lim ≤ sample_rate/2 (8000.0)"
        )
        // A mel key would be silently ignored, so it is rejected by name.
        let mel = failure { $0.nMels = 64 }
        #expect(mel?.key == "n_mels")
        #expect(mel?.description.contains("cochleagram") == true)
        #expect(failure { $0.topDB = nil }?.key == "top_db")
        #expect(failure { $0.resize = ImageSize(height: 32, width: 32) } == nil)
        #expect(failure { _ in } == nil)
    }

    /// Mel presets encode exactly the keys they always had, so their content keys (and shards)
    /// do not change; the cochleagram's keys nest under `cochleagram` and round-trip.
    @Test func jsonNestsTheCochleagramAndLeavesMelPresetsAlone() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for preset in FeaturePreset.allCases where preset != .cochleagram {
            let json = try #require(String(data: try encoder.encode(preset.parameters), encoding: .utf8))
            #expect(!json.contains("cochleagram"), "\(preset): \(json)")
        }
        let p = FeaturePreset.cochleagram.parameters
        let json = try #require(String(data: try encoder.encode(p), encoding: .utf8))
        for key in [
            "\"sample_rate\":20000", "\"cochleagram\":{", "\"n\":50", "\"low_lim\":50", "\"high_lim\":10000",
            "\"sample_factor\":4", "\"env_sr\":200", "\"window_size\":1001", "\"kaiser_beta\":5", "\"power\":0.3",
            "\"offset\":1e-08",
        ] {
            #expect(json.contains(key), "\(key) in \(json)")
        }
        #expect(try JSONDecoder().decode(FeatureParameters.self, from: Data(json.utf8)) == p)
    }
}
