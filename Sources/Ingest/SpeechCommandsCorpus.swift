import Foundation
import MelshardCore
import Recipe

/// The `speech-commands` corpus: Google Speech Commands v0.01 / v0.02 and the TensorFlow
/// tutorial's `mini_speech_commands`, as unpacked: `<word>/<speaker>_nohash_<n>.wav`, the two
/// split lists, `_background_noise_/`. One source per clip, labelled with its word and grouped
/// by speaker, since the same speaker says every word.
enum SpeechCommandsCorpus {
    static let backgroundFolder = "_background_noise_"

    /// Where the corpus may sit below the root. Keras' `get_file(extract=True)` unpacks
    /// mini_speech_commands.zip into `mini_speech_commands_extracted/mini_speech_commands/`, older
    /// versions into `mini_speech_commands/`; a root pointing at either parent still works.
    static let nestings = ["mini_speech_commands_extracted/mini_speech_commands", "mini_speech_commands"]

    static func scan(_ options: SpeechCommandsOptions, root: CorpusRoot) throws(CorpusError) -> CorpusScan {
        let base = nestings.first { CorpusRoot.isFolder(root.path + "/" + $0) } ?? ""
        var scan = CorpusScan()
        let lists = try splitLists(options, root: root, base: base)
        scan.rejects += lists?.rejects ?? []
        var wordClipsSeen = 0
        // which_set hashes only the speaker, and v0.02 has about 40 clips per speaker.
        var hashSplitOfSpeaker: [String: String] = [:]

        for relative in root.files(under: base, rejects: &scan.rejects) {
            let parts = (base.isEmpty ? relative : String(relative.dropFirst(base.count + 1))).split(separator: "/")
                .map(String.init)
            let name = parts[parts.count - 1]
            let isWAV = (name as NSString).pathExtension.lowercased() == "wav"
            func reject(_ code: String, _ reason: String) {
                scan.rejects.append(
                    Reject(corpus: root.corpus, path: relative, stage: .ingest, code: code, reason: reason))
            }

            if parts.count == 1 {
                let isList = name == SpeechCommandsLists.validation || name == SpeechCommandsLists.testing
                if isList && lists != nil { continue }
                if isWAV {
                    reject(
                        "no-label-folder",
                        "a clip directly in the corpus folder has no word; Speech Commands keeps clips in <word>/")
                } else {
                    scan.ignoredFiles += 1
                }
                continue
            }
            guard isWAV else {
                scan.ignoredFiles += 1
                continue
            }
            if parts[0] == backgroundFolder {
                // TensorFlow's input_data skips this folder for word clips; old torchaudio put it
                // into training. Here it is never a word, and only a source when asked for.
                guard options.includeBackground else {
                    scan.ignoredFiles += 1
                    continue
                }
                scan.add(root.candidate(relative, labels: [backgroundFolder], group: name))
                continue
            }
            wordClipsSeen += 1
            guard parts.count == 2 else {
                reject(
                    "nested-clip",
                    "a clip below \(parts[0])/\(parts[1])/ is not read; Speech Commands keeps clips directly in <word>/"
                )
                continue
            }
            let stem = (name as NSString).deletingPathExtension
            guard let marker = stem.range(of: "_nohash_"), marker.lowerBound > stem.startIndex else {
                reject(
                    "no-speaker-hash",
                    "the file name has no speaker hash before `_nohash_`, so the clip cannot be kept apart "
                        + "from its speaker's other clips; Speech Commands names clips <speaker>_nohash_<n>.wav")
                continue
            }
            let speaker = String(stem[..<marker.lowerBound])
            let word = parts[0].lowercased()
            let split: String
            if let lists {
                split = lists.splits[PathKey(relative)]?.split ?? "train"
            } else if let known = hashSplitOfSpeaker[speaker] {
                split = known
            } else {
                split = SpeechCommandsHashSplit.split(
                    name, validationPercent: options.validationPercent,
                    testingPercent: options.testingPercent)
                hashSplitOfSpeaker[speaker] = split
            }
            scan.add(
                root.candidate(
                    relative, labels: [word], group: speaker, officialSplit: split,
                    attributes: ["speaker": speaker, "utterance": String(stem[marker.upperBound...]), "word": word]))
        }

        if wordClipsSeen == 0 {
            throw CorpusError(
                corpus: root.corpus, path: base.isEmpty ? root.path : root.path + "/" + base,
                reason: "holds no <word>/<speaker>_nohash_<n>.wav clip",
                hint:
                    "point `root` at the folder holding the word folders (speech_commands_v0.02/, mini_speech_commands/)"
            )
        }
        return scan
    }

    /// The shipped lists, or nil when the hash rule decides. With `auto`, one list without the
    /// other stops the build: reading the missing set as training data would leak it.
    private static func splitLists(
        _ options: SpeechCommandsOptions, root: CorpusRoot, base: String
    ) throws(CorpusError) -> SpeechCommandsLists? {
        let prefix = base.isEmpty ? "" : base + "/"
        switch options.splitRule {
        case .hash:
            return nil
        case .lists:
            let hint =
                "v0.01 and v0.02 ship validation_list.txt and testing_list.txt; mini_speech_commands has none, "
                + "so use split_rule = \"auto\" or \"hash\" for it"
            return SpeechCommandsLists(
                validation: try root.requiredManifest(prefix + SpeechCommandsLists.validation, hint: hint),
                testing: try root.requiredManifest(prefix + SpeechCommandsLists.testing, hint: hint),
                base: base, root: root)
        case .auto:
            let validation = root.optionalManifest(prefix + SpeechCommandsLists.validation)
            let testing = root.optionalManifest(prefix + SpeechCommandsLists.testing)
            switch (validation, testing) {
            case (nil, nil):
                return nil
            case (let validation?, let testing?):
                return SpeechCommandsLists(validation: validation, testing: testing, base: base, root: root)
            default:
                let missing = validation == nil ? SpeechCommandsLists.validation : SpeechCommandsLists.testing
                throw CorpusError(
                    corpus: root.corpus, path: root.resolve(prefix + missing),
                    reason: "is missing while the other split list is present",
                    hint: "restore it from the archive, or set split_rule = \"hash\" to use TensorFlow's which_set rule"
                )
            }
        }
    }
}
