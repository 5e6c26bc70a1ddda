import Foundation

/// The names corpora use for their splits, mapped to melshard's three.
public enum OfficialSplit {
    public static func normalised(_ name: String) -> String? {
        switch name.trimmingCharacters(in: .whitespaces).lowercased() {
        case "train", "training": "train"
        case "validation", "valid", "val", "dev", "development": "validation"
        case "test", "testing", "eval", "evaluation": "test"
        default: nil
        }
    }
}
