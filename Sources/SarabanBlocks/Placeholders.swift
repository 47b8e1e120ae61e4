import Foundation
import SarabanITA

/// `{{agency.name}}` and its kin: values a text takes from one field of the data or from the computed
/// scores, so that a name or a number is typed once and printed the same everywhere.
public struct Placeholders: Sendable {
    public let values: [String: String]

    public init(document: MeasuresDocument, sheet: ScoreSheet) {
        values = [
            "agency.name": document.agency.name.value,
            "agency.abbreviation": document.agency.abbreviation.value,
            "year": String(document.year),
            "measures_year": String(document.measuresYear),
            "total": ScoreFormat.prose(sheet.roundedTotal),
            "rating": sheet.rating,
        ].merging(document.date.flatMap { ThaiDate.format($0, thaiDigits: false) }.map { ["date": $0] } ?? [:]) { $1 }
            .merging(Self.signatoryValues(document)) { $1 }
    }

    /// {{signatories.1.name}}, {{signatories.1.role}}: what a batch row gives each signatory.
    static func signatoryValues(_ document: MeasuresDocument) -> [String: String] {
        var values: [String: String] = [:]
        for (index, signatory) in document.signatories.enumerated() {
            values["signatories.\(index + 1).name"] = signatory.name.value
            if let role = signatory.role { values["signatories.\(index + 1).role"] = role.value }
        }
        return values
    }

    /// Whether `name` is a placeholder saraban fills (any signatory's name and role, not only the first's).
    public static func isKnown(_ name: String) -> Bool {
        if names.contains(name) { return true }
        let parts = name.split(separator: ".")
        return parts.count == 3 && parts[0] == "signatories" && Int(parts[1]) != nil && (parts[2] == "name" || parts[2] == "role")
    }

    public static let names = ["agency.name", "agency.abbreviation", "year", "measures_year", "total", "rating", "date",
                               "signatories.1.name", "signatories.1.role"]

    /// Replaces every placeholder; an unknown one is an error at the text's location.
    /// Braces are ASCII, so the text is scanned as UTF-8 bytes, sparing a batch Foundation's string search
    /// (and String's index arithmetic, which showed in a batch's profile too).
    public func expand(_ text: LocatedText) throws -> String {
        var whole = text.value
        return try whole.withUTF8 { bytes in
            guard var open = Self.find(0x7B, in: bytes, from: 0) else { return text.value }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 64)
            var restStart = 0
            while true {
                output += bytes[restStart..<open]
                guard let close = Self.find(0x7D, in: bytes, from: open + 2) else {
                    throw DataError(location: text.location, field: text.field,
                                    message: "\"{{\" is not closed with \"}}\"; a placeholder is written {{agency.name}}",
                                    code: "unknown-placeholder", thai: "ตัวแทนไม่มี \"}}\" ปิด (เขียนแบบ {{agency.name}})")
                }
                let name = String(decoding: bytes[(open + 2)..<close], as: UTF8.self).trimmingSpaces()
                output += try value(named: name, for: text).utf8
                restStart = close + 2
                guard let next = Self.find(0x7B, in: bytes, from: restStart) else { break }
                open = next
            }
            output += bytes[restStart...]
            return String(decoding: output, as: UTF8.self)
        }
    }

    private func value(named name: String, for text: LocatedText) throws -> String {
        if name == "date" && values[name] == nil {
            throw DataError(location: text.location, field: text.field,
                            message: "{{date}} needs the document's date: add date: YYYY-MM-DD at the top level",
                            code: "missing-field", thai: "{{date}} ต้องระบุวันที่ของเอกสาร (date: ปปปป-ดด-วว)")
        }
        guard let value = values[name] else {
            throw DataError(location: text.location, field: text.field,
                            message: "unknown placeholder {{\(name)}}; expected one of \(Self.names.map { "{{\($0)}}" }.joined(separator: ", "))",
                            code: "unknown-placeholder", thai: "ไม่รู้จักตัวแทน {{\(name)}}")
        }
        return value
    }

    /// Where the first doubled brace byte ("{{" or "}}") at or after `start` begins, if anywhere.
    private static func find(_ brace: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == brace && bytes[index + 1] == brace { return index }
            index += 1
        }
        return nil
    }
}

/// How scores are written: two decimals in the table; in prose, whole numbers without decimals ("75 คะแนน").
public enum ScoreFormat {
    public static func table(_ value: Double) -> String { String(format: "%.2f", value) }

    public static func prose(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? YAMLValue.plain(rounded) : String(format: "%.2f", rounded)
    }
}
