import Foundation
import ArgumentParser
import SarabanITA

/// Runs a batch as several processes of saraban (`batch --processes`), each rendering a disjoint share of the
/// rows (`--worker W/J`), and merges what they did into one manifest.
///
/// Threads are the default: `make bench` measures them about a tenth faster on this machine. Processes keep
/// each worker's fonts and Pango state apart, so one crashing worker cannot stop the others. Each worker
/// reports every row as a JSON line on its standard output; the pool shows the progress and, at
/// the end, joins the workers' partial manifests. SIGINT and SIGTERM reach the workers, which finish the row
/// in hand and stop.
struct WorkerPool {
    let command: Batch

    func run(table: BatchTable) throws -> BatchManifest {
        let folder = URL(fileURLWithPath: command.output)
        let shard = try command.parsedShard()
        let total = table.rows.filter { shard == nil || ($0.number - 1) % shard!.count == shard!.index - 1 }.count
        let count = max(1, min(command.jobs, total))
        let progress = BatchProgress(total: total)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var workers: [(pid: pid_t, reader: Thread)] = []
        for index in 1...count {
            let arguments = [executable] + Array(CommandLine.arguments.dropFirst()).filter { $0 != "--processes" }
                + ["--worker", "\(index)/\(count)", "--jobs", "1"]
            let (pid, output) = try spawn(executable, arguments)
            let reader = Thread {
                let handle = FileHandle(fileDescriptor: output, closeOnDealloc: true)
                var buffer = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    buffer += chunk
                    while let newline = buffer.firstIndex(of: 0x0A) {
                        let line = buffer[buffer.startIndex..<newline]
                        buffer = Data(buffer[(newline + 1)...])
                        if let entry = try? JSONDecoder().decode(BatchManifest.Entry.self, from: line) {
                            progress.reportFromWorker(entry, language: command.document.lang)
                        }
                    }
                }
            }
            reader.start()
            workers.append((pid, reader))
        }
        for signal in [SIGINT, SIGTERM] {
            Foundation.signal(signal) { _ in batchInterrupted = 1 }
        }
        var failures: [Int: Int32] = [:]
        for (index, worker) in workers.enumerated() {
            var status: Int32 = 0
            while waitpid(worker.pid, &status, WNOHANG) == 0 {
                if batchInterrupted != 0 { kill(worker.pid, SIGINT) }
                usleep(20_000)
            }
            let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            if exitCode != 0 && exitCode != 130 { failures[index + 1] = exitCode }
        }
        usleep(50_000)  // let the readers drain the last lines
        progress.finish()
        return try merge(folder: folder, table: table, shard: shard, workers: count, failures: failures)
    }

    /// Starts a worker with its standard output on a pipe; returns its process id and the pipe's reading end.
    func spawn(_ executable: String, _ arguments: [String]) throws -> (pid_t, Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw ValidationError("cannot make a pipe for a worker") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let status = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(fds[1])
        guard status == 0 else {
            close(fds[0])
            throw ValidationError("cannot start a worker process (\(String(cString: strerror(status))))")
        }
        return (pid, fds[0])
    }

    /// The workers' partial manifests joined, in row order; a row no worker reported is marked not run.
    func merge(folder: URL, table: BatchTable, shard: (index: Int, count: Int)?, workers: Int, failures: [Int: Int32]) throws -> BatchManifest {
        var entries: [Int: BatchManifest.Entry] = [:]
        var template = command.template ?? ""
        for index in 1...workers {
            let url = folder.appendingPathComponent(".manifest.worker-\(index).json")
            guard let part = BatchManifest.load(file: url) else { continue }
            template = part.template
            for entry in part.rows { entries[entry.row] = entry }
            try? FileManager.default.removeItem(at: url)
        }
        let rows = table.rows.filter { shard == nil || ($0.number - 1) % shard!.count == shard!.index - 1 }.map { row in
            entries[row.number] ?? BatchManifest.Entry(row: row.number, agency: row.value("agency.name") ?? "",
                                                       abbreviation: row.value("agency.abbreviation") ?? "", file: nil, pages: nil,
                                                       sha256: nil, status: .notRun,
                                                       findings: failures.isEmpty ? [] : [BatchManifest.Finding(
                                                           code: "worker-failed", severity: "error", file: table.file, line: row.number + 1,
                                                           column: 1, field: "", message: "a worker process stopped with status \(failures.values.first!)")],
                                                       fingerprint: "", milliseconds: nil)
        }
        return BatchManifest(saraban: SarabanCommand.configuration.version, template: template, table: table.file,
                             shard: shard.map { "\($0.index)/\($0.count)" }, rows: rows)
    }
}
