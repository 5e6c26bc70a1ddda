import FeatureSettings
import Foundation
import Testing

/// What to compute: frame counts as librosa counts them, the studies' input shapes, the rules
/// `validate` enforces, and the JSON that content keys and shard metadata are made from.
@Suite struct FeatureParametersTests {
    @Test func framesCountAsLibrosaDoes() {
        var p = FeatureParameters()
        // Centred: 1 + ⌊N / hop⌋ (librosa pads n_fft/2 each side).
        #expect(p.frameCount(forSamples: 22050) == 1 + 22050 / 512)
        #expect(p.frameCount(forSamples: 0) == 1)
        p.center = false
        #expect(p.frameCount(forSamples: 22050) == 1 + (22050 - 2048) / 512)
        #expect(p.frameCount(forSamples: 2047) == 0)
        #expect(p.frameCount(forSamples: 2048) == 1)
    }

    /// Each study's clip length gives the network input its paper states.
    @Test func studyPresetsGiveTheStudiesInputs() throws {
        let expected: [FeaturePreset: (Int, Int)] = [.heydarshahi: (128, 128), .pons: (40, 80), .gebhardt: (80, 300)]
        for (preset, shape) in expected {
            let samples = try #require(preset.studyClipSamples)
            let out = preset.parameters.outputShape(forSamples: samples)
            #expect(out.rows == shape.0 && out.columns == shape.1, "\(preset): \(out)")
        }
        // Heydarshahi before the resize: the (96, 95) the study reports.
        var unresized = FeaturePreset.heydarshahi.parameters
        unresized.resize = nil
        #expect(unresized.outputShape(forSamples: 24064) == (96, 95))
        for preset in FeaturePreset.allCases { #expect(throws: Never.self) { try preset.parameters.validate() } }
    }

    @Test func validateNamesTheKeyTheValueAndWhatIsAllowed() {
        func failure(_ change: (inout FeatureParameters) -> Void) -> FeatureError? {
            var p = FeatureParameters()
            change(&p)
            do { try p.validate() } catch { return error }
            return nil
        }
        #expect(failure { $0.nMels = 0 }?.key == "n_mels")
        #expect(failure { $0.hop = 0 }?.key == "hop_length")
        #expect(failure { $0.winLength = 4096 }?.key == "win_length")
        #expect(failure { $0.fmax = 20000 }?.key == "fmax")
        #expect(failure { $0.fmin = 11025 }?.key == "fmin")
        #expect(failure { $0.dbRef = .value(0) }?.key == "db_ref")
        #expect(failure { $0.topDB = -1 }?.key == "top_db")
        #expect(failure { $0.resize = ImageSize(height: 0, width: 10) }?.key == "resize")
        #expect(failure { $0.channel = .index(-1) }?.key == "channel")
        let error = failure { $0.sampleRate = 0 }
        #expect(error?.description == "invalid sample_rate = 0: expected an integer rate in Hz, 1…768000")
        #expect(failure { _ in } == nil)
    }

    /// The keys are the recipe's snake_case keys, and a value survives the round trip.
    @Test func jsonUsesTheRecipesKeysAndRoundTrips() throws {
        let p = FeaturePreset.pons.parameters
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try #require(String(data: try encoder.encode(p), encoding: .utf8))
        for key in [
            "\"sample_rate\":44100", "\"n_fft\":2048", "\"hop_length\":1024", "\"n_mels\":40",
            "\"window\":\"blackmanharris\"",
            "\"log_multiplier\":10000",
        ] {
            #expect(json.contains(key), "\(key) in \(json)")
        }
        #expect(try JSONDecoder().decode(FeatureParameters.self, from: Data(json.utf8)) == p)
    }
}
