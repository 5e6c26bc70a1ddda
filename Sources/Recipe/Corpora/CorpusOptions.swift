/// What one corpus reader needs beyond its root: each kind has its own keys in `[[corpus]]`,
/// validated like the rest of the recipe (docs/corpora.md lists them per kind).
public enum CorpusOptions: Sendable, Equatable, Encodable {
    case folder
    case table(TableOptions)
    case mtgJamendo(JamendoOptions)
    case commonVoice(CommonVoiceOptions)
    case gtzan(GTZANOptions)
    case ballroom(BallroomOptions)
    case musdb(MUSDBOptions)
    case speechCommands(SpeechCommandsOptions)

    /// The options a kind has when the recipe gives none of its keys.
    public static func defaults(for kind: CorpusSpec.Kind) -> CorpusOptions {
        switch kind {
        case .folder: .folder
        case .table: .table(TableOptions(manifest: ""))
        case .mtgJamendo: .mtgJamendo(JamendoOptions())
        case .commonVoice: .commonVoice(CommonVoiceOptions())
        case .gtzan: .gtzan(GTZANOptions())
        case .ballroom: .ballroom(BallroomOptions())
        case .musdb: .musdb(MUSDBOptions())
        case .speechCommands: .speechCommands(SpeechCommandsOptions())
        }
    }

    /// The corpus kind these options belong to.
    public var kind: CorpusSpec.Kind {
        switch self {
        case .folder: .folder
        case .table: .table
        case .mtgJamendo: .mtgJamendo
        case .commonVoice: .commonVoice
        case .gtzan: .gtzan
        case .ballroom: .ballroom
        case .musdb: .musdb
        case .speechCommands: .speechCommands
        }
    }

    /// Reads the kind's own keys from a `[[corpus]]` table; the reader reports the rest as unknown.
    static func read(_ kind: CorpusSpec.Kind, from r: inout TableReader) -> CorpusOptions {
        switch kind {
        case .folder: .folder
        case .table: .table(TableOptions(reading: &r))
        case .mtgJamendo: .mtgJamendo(JamendoOptions(reading: &r))
        case .commonVoice: .commonVoice(CommonVoiceOptions(reading: &r))
        case .gtzan: .gtzan(GTZANOptions(reading: &r))
        case .ballroom: .ballroom(BallroomOptions(reading: &r))
        case .musdb: .musdb(MUSDBOptions(reading: &r))
        case .speechCommands: .speechCommands(SpeechCommandsOptions(reading: &r))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .folder: try [String: String]().encode(to: encoder)
        case .table(let o): try o.encode(to: encoder)
        case .mtgJamendo(let o): try o.encode(to: encoder)
        case .commonVoice(let o): try o.encode(to: encoder)
        case .gtzan(let o): try o.encode(to: encoder)
        case .ballroom(let o): try o.encode(to: encoder)
        case .musdb(let o): try o.encode(to: encoder)
        case .speechCommands(let o): try o.encode(to: encoder)
        }
    }
}
