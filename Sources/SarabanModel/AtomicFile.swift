import Foundation

/// Files written whole or not at all: beside the target under a temporary name, then renamed into place,
/// so a failure (or an interruption) never leaves a half-written file where a reader would take it.
public enum AtomicFile {
    /// Writes `data` to `url`, making its folder first if need be. A failure is a `FileWriteError` naming the file.
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try makeFolder(folder, for: url)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UUID().uuidString.prefix(8)).tmp")
        do {
            try data.write(to: temporary)
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FileWriteError(path: url.path, reason: FileWriteError.reason(error))
        }
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
}

/// An output file that could not be written, said in plain words rather than as Foundation's error dump.
public struct FileWriteError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "cannot write \(path): \(reason)" }

    /// The operating system's words for what went wrong ("No such file or directory", "Permission denied").
    static func reason(_ error: Error) -> String {
        var current = error as NSError
        while let underlying = current.userInfo[NSUnderlyingErrorKey] as? Error { current = underlying as NSError }
        if current.domain == NSPOSIXErrorDomain, let message = strerror(Int32(current.code)) { return String(cString: message) }
        return current.localizedDescription
    }
}
