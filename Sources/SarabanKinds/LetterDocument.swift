import Foundation
import SarabanData

/// An external letter (หนังสือภายนอก, the regulation's แบบที่ 1): from one agency to another office or a person.
/// The salutation and closing are chosen by the recipient's position from `Layouts/letter-salutations.yaml`,
/// never typed.
public struct LetterDocument: Sendable {
    public let file: String
    public let number: LocatedText?
    /// The sending agency's name and address lines, printed at the right.
    public let agency: [LocatedText]
    public let date: DateComponents?
    public let subject: LocatedText
    /// The recipient's position ("ผู้อำนวยการสำนักงาน ป.ป.ช. ประจำจังหวัดตาก").
    public let recipient: LocatedText
    public let references: [LocatedText]
    /// สิ่งที่ส่งมาด้วย: titles, or titles with the file each is (set into the PDF, or carried inside it).
    public let attachments: [Enclosure]
    public let body: [LocatedText]
    public let signatory: Signatory
    /// ส่วนราชการเจ้าของเรื่อง, โทร., โทรสาร, ไปรษณีย์อิเล็กทรอนิกส์: at the foot of the last text.
    public let contact: [LocatedText]
    /// สำเนาส่ง.
    public let copies: [LocatedText]
    public let urgency: LocatedText?
    public let secrecy: LocatedText?
    public let emblem: ImageReference?
    public let numerals: Numerals
    /// Other agencies the text names on purpose (`other_agencies:`), beside the recipient, references and copies.
    public let otherAgencies: [LocatedText]

    public static let topLevelFields = ["kind", "number", "agency", "date", "subject", "to", "references", "attachments", "body",
                                        "signatory", "contact", "copies", "urgency", "secrecy", "emblem", "options", "other_agencies"]

    public static func decode(_ root: YAMLValue, folder: URL) throws -> LetterDocument {
        let decoder = FieldDecoder(folder: folder)
        let f = try root.fields(topLevelFields)
        let body = try f.required("body", "the letter's paragraphs").texts()
        guard !body.isEmpty else { throw f.owner.error("expected at least one paragraph under \"body\"", code: "missing-field",
                                                   thai: "ต้องมีข้อความอย่างน้อยหนึ่งย่อหน้าใต้ \"body\"") }
        let agency = try f.required("agency", "the sending agency's name and address, a line each").texts()
        guard !agency.isEmpty else { throw f.owner.error("expected the agency's name and address under \"agency\"", code: "missing-field",
                                                     thai: "ต้องมีชื่อส่วนราชการและที่อยู่ (บรรทัดละรายการ) ใต้ \"agency\"") }
        let contact = try f["contact"]?.fields(["department", "phone", "fax", "email"])
        var contactLines: [LocatedText] = []
        for (key, label) in [("department", ""), ("phone", "โทร. "), ("fax", "โทรสาร "), ("email", "ไปรษณีย์อิเล็กทรอนิกส์ ")] {
            if let value = try contact?[key]?.text() { contactLines.append(LocatedText(label + value.value, at: value.location, field: value.field)) }
        }
        let choices = Numerals.allCases.map(\.rawValue)
        let options = try f["options"]?.fields(["numerals"])
        return LetterDocument(
            file: root.file,
            number: try f["number"]?.text(),
            agency: agency,
            date: try f["date"].map(decoder.date),
            subject: try f.required("subject", "เรื่อง: what the letter is about").text(),
            recipient: try f.required("to", "the recipient's position, after เรียน or กราบเรียน").text(),
            references: try f["references"]?.texts() ?? [],
            attachments: try f["attachments"]?.list().map { try Enclosure.decode($0, folder: folder) } ?? [],
            body: body,
            signatory: try decoder.signatory(f.required("signatory", "who signs: name and position")),
            contact: contactLines,
            copies: try f["copies"]?.texts() ?? [],
            urgency: try f["urgency"].map { try MemoDocument.word($0, from: MemoDocument.urgencies, what: "an urgency") },
            secrecy: try f["secrecy"].map { try MemoDocument.word($0, from: MemoDocument.secrecies, what: "a secrecy class") },
            emblem: try f["emblem"].map(decoder.image),
            numerals: try options?["numerals"].map { Numerals(rawValue: try $0.oneOf(choices))! } ?? .thai,
            otherAgencies: try f["other_agencies"]?.texts() ?? [])
    }
}

/// Salutation and closing by the recipient's class (`Layouts/letter-salutations.yaml`).
public struct Salutations: Sendable {
    public let highestPositions: [String]
    public let highest: (salutation: String, closing: String)
    public let others: (salutation: String, closing: String)

    public static func load(contentsOf url: URL) throws -> Salutations {
        let f = try YAMLValue.load(contentsOf: url).fields(["highest", "others"])
        let highest = try f.required("highest", "the highest offices").fields(["salutation", "closing", "positions"])
        let others = try f.required("others", "everyone else").fields(["salutation", "closing"])
        return Salutations(highestPositions: try highest.required("positions", "positions").list().map { try $0.string() },
                           highest: (try highest.required("salutation", "").string(), try highest.required("closing", "").string()),
                           others: (try others.required("salutation", "").string(), try others.required("closing", "").string()))
    }

    /// The pair for a recipient: the highest class when the position starts with one of its positions.
    public func forRecipient(_ position: String) -> (salutation: String, closing: String) {
        highestPositions.contains { position.hasPrefix($0) } ? highest : others
    }
}
