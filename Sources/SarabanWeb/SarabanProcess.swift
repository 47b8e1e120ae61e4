import Foundation

/// One request's work, done by a `saraban` process of its own in the request's own folder: the same commands, the
/// same checks and the same messages as on the command line; a render that runs too long is killed, a crash ends
/// that process only, and no two requests share fonts, Cairo state or files.
struct SarabanProcess {
    struct Outcome: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    /// This program: the server runs the very binary it is.
    static let executable: URL = {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return URL(fileURLWithPath: path) }
        return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    }()

    let folder: URL
    let timeLimit: Duration

    func run(_ arguments: [String], language: String) async throws -> Outcome {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = language == "th" ? "th_TH.UTF-8" : "en_US.UTF-8"
        environment["LC_ALL"] = nil
        environment["LC_MESSAGES"] = nil
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the process runs, so a full pipe never stalls it.
        async let stdout = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }.value
        async let stderr = Task.detached { errors.fileHandleForReading.readDataToEndOfFile() }.value
        let watchdog = Task.detached { [timeLimit] in
            try await Task.sleep(for: timeLimit)
            guard process.isRunning else { return false }
            process.terminate()
            try await Task.sleep(for: .seconds(1))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            return true
        }
        let (out, err) = await (stdout, stderr)
        await Task.detached { process.waitUntilExit() }.value
        watchdog.cancel()
        let timedOut = (try? await watchdog.value) ?? false
        return Outcome(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                       stderr: String(decoding: err, as: UTF8.self), timedOut: timedOut)
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
