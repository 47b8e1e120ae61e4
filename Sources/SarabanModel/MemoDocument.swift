import Foundation

/// A memo (บันทึกข้อความ): the internal note an officer sends up, for example to ask the head of the agency to
/// approve the measures report. Its parts follow the Regulation on Correspondence: ส่วนราชการ, ที่ and วันที่,
/// เรื่อง, เรียน, the body, the signature; urgency and secrecy marks where the matter has them.
public struct MemoDocument: Sendable {
    public let file: String
    /// ส่วนราชการ: the sending unit, with its telephone if the data gives it.
    public let department: LocatedText
    /// ที่: the document number ("ศธ ๐๔๑๒๕/๑๒๓").
    public let number: LocatedText?
    public let date: DateComponents?
    public let subject: LocatedText
    /// เรียน: to whom.
    public let recipient: LocatedText
    public let body: [LocatedText]
    public let signatory: MeasuresDocument.Signatory
    /// ด่วนที่สุด, ด่วนมาก or ด่วน.
    public let urgency: LocatedText?
    /// ลับที่สุด, ลับมาก or ลับ.
    public let secrecy: LocatedText?
    /// The Garuda emblem the user supplies (saraban ships none).
    public let emblem: ImageReference?
    public let numerals: MeasuresDocument.Numerals

    public static let topLevelFields = ["kind", "department", "number", "date", "subject", "to", "body", "signatory",
                                        "urgency", "secrecy", "emblem", "options"]
    public static let urgencies = ["ด่วนที่สุด", "ด่วนมาก", "ด่วน"]
    public static let secrecies = ["ลับที่สุด", "ลับมาก", "ลับ"]

    public static func load(contentsOf url: URL) throws -> MemoDocument {
        try decode(YAMLValue.load(contentsOf: url), folder: url.deletingLastPathComponent())
    }

    /// Every field checked where it is: a missing one, a date that does not exist, a mark word outside the
    /// regulation's set, an emblem file that is not there, each an error with its line and column.
    public static func decode(_ root: YAMLValue, folder: URL) throws -> MemoDocument {
        let decoder = Decoder(folder: folder)
        let f = try root.fields(topLevelFields)
        let body = try f.required("body", "the memo's paragraphs").texts()
        guard !body.isEmpty else { throw f.owner.error("expected at least one paragraph under \"body\"", code: "missing-field") }
        let options = try f["options"]?.fields(["numerals"])
        let choices = MeasuresDocument.Numerals.allCases.map(\.rawValue)
        return MemoDocument(
            file: root.file,
            department: try f.required("department", "ส่วนราชการ: the sending unit (and its telephone)").text(),
            number: try f["number"]?.text(),
            date: try f["date"].map { try validDate($0, decoder: decoder) },
            subject: try f.required("subject", "เรื่อง: what the memo is about").text(),
            recipient: try f.required("to", "เรียน: to whom the memo goes").text(),
            body: body,
            signatory: try decoder.signatory(f.required("signatory", "who signs: name and position")),
            urgency: try f["urgency"].map { try word($0, from: urgencies, what: "an urgency") },
            secrecy: try f["secrecy"].map { try word($0, from: secrecies, what: "a secrecy class") },
            emblem: try f["emblem"].map(decoder.image),
            numerals: try options?["numerals"].map { MeasuresDocument.Numerals(rawValue: try $0.oneOf(choices))! } ?? .thai)
    }

    /// A date that exists in the calendar (2024-02-30 does not).
    static func validDate(_ value: YAMLValue, decoder: Decoder) throws -> DateComponents {
        let components = try decoder.date(value)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components),
              calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: components.year, month: components.month, day: components.day) else {
            throw value.error("the date \(try value.string()) does not exist", code: "invalid-date", thai: "ไม่มีวันที่ \(try value.string()) ในปฏิทิน")
        }
        return components
    }

    static func word(_ value: YAMLValue, from allowed: [String], what: String) throws -> LocatedText {
        let text = try value.text()
        guard allowed.contains(text.value) else {
            throw value.error("expected \(what): \(allowed.joined(separator: ", ")), found \"\(text.value)\"", code: "invalid-value",
                              thai: "ต้องเป็น \(allowed.joined(separator: " ")) แต่พบ \"\(text.value)\"")
        }
        return text
    }
}
