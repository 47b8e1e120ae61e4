import Foundation
import SarabanData

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
    public let signatory: Signatory
    /// ด่วนที่สุด, ด่วนมาก or ด่วน.
    public let urgency: LocatedText?
    /// ลับที่สุด, ลับมาก or ลับ.
    public let secrecy: LocatedText?
    /// The Garuda emblem the user supplies (saraban ships none).
    public let emblem: ImageReference?
    public let numerals: Numerals
    /// สิ่งที่ส่งมาด้วย: what goes with the memo. An attachment whose file is a saraban data file is set into the
    /// same PDF after the memo, with its own page numbers.
    public let attachments: [Enclosure]
    /// Other agencies the text names on purpose (`other_agencies:`), not taken for another office's text pasted in.
    public let otherAgencies: [LocatedText]

    public static let topLevelFields = ["kind", "department", "number", "date", "subject", "to", "body", "signatory",
                                        "urgency", "secrecy", "emblem", "attachments", "options", "other_agencies"]
    public static let urgencies = ["ด่วนที่สุด", "ด่วนมาก", "ด่วน"]
    public static let secrecies = ["ลับที่สุด", "ลับมาก", "ลับ"]

    public static func load(contentsOf url: URL) throws -> MemoDocument {
        try decode(YAMLValue.load(contentsOf: url), folder: url.deletingLastPathComponent())
    }

    /// Every field checked where it is: a missing one, a date that does not exist, a mark word outside the
    /// regulation's set, an emblem file that is not there, each an error with its line and column.
    public static func decode(_ root: YAMLValue, folder: URL) throws -> MemoDocument {
        let decoder = FieldDecoder(folder: folder)
        let f = try root.fields(topLevelFields)
        let body = try f.required("body", "the memo's paragraphs").texts()
        guard !body.isEmpty else { throw f.owner.error("expected at least one paragraph under \"body\"", code: "missing-field",
                                                   thai: "ต้องมีข้อความอย่างน้อยหนึ่งย่อหน้าใต้ \"body\"") }
        let options = try f["options"]?.fields(["numerals"])
        let choices = Numerals.allCases.map(\.rawValue)
        return MemoDocument(
            file: root.file,
            department: try f.required("department", "ส่วนราชการ: the sending unit (and its telephone)").text(),
            number: try f["number"]?.text(),
            date: try f["date"].map(decoder.date),
            subject: try f.required("subject", "เรื่อง: what the memo is about").text(),
            recipient: try f.required("to", "เรียน: to whom the memo goes").text(),
            body: body,
            signatory: try decoder.signatory(f.required("signatory", "who signs: name and position")),
            urgency: try f["urgency"].map { try word($0, from: urgencies, what: "an urgency") },
            secrecy: try f["secrecy"].map { try word($0, from: secrecies, what: "a secrecy class") },
            emblem: try f["emblem"].map(decoder.image),
            numerals: try options?["numerals"].map { Numerals(rawValue: try $0.oneOf(choices))! } ?? .thai,
            attachments: try f["attachments"]?.list().map { try Enclosure.decode($0, folder: folder) } ?? [],
            otherAgencies: try f["other_agencies"]?.texts() ?? [])
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
