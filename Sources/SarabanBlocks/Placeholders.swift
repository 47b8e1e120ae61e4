import Foundation
import SarabanModel

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

    public static let names = ["agency.name", "agency.abbreviation", "year", "measures_year", "total", "rating", "date",
                               "signatories.1.name", "signatories.1.role"]

    /// Replaces every placeholder; an unknown one is an error at the text's location.
    /// Braces are ASCII, so the text is scanned as UTF-8 bytes, sparing a batch Foundation's string search.
    public func expand(_ text: LocatedText) throws -> String {
        let whole = text.value
        var output = ""
        var rest = whole[...]
        while let open = Self.find(0x7B, in: rest) {
            output += rest[..<open]
            let afterOpen = whole.utf8.index(open, offsetBy: 2)
            guard let close = Self.find(0x7D, in: whole[afterOpen...]) else {
                throw DataError(location: text.location, field: text.field,
                                message: "\"{{\" is not closed with \"}}\"; a placeholder is written {{agency.name}}",
                                code: "unknown-placeholder", thai: "ตัวแทนไม่มี \"}}\" ปิด (เขียนแบบ {{agency.name}})")
            }
            output += try value(named: whole[afterOpen..<close].trimmingCharacters(in: .whitespaces), for: text)
            rest = whole[whole.utf8.index(close, offsetBy: 2)...]
        }
        return output + rest
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

    /// Where the first doubled brace byte ("{{" or "}}") starts in `text`, if anywhere.
    private static func find(_ brace: UInt8, in text: Substring) -> String.Index? {
        var previous: String.Index?
        for index in text.utf8.indices {
            if text.utf8[index] == brace {
                if let previous { return previous }
                previous = index
            } else {
                previous = nil
            }
        }
        return nil
    }
}

/// How scores are written: two decimals in the table; in prose, whole numbers without decimals ("75 คะแนน").
public enum ScoreFormat {
    public static func table(_ value: Double) -> String { String(format: "%.2f", value) }

    public static func prose(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.2f", rounded)
    }
}
