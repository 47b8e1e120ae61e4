import Foundation
import SarabanData

/// An order (คำสั่ง) or an announcement (ประกาศ): the agency's name in the heading, a number for orders, the
/// subject, the text, "สั่ง ณ วันที่ …" / "ประกาศ ณ วันที่ …" and the signature.
public struct DecreeDocument: Sendable {
    public let file: String
    public let isOrder: Bool
    public let agency: LocatedText
    /// ที่: an order's number ("๑๒๓/๒๕๖๗").
    public let number: LocatedText?
    public let subject: LocatedText
    public let body: [LocatedText]
    public let date: DateComponents?
    public let signatory: Signatory
    public let secrecy: LocatedText?
    public let emblem: ImageReference?
    public let numerals: Numerals
    /// Other agencies the text names on purpose (`other_agencies:`), not taken for another office's text pasted in.
    public let otherAgencies: [LocatedText]

    public static let topLevelFields = ["kind", "agency", "number", "subject", "body", "date", "signatory", "secrecy", "emblem", "options",
                                        "other_agencies"]

    public static func decode(_ root: YAMLValue, folder: URL, isOrder: Bool) throws -> DecreeDocument {
        let decoder = FieldDecoder(folder: folder)
        let f = try root.fields(topLevelFields)
        let body = try f.required("body", "the text, a paragraph each").texts()
        guard !body.isEmpty else { throw f.owner.error("expected at least one paragraph under \"body\"", code: "missing-field",
                                                   thai: "ต้องมีข้อความอย่างน้อยหนึ่งย่อหน้าใต้ \"body\"") }
        if !isOrder, let number = f["number"] {
            throw number.error("an announcement has no number; leave \"number\" out", code: "unknown-field",
                                thai: "ประกาศไม่มีเลขที่ ให้ลบช่อง \"number\" ออก")
        }
        let choices = Numerals.allCases.map(\.rawValue)
        let options = try f["options"]?.fields(["numerals"])
        return DecreeDocument(
            file: root.file, isOrder: isOrder,
            agency: try f.required("agency", "the agency that orders or announces").text(),
            number: try f["number"]?.text(),
            subject: try f.required("subject", "เรื่อง: what it is about").text(),
            body: body,
            date: try f["date"].map(decoder.date),
            signatory: try decoder.signatory(f.required("signatory", "who signs: name and position")),
            secrecy: try f["secrecy"].map { try MemoDocument.word($0, from: MemoDocument.secrecies, what: "a secrecy class") },
            emblem: try f["emblem"].map(decoder.image),
            numerals: try options?["numerals"].map { Numerals(rawValue: try $0.oneOf(choices))! } ?? .thai,
            otherAgencies: try f["other_agencies"]?.texts() ?? [])
    }
}
