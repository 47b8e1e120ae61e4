import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Files written whole or not at all, and never over anything saraban must not destroy.
///
/// Every output of every command goes through `write`: the bytes go to a new file beside the target
/// (created exclusively, flushed to disk), which is then renamed into place, so a failure or a `kill -9`
/// never leaves a half-written file where a reader would take it. Before anything is written the target is
/// checked: a folder, a device, a pipe or a symbolic link is never replaced (rename(2) would replace an
/// empty folder, and the old code removed a full one); an input of the same command is never replaced;
/// and where the caller says so (a batch, for a file not in its own manifest) an existing file is not either.
public enum AtomicFile {
    /// What may already stand at the target.
    public enum Existing: Sendable {
        /// A regular file, replaced (what a user expects of `render -o`).
        case mayReplace
        /// Nothing: an existing file is an error.
        case mustNotExist
    }

    /// Writes `data` to `url`, making its folder first if need be. A failure is a `FileWriteError` naming the file.
    public static func write(_ data: Data, to url: URL, existing: Existing = .mayReplace, inputs: [URL] = []) throws {
        try write(to: url, existing: existing, inputs: inputs) { append in try append(data) }
    }

    /// Writes what `contents` appends, piece by piece, to `url`, whole or not at all: a large file (a batch's
    /// manifest) never has to be held in memory at once.
    public static func write(to url: URL, existing: Existing = .mayReplace, inputs: [URL] = [],
                             contents: (_ append: (Data) throws -> Void) throws -> Void) throws {
        try checkTarget(url, existing: existing, inputs: inputs)
        let folder = url.deletingLastPathComponent()
        try makeFolder(folder, for: url)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UUID().uuidString.prefix(8)).tmp")
        do {
            try writeNew(at: temporary.path, contents: contents)
            switch existing {
            case .mayReplace:
                // rename(2) replaces a file atomically; it fails on a folder that appeared meanwhile (EISDIR).
                try posix(rename(temporary.path, url.path))
            case .mustNotExist:
                // link(2) fails when anything exists at the target (EEXIST): no check-then-write race.
                try posix(link(temporary.path, url.path))
                unlink(temporary.path)
            }
        } catch {
            unlink(temporary.path)
            throw FileWriteError(path: url.path, reason: FileWriteError.reason(error), errorNumber: FileWriteError.number(error))
        }
    }

    /// Removes the temporary files a killed saraban left in `folder` (`.NAME.PID.XXXXXXXX.tmp`, written by
    /// `write` above) whose process is gone: only names of that exact form, and only when no process with
    /// that id runs, so nothing saraban did not write is touched. Returns the names removed.
    @discardableResult
    public static func removeStaleTemporaries(in folder: URL) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let parts = name.dropLast(".tmp".count).split(separator: ".")
            guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]), pid > 0,
                  parts[parts.count - 1].count == 8, parts[parts.count - 1].allSatisfy(\.isHexDigit) else { continue }
            // kill(pid, 0) fails with ESRCH when no such process exists.
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            var status = stat()
            guard lstat(folder.appendingPathComponent(name).path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            if unlink(folder.appendingPathComponent(name).path) == 0 { removed.append(name) }
        }
        return removed
    }

    /// Refuses a target that must not be replaced, before any work is done: a command calls this with its
    /// output and inputs as soon as it knows them, and `write` calls it again.
    public static func checkTarget(_ url: URL, existing: Existing = .mayReplace, inputs: [URL] = []) throws {
        if let input = inputs.first(where: { sameFile($0, url) }) {
            throw FileWriteError(path: url.path, reason: "it is the input \(input.path); choose another output name")
        }
        var status = stat()
        guard lstat(url.path, &status) == 0 else { return }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            if existing == .mustNotExist {
                throw FileWriteError(path: url.path, reason: "a file of that name exists and saraban did not write it; move it or choose another folder")
            }
        case S_IFDIR:
            throw FileWriteError(path: url.path, reason: "it is a folder; saraban never replaces a folder")
        case S_IFLNK:
            throw FileWriteError(path: url.path, reason: "it is a symbolic link; name the file itself")
        default:
            throw FileWriteError(path: url.path, reason: "it is not a regular file (a device, pipe or socket)")
        }
    }

    /// Whether two paths name one file: the same device and inode when both exist, else the same full path.
    public static func sameFile(_ a: URL, _ b: URL) -> Bool {
        var first = stat(), second = stat()
        if stat(a.path, &first) == 0, stat(b.path, &second) == 0 {
            return first.st_dev == second.st_dev && first.st_ino == second.st_ino
        }
        return a.standardizedFileURL.resolvingSymlinksInPath().path == b.standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Makes `folder` and its parents unless it is there; a failure names `target` (the file to be written in it,
    /// or the folder itself) and says why.
    public static func makeFolder(_ folder: URL, for target: URL? = nil) throws {
        let path = (target ?? folder).path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw FileWriteError(path: path, reason: "\(folder.path) is a file, not a folder") }
            return
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(path: path, reason: "the folder \(folder.path) cannot be made: \(FileWriteError.reason(error))")
        }
    }

    /// A new file (never an existing one: O_EXCL), written in full and flushed to the disk before it is renamed,
    /// so a power cut cannot leave a renamed but empty file.
    static func writeNew(at path: String, contents: ((Data) throws -> Void) throws -> Void) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        try posix(descriptor)
        defer { close(descriptor) }
        try contents { data in
            try data.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    try posix(written < 0 ? -1 : 0)
                    offset += written
                }
            }
        }
        try posix(fsync(descriptor))
    }

    /// Turns a failed system call (-1) into an error carrying errno.
    static func posix<T: BinaryInteger>(_ result: T) throws {
        if result < 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
}

/// An output file that could not be written, said in plain words rather than as Foundation's error dump.
public struct FileWriteError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    /// The system's error number, when the system refused (ENOSPC for a full disk).
    public let errorNumber: Int32?

    public init(path: String, reason: String, errorNumber: Int32? = nil) {
        self.path = path
        self.reason = reason
        self.errorNumber = errorNumber
    }

    public var description: String { "cannot write \(path): \(reason)" }

    /// The error of the system call that just failed (errno), for `path`.
    public static func fromErrno(path: String) -> FileWriteError {
        let number = errno
        return FileWriteError(path: path, reason: String(cString: strerror(number)), errorNumber: number)
    }

    /// The disk or the file system cannot take more (full, over quota, read-only, past the file size limit):
    /// every later write would fail the same way, so a batch stops rather than trying each remaining row.
    public var isOutOfSpace: Bool {
        guard let errorNumber else { return false }
        return [ENOSPC, EDQUOT, EROFS, EFBIG, EIO].contains(errorNumber)
    }

    /// The operating system's words for what went wrong ("No such file or directory", "Permission denied").
    static func reason(_ error: Error) -> String {
        if let posix = error as? POSIXError, let message = strerror(posix.code.rawValue) { return String(cString: message) }
        var current = error as NSError
        while let underlying = current.userInfo[NSUnderlyingErrorKey] as? Error { current = underlying as NSError }
        if current.domain == NSPOSIXErrorDomain, let message = strerror(Int32(current.code)) { return String(cString: message) }
        return current.localizedDescription
    }

    static func number(_ error: Error) -> Int32? {
        if let posix = error as? POSIXError { return posix.code.rawValue }
        let nsError = error as NSError
        return nsError.domain == NSPOSIXErrorDomain ? Int32(nsError.code) : nil
    }
}
