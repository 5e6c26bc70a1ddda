import Foundation

/// Idle instances of something costly to make and not thread-safe (a feature extractor with
/// its FFT plan and scratch buffers), each lent to one thread at a time. It grows to the most
/// threads ever borrowing at once and no further: a returned instance is taken before a new one
/// is made.
public final class LendingPool<Resource>: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [Resource] = []

    public init() {}

    /// Runs `body` with an idle instance, or one made by `make` when none is idle.
    public func borrow<T, E: Error>(make: () throws(E) -> Resource, _ body: (Resource) throws(E) -> T) throws(E) -> T {
        let resource: Resource
        if let reused = lock.withLock({ idle.popLast() }) { resource = reused } else { resource = try make() }
        defer { lock.withLock { idle.append(resource) } }
        return try body(resource)
    }
}
