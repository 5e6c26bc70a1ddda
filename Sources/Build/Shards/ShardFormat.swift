/// The version of everything a shard's bytes depend on besides its inputs: the tensor names and
/// layout, the metadata, the shuffle. Bump it when any of them changes; every shard's content
/// key includes it, so the next build rewrites them all.
public enum ShardFormat {
    public static let version = 1
    public static let name = "melshard-shard"
    /// What the `features` tensor's axes are.
    public static let featuresLayout = "clip,band,frame"
}
