import Foundation
import SarabanITA

/// One thing `saraban check` found: a stable code, how serious it is, where, and what, in Thai and English.
public struct Finding: Sendable, Equatable {
    public enum Severity: String, Sendable, Codable, Comparable {
        /// Stops a render.
        case error
        /// Reported; stops nothing (unless `check --strict`).
        case warning
        /// For information only.
        case note

        var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public enum Language: String, Sendable, CaseIterable { case th, en }

    public let code: String
    public let severity: Severity
    public let location: SourceLocation
    public let field: String
    public let english: String
    public let thai: String

    public init(_ code: String, _ severity: Severity, at location: SourceLocation, field: String = "",
                en english: String, th thai: String) {
        self.code = code
        self.severity = severity
        self.location = location
        self.field = field
        self.english = english
        self.thai = thai
    }

    public init(_ error: DataError) {
        self.init(error.code, .error, at: error.location, field: error.field, en: error.message,
                  th: error.thai ?? "ข้อมูลไม่ถูกต้อง: \(error.message)")
    }

    public func message(_ language: Language) -> String { language == .th ? thai : english }

    /// `file:line:column: error[code]: field: message`, as compilers print, so editors can jump to it.
    public func line(_ language: Language) -> String {
        let label = language == .th ? ["error": "ผิดพลาด", "warning": "คำเตือน", "note": "หมายเหตุ"][severity.rawValue]! : severity.rawValue
        let field = field.isEmpty ? "" : "\(field): "
        return "\(location): \(label)[\(code)]: \(field)\(message(language))"
    }
}

/// All findings about one data file.
public struct CheckReport: Sendable {
    public let file: String
    public let findings: [Finding]
    /// For a measures report whose scores could be computed: the figures as the score table will print them, so
    /// that the web page shows them as they are typed (`check --format json`, "computed").
    public var computed: Computed?

    public struct Computed: Sendable, Encodable {
        public struct Tool: Sendable, Encodable {
            let code: String, name: String, mean: String, weighted: String
        }
        let tools: [Tool]
        let total: String
        let rating: String
        /// Each indicator's and sub-indicator's name by code ("1", "9.5"), for the page's labels.
        let names: [String: String]

        public init(_ sheet: ScoreSheet) {
            var names: [String: String] = [:]
            for indicator in sheet.framework.indicators {
                names[String(indicator.number)] = indicator.name
                for sub in indicator.subIndicators { names[sub.code] = sub.name }
            }
            self.names = names
            tools = sheet.tools.map { Tool(code: $0.tool.code, name: $0.tool.name, mean: String(format: "%.2f", $0.mean),
                                           weighted: String(format: "%.2f", $0.weighted)) }
            total = String(format: "%.2f", sheet.total)
            rating = sheet.rating
        }
    }

    public init(file: String, findings: [Finding]) {
        self.file = file
        self.findings = findings
    }

    public var errors: Int { findings.filter { $0.severity == .error }.count }
    public var warnings: Int { findings.filter { $0.severity == .warning }.count }

    /// 0 clean; 1 warnings only, when strict; 2 errors.
    public func exitCode(strict: Bool) -> Int32 {
        errors > 0 ? 2 : (strict && warnings > 0 ? 1 : 0)
    }

    public func text(_ language: Language) -> String {
        var lines = findings.map { $0.line(language) }
        lines.append(language == .th
            ? "\(file): ข้อผิดพลาด \(errors) รายการ คำเตือน \(warnings) รายการ"
            : "\(file): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        return lines.joined(separator: "\n")
    }

    public typealias Language = Finding.Language

    public func json(_ language: Language) throws -> String {
        struct Entry: Encodable {
            let code: String, severity: String, file: String, line: Int, column: Int, field: String, message: String
        }
        struct Document: Encodable {
            let file: String, errors: Int, warnings: Int
            let computed: Computed?
            let findings: [Entry]
        }
        let document = Document(file: file, errors: errors, warnings: warnings, computed: computed, findings: findings.map {
            Entry(code: $0.code, severity: $0.severity.rawValue, file: $0.location.file, line: $0.location.line,
                  column: $0.location.column, field: $0.field, message: $0.message(language))
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}
