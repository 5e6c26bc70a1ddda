/// The tool's version, written into every card and build record.
public enum MelshardVersion {
    public static let current = "0.1.0"
}
