import Foundation
import SarabanITA

/// The manifest as it is made: one JSON line per finished row, appended and flushed to the disk before the
/// next row is taken, in `OUTDIR/.saraban-journal.jsonl`. A batch killed with `kill -9`, cut by a power failure
/// or stopped by a full disk leaves every finished row in it; the next run (`--resume` or not) reads it with the
/// last manifest, so it knows which files it wrote and which are up to date. The final manifest is written from
/// the rows at the end, and the journal is then removed. Worker processes append to the same journal; a line
/// is one write(2) to a file opened with O_APPEND, so lines never interleave.
final class BatchJournal: @unchecked Sendable {
    static let name = ".saraban-journal.jsonl"
    let url: URL
    private let descriptor: Int32
    /// For reading entries back when the manifest is written.
    private let reader: Int32
    private let lock = NSLock()

    init(folder: URL) throws {
        url = folder.appendingPathComponent(Self.name)
        try AtomicFile.checkTarget(url)
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileWriteError.fromErrno(path: url.path) }
        reader = open(url.path, O_RDONLY | O_CLOEXEC)
    }

    deinit {
        close(descriptor)
        if reader >= 0 { close(reader) }
    }

    /// Appends `entry` and waits until it is on the disk; returns where its line is in the journal.
    @discardableResult
    func append(_ entry: BatchManifest.Entry) throws -> Range<Int> {
        var line = try JSONEncoder().encode(entry)
        line.append(0x0A)
        lock.lock()
        defer { lock.unlock() }
        let written = line.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        // A line cut short by a full disk is dropped when the journal is read back.
        if written >= 0 && written < line.count { errno = ENOSPC }
        guard written == line.count, fsync(descriptor) == 0 else { throw FileWriteError.fromErrno(path: url.path) }
        // With O_APPEND the offset is the end of this write, whatever other processes appended before it.
        let end = Int(lseek(descriptor, 0, SEEK_CUR))
        return (end - line.count)..<end
    }

    /// The entry whose line `append` placed at `line`.
    func entry(at line: Range<Int>) -> BatchManifest.Entry? {
        guard reader >= 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: line.count)
        let read = bytes.withUnsafeMutableBytes { pread(reader, $0.baseAddress, line.count, off_t(line.lowerBound)) }
        guard read == line.count else { return nil }
        return try? JSONDecoder().decode(BatchManifest.Entry.self, from: Data(bytes.dropLast()))
    }

    /// The rows a journal in `folder` holds, the last line for a file winning; lines cut short are skipped.
    static func entries(in folder: URL) -> [BatchManifest.Entry] {
        let data = readWhole(folder.appendingPathComponent(name).path)
        return data.split(separator: 0x0A).compactMap { try? JSONDecoder().decode(BatchManifest.Entry.self, from: Data($0)) }
    }

    /// The file's bytes by read(2) (empty when it cannot be opened). FileManager's reader leaked its 4 KB buffer
    /// under AddressSanitizer on a journal a killed run left behind (`make asan`).
    static func readWhole(_ path: String) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }

    static func remove(in folder: URL) {
        unlink(folder.appendingPathComponent(name).path)
    }
}

/// One batch at a time into a folder: an exclusive lock (flock) on `OUTDIR/.saraban-batch.lock`, held while the
/// batch runs. The kernel releases it when the process ends however it ends, so a killed batch never leaves a
/// stale lock behind.
struct BatchLock {
    let descriptor: Int32

    init(folder: URL) throws {
        let url = folder.appendingPathComponent(".saraban-batch.lock")
        try AtomicFile.checkTarget(url)
        descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileWriteError.fromErrno(path: url.path) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw BatchBusy(folder: folder.path)
        }
    }

    struct BatchBusy: Error, CustomStringConvertible {
        let folder: String
        var description: String {
            "another batch is writing into \(folder); wait for it to finish, or choose another -o folder"
        }
    }
}
