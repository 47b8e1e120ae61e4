import Foundation
import SarabanData
import SarabanFiles

/// One request's work, done by a `saraban` process of its own in the request's own folder: the same commands, the
/// same checks and the same messages as on the command line; a render that runs too long is killed, a crash ends
/// that process only, and no two requests share fonts, Pango state or files.
struct SarabanProcess {
    struct Outcome: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    /// `saraban`, beside this server (`saraban-serve`): each request's work is done by the command line's program.
    static let executable = Resources.executable().deletingLastPathComponent().appendingPathComponent("saraban")

    /// The folder that holds saraban's Layouts/ and Frameworks/, as this process finds it.
    static let home: URL? = Resources.folder("Layouts")?.deletingLastPathComponent()

    let folder: URL
    let timeLimit: Duration

    /// `secrets` go into the child's environment (a PKCS#12 file's password), which no other user of the machine can
    /// read, unlike its arguments.
    func run(_ arguments: [String], language: String, secrets: [String: String] = [:]) async throws -> Outcome {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = language == "th" ? "th_TH.UTF-8" : "en_US.UTF-8"
        environment["LC_ALL"] = nil
        environment["LC_MESSAGES"] = nil
        // The child works in the request's folder: it finds saraban's own files (Layouts/, Frameworks/) where this
        // process found them.
        if let home = Self.home { environment["SARABAN_HOME"] = home.path }
        // ...and reads nothing else: a data file that names a path outside its request's folder is refused.
        environment["SARABAN_CONFINE"] = folder.path
        // Its temporary files too (the data a PDF carries, read back by `check FILE.pdf`) stay in the request's folder,
        // where it may read them, and go when the folder goes.
        environment["TMPDIR"] = folder.path
        // The server runs requests side by side, one per core: a render's second typesetter would only take a core
        // from the next request.
        environment["SARABAN_LAYOUT_THREADS"] = "1"
        environment.merge(secrets) { $1 }
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let seconds = Double(timeLimit.components.seconds) + Double(timeLimit.components.attoseconds) / 1e18
        // Waiting for a process blocks a thread: done on Dispatch's threads, never on the tasks' cooperative pool,
        // which a few blocked readers would stall (the time limit's own timer included).
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let watch = Watch()
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                    guard process.isRunning else { return }
                    watch.timedOut = true
                    process.terminate()
                    DispatchQueue.global().asyncAfter(deadline: .now() + 1) {
                        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                    }
                }
                let (stdout, stderr) = ChildOutput.read(output, errors)
                process.waitUntilExit()
                continuation.resume(returning: Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                                       stderr: String(decoding: stderr, as: UTF8.self), timedOut: watch.timedOut))
            }
        }
    }

    /// What the timer tells the waiting thread.
    final class Watch: @unchecked Sendable {
        private let lock = NSLock()
        private var _timedOut = false
        var timedOut: Bool {
            get { lock.withLock { _timedOut } }
            set { lock.withLock { _timedOut = newValue } }
        }
    }
}

/// At most `limit` renders at once; up to `queue` more wait their turn, in order; beyond that a request is
/// refused at once (503), so that a burst of requests cannot pile up work the server will never finish.
actor RenderSlots {
    let limit: Int
    let queue: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int, queue: Int) {
        self.limit = limit
        self.queue = queue
    }

    /// A slot, or false when every slot is taken and the queue is full.
    func acquire() async -> Bool {
        if running < limit {
            running += 1
            return true
        }
        guard waiting.count < queue else { return false }
        await withCheckedContinuation { waiting.append($0) }
        return true
    }

    func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// How many requests that carry a document may be in the server at once (the renders and their queue): one past
/// that is refused before its body is read, so that uploads waiting for a render cannot fill the memory.
actor Admission {
    let limit: Int
    private var inside = 0

    init(limit: Int) {
        self.limit = limit
    }

    func enter() -> Bool {
        guard inside < limit else { return false }
        inside += 1
        return true
    }

    func leave() {
        inside -= 1
    }
}

/// A folder for one request, removed when the request ends, whatever happened.
struct RequestFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("saraban-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
