import Foundation
import Yams

/// What a data file makes, by its `kind:` field; absent, the measures report, so files written before kinds
/// existed keep working. Each kind has its data type, its block builder and its layout file,
/// `Layouts/<kind>.yaml`.
public enum DocumentKind: String, Sendable, CaseIterable {
    case itaMeasures = "ita-measures"
    case memo
    case letter
    case order
    case announcement

    /// The kind a data file names, read before the rest of it is decoded; an unknown kind is a located error.
    public static func of(_ root: YAMLValue) throws -> DocumentKind {
        guard case .mapping = root.node, let value = try root.entries().first(where: { $0.key == "kind" })?.value else {
            return .itaMeasures
        }
        let name = try value.string()
        guard let kind = DocumentKind(rawValue: name) else {
            let known = allCases.map(\.rawValue).joined(separator: ", ")
            throw value.error("unknown kind \"\(name)\"; expected one of \(known)", code: "unknown-kind",
                              thai: "ไม่รู้จักชนิดเอกสาร \"\(name)\" ต้องเป็น \(known)")
        }
        return kind
    }

    public static func of(contentsOf url: URL) throws -> DocumentKind {
        try of(YAMLValue.load(contentsOf: url))
    }

    /// The kind a data file names, by a look at its lines for a top-level `kind:` (no YAML parse: the measures
    /// report, by far the most rendered, then pays nothing for kinds). nil when there is none.
    public static func named(in url: URL) -> String? {
        guard let data = try? InputFile.read(url, what: "a data file", limit: InputFile.dataLimit),
              let text = String(data: data, encoding: .utf8) else { return nil }
        // JSON (what the web page sends) puts the whole mapping on one line: read it as the data it is.
        if text.first(where: { !$0.isWhitespace }) == "{" {
            guard let root = try? YAMLValue.load(contentsOf: url), case .mapping = root.node else { return nil }
            return try? (try? root.entries())?.first { $0.key == "kind" }?.value.string()
        }
        // Only the lines that start with "kind:" are made into text; splitting the whole file into lines cost more
        // than the rest of this look (a report is a few hundred lines).
        let bytes = Array(text.utf8), key = Array("kind:".utf8)
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            if bytes[lineStart..<lineEnd].starts(with: key) {
                let line = Substring(decoding: bytes[(lineStart + key.count)..<lineEnd], as: UTF8.self)
                let value = line.split(separator: "#").first ?? ""
                return value.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// The layout file of the kind, under saraban's `Layouts/`.
    public var layoutFileName: String { "\(rawValue).yaml" }
}
