import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading a file a user names, bounded: only a regular file is read (a FIFO would block for ever, a folder
/// or a device is a mistake), and only up to a size that fits what the file is for.
public enum InputFile {
    /// A data file or layout: a long measures report is about 100 KB of YAML.
    public static let dataLimit = 16 << 20
    /// A table of agencies: 8,300 rows of a few hundred bytes.
    public static let tableLimit = 64 << 20
    /// A PDF to sign or verify.
    public static let pdfLimit = 512 << 20
    /// A PNG emblem or signature.
    public static let imageLimit = 64 << 20
    /// A key or certificate (PEM).
    public static let keyLimit = 1 << 20

    /// The bytes of `url`, or a `InputFileError` that says plainly why not.
    public static func read(_ url: URL, what: String, limit: Int) throws -> Data {
        try checkRegular(url, what: what, limit: limit)
        do {
            return try Data(contentsOf: url)
        } catch {
            throw InputFileError(path: url.path, reason: "cannot be read: \(FileWriteError.reason(error))", code: "file-not-found",
                                 thai: "อ่านไฟล์ไม่ได้ (\(FileWriteError.reason(error)))")
        }
    }

    /// Where a process that serves a web request may read from: the request's own folder (`SARABAN_CONFINE`,
    /// set by `saraban serve` for its children) and saraban's own files (`SARABAN_HOME`); nil, anywhere. A data
    /// file sent to the page that names `/home/…/secret.png` or another request's folder reads nothing.
    static let confinement: [String]? = {
        let environment = ProcessInfo.processInfo.environment
        guard let confine = environment["SARABAN_CONFINE"] else { return nil }
        return [confine, environment["SARABAN_HOME"]].compactMap { $0.flatMap(realPath).map { $0.hasSuffix("/") ? $0 : $0 + "/" } }
    }()

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Refuses what is not a regular file of at most `limit` bytes, before anything opens it.
    public static func checkRegular(_ url: URL, what: String, limit: Int) throws {
        if let confinement, let real = realPath(url.path), !confinement.contains(where: { real.hasPrefix($0) }) {
            throw InputFileError(path: url.lastPathComponent, reason: "is not among the files sent with the request; send it with the data (as an image part)",
                                 code: "file-outside-request", thai: "ไม่ได้ส่งมาพร้อมคำขอ ให้ส่งไฟล์นี้มาพร้อมข้อมูล (เป็นส่วนรูปภาพ)")
        }
        var status = stat()
        guard stat(url.path, &status) == 0 else {
            throw InputFileError(path: url.path, reason: "no such file", code: "file-not-found", thai: "ไม่พบไฟล์")
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR:
            throw InputFileError(path: url.path, reason: "is a folder; expected \(what)", code: "invalid-value", thai: "เป็นโฟลเดอร์ ไม่ใช่ไฟล์")
        default:
            throw InputFileError(path: url.path, reason: "is not a regular file (a pipe or a device); expected \(what)", code: "invalid-value",
                                 thai: "ไม่ใช่ไฟล์ธรรมดา (เป็นไปป์หรืออุปกรณ์)")
        }
        guard Int(status.st_size) <= limit else {
            throw InputFileError(path: url.path, reason: "is \(status.st_size) bytes; \(what) may be at most \(limit) bytes", code: "invalid-value",
                                 thai: "ไฟล์ใหญ่เกินไป (\(status.st_size) ไบต์ ต้องไม่เกิน \(limit) ไบต์)")
        }
    }
}

/// A named input that cannot be used: which file, and why.
public struct InputFileError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public let code: String
    /// The reason in Thai, said after the path as the English one is.
    public let thai: String
    public var description: String { "\(path): \(reason)" }
    public var thaiDescription: String { "\(path): \(thai)" }
}
