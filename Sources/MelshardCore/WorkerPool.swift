import Foundation

/// Runs `work` on `items` with `jobs` threads and hands each result to `deliver` on the
/// calling thread, in completion order.
///
/// At most `jobs` results wait to be delivered: a worker that finishes while the queue is full
/// waits, so memory stays bounded by about 2 × `jobs` items in flight whatever the item count.
/// Which thread computes an item never changes its result, so outputs do not depend on `jobs`.
public enum WorkerPool {
    public static func run<Item: Sendable, Output: Sendable>(
        _ items: [Item], jobs: Int, work: @escaping @Sendable (Item) -> Output, deliver: (Int, Output) throws -> Void
    ) rethrows {
        if items.isEmpty { return }
        let jobs = max(1, min(jobs, items.count))
        if jobs == 1 {
            for (i, item) in items.enumerated() { try deliver(i, work(item)) }
            return
        }
        let queue = ResultQueue<Output>(capacity: jobs)
        let threads = (0..<jobs).map { _ in
            Thread {
                while let i = queue.claim(below: items.count) {
                    queue.put(i, work(items[i]))
                }
                queue.workerDone()
            }
        }
        threads.forEach {
            $0.stackSize = 8 << 20; $0.start()
        }
        var failure: Error?
        while let (i, output) = queue.take() {
            if failure != nil { continue }
            do { try deliver(i, output) } catch {
                failure = error
                queue.cancel()
            }
        }
        if let failure { try { throw failure }() }
    }
}

/// The hand-off between workers and the delivering thread.
private final class ResultQueue<Output>: @unchecked Sendable {
    private let condition = NSCondition()
    private var next = 0
    private var results: [(Int, Output)] = []
    private var running: Int
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        self.running = capacity
    }

    func claim(below count: Int) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard !cancelled, next < count else { return nil }
        next += 1
        return next - 1
    }

    func put(_ index: Int, _ output: Output) {
        condition.lock()
        while results.count >= capacity && !cancelled { condition.wait() }
        results.append((index, output))
        condition.broadcast()
        condition.unlock()
    }

    func workerDone() {
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    func take() -> (Int, Output)? {
        condition.lock()
        defer { condition.unlock() }
        while results.isEmpty && running > 0 { condition.wait() }
        guard !results.isEmpty else { return nil }
        condition.broadcast()
        return results.removeFirst()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
