import Foundation

/// One epoch's batches, in order. With prefetch, a background thread makes batch i + 1 while
/// the caller trains on batch i; it makes them in the same order with the same contents as
/// without, only earlier. Dropping the iterator before the end stops the thread.
public final class BatchIterator {
    private let channel: PrefetchChannel?
    private let producer: BatchProducer?

    init(producer: BatchProducer, prefetch: Bool) {
        if prefetch {
            channel = PrefetchChannel(producer: producer)
            self.producer = nil
        } else {
            channel = nil
            self.producer = producer
        }
    }

    deinit {
        channel?.cancel()
        producer?.finish()
    }

    /// The next batch, or nil after the epoch's last.
    ///
    /// - Throws: `DataError` when a shard cannot be read; the iterator then ends.
    public func next() throws(DataError) -> Batch? {
        if let producer { return try producer.next() }
        return try channel!.take()
    }

    /// What has been read so far. With prefetch, the producer may be a batch ahead.
    public var statistics: LoaderStatistics {
        producer?.statistics ?? channel!.statistics
    }
}

/// The hand-over between the prefetch thread and the caller: at most one finished batch
/// waits, so memory holds two batches (the caller's and the next) beside the loaded shards.
private final class PrefetchChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [Result<Batch?, DataError>] = []
    private var cancelled = false
    private var done = false
    private var lastStatistics = LoaderStatistics()

    init(producer: BatchProducer) {
        let box = ProducerBox(producer)
        let thread = Thread { [self] in
            self.run(box.producer)
        }
        thread.name = "melshard-prefetch"
        thread.start()
    }

    private func run(_ producer: BatchProducer) {
        while true {
            condition.lock()
            while ready.count >= 1 && !cancelled { condition.wait() }
            let stop = cancelled
            condition.unlock()
            if stop { break }
            let result: Result<Batch?, DataError>
            do throws(DataError) { result = .success(try producer.next()) } catch { result = .failure(error) }
            condition.lock()
            ready.append(result)
            lastStatistics = producer.statistics
            let finished = (try? result.get()) == nil
            condition.broadcast()
            condition.unlock()
            if finished { break }
        }
        producer.finish()
        condition.lock()
        lastStatistics = producer.statistics
        done = true
        condition.broadcast()
        condition.unlock()
    }

    func take() throws(DataError) -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty {
            if done { return nil }
            condition.wait()
        }
        let result = ready.removeFirst()
        condition.broadcast()
        if case .failure = result { cancelled = true }
        return try result.get()
    }

    var statistics: LoaderStatistics {
        condition.lock()
        defer { condition.unlock() }
        return lastStatistics
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Carries the producer, used only by the prefetch thread once handed over, across the
/// Sendable boundary of `Thread`'s closure.
private struct ProducerBox: @unchecked Sendable {
    let producer: BatchProducer
    init(_ producer: BatchProducer) { self.producer = producer }
}
