import Dispatch

/// Runs `body` over `0..<count` on up to `threads` threads.
///
/// Each index is computed by exactly one call with the same arguments whatever `threads` is,
/// so as long as `body(i)` writes only its own part of the output, results do not depend on
/// the thread count.
public enum Parallel {
    public static func forEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        if threads <= 1 || count <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        let workers = min(threads, count)
        withoutActuallyEscaping(body) { body in
            // Each index is claimed by exactly one worker, so the calls never race on what
            // `body` writes; the box only carries the closure across the Sendable boundary.
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var i = worker
                while i < count {
                    box.value(i)
                    i += workers
                }
            }
        }
    }
}

private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
