import Foundation
import Synchronization

/// Lets the kill-and-resume tests stop a real build at an exact instant with a real SIGKILL:
/// `MELSHARD_KILL_AT=POINT:N` kills the process the N-th time it reaches POINT (1-based).
///
/// Points: `probe-batch` (after a batch of probe results is committed; likewise `activity-batch`,
/// `align-batch` and `shard-batch` after their stages commit units), `shard-written`
/// (a shard's temporary file is complete and synced, not yet renamed), `shard-renamed`
/// (the shard is in place, not yet recorded in the index). Unset, this costs one lookup.
///
/// Debug builds only (`swift build`, `swift test`, which the tests run): a release build
/// (`swift build -c release`, what users install) compiles `point` to nothing, so no
/// environment variable can make an installed melshard kill itself.
enum FaultInjection {
    #if DEBUG
        private static let target: (point: String, count: Int)? = {
            guard let spec = ProcessInfo.processInfo.environment["MELSHARD_KILL_AT"] else { return nil }
            let parts = spec.split(separator: ":")
            guard parts.count == 2, let n = Int(parts[1]) else { return nil }
            return (String(parts[0]), n)
        }()

        private static let reached = Mutex<[String: Int]>([:])
    #endif

    static func point(_ name: String) {
        #if DEBUG
            guard let target, target.point == name else { return }
            let count = reached.withLock { seen in
                seen[name, default: 0] += 1
                return seen[name]!
            }
            if count == target.count { kill(getpid(), SIGKILL) }
        #endif
    }
}
