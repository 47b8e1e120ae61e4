import Foundation

/// The batch's one writer thread: finished PDFs go to the disk here, in the order the workers hand them over,
/// while the workers set the next documents.
///
/// Making a file durable is waiting, not work: each row's journal line, its PDF and its final line are flushed
/// (fsync) before the row counts as done, 2–4 ms a document on this machine's disk (`perf sched`). On the workers
/// that wait left the cores idle for a tenth of a batch. Here it overlaps the next renders, and what a row promises
/// is unchanged: it is reported and journaled as done only once its file is on the disk. A run killed with rows
/// still waiting here loses only those renders; they were never journaled, so `--resume` renders them again,
/// and their temporary files are removed by the next batch (`AtomicFile.removeStaleTemporaries`).
///
/// At most `capacity` documents wait: a worker that finds the queue full waits for room, so a slow disk bounds
/// the memory a batch holds instead of letting rendered PDFs pile up.
final class BatchWriter<Job>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var waiting: [Job] = []
    private var closed = false
    private var running = true
    private let capacity: Int
    private let handle: (Job) -> Void

    /// Starts the thread; `handle` is called on it with each job, one at a time.
    init(capacity: Int, handle: @escaping (Job) -> Void) {
        self.capacity = max(1, capacity)
        self.handle = handle
        let thread = Thread { [self] in drain() }
        thread.name = "saraban.writer"
        thread.start()
    }

    /// Hands a job to the thread; waits while `capacity` jobs are waiting already.
    func submit(_ job: Job) {
        condition.lock()
        while waiting.count >= capacity { condition.wait() }
        precondition(!closed, "a job handed to a batch writer after it was finished")
        waiting.append(job)
        condition.broadcast()
        condition.unlock()
    }

    /// Returns once every job handed over has been handled; no job may be handed over after it.
    func finish() {
        condition.lock()
        closed = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    private func drain() {
        while let job = nextJob() { handle(job) }
        condition.lock()
        running = false
        condition.broadcast()
        condition.unlock()
    }

    /// The oldest waiting job, or nil once the writer is finished and nothing waits.
    private func nextJob() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty && !closed { condition.wait() }
        guard !waiting.isEmpty else { return nil }
        let job = waiting.removeFirst()
        condition.broadcast()
        return job
    }
}
