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
    /// The text: paragraphs, and lists of people with their duties (an order appointing a working group).
    public let body: [BodyPart]
    public let date: DateComponents?
    public let signatory: Signatory
    public let secrecy: LocatedText?
    public let emblem: ImageReference?
    public let numerals: Numerals
    /// Other agencies the text names on purpose (`other_agencies:`), not taken for another office's text pasted in.
    public let otherAgencies: [LocatedText]

    public static let topLevelFields = ["kind", "agency", "number", "subject", "body", "date", "signatory", "secrecy", "emblem", "options",
                                        "other_agencies"]

    /// A part of the text: a paragraph, or the people an order appoints, each with their duty, set as a typist
    /// sets them (numbered, the duty at a tab stop) rather than as a paragraph each.
    public enum BodyPart: Sendable {
        case paragraph(LocatedText)
        case members([Member])
    }

    /// One person of a list: their name, their position, or both (one of them at least), and their duty in the
    /// group ("ประธานคณะทำงาน").
    public struct Member: Sendable {
        public let name: LocatedText?
        public let position: LocatedText?
        public let duty: LocatedText

        /// Who, as the list prints it: the name, then the position.
        public var who: String { [name?.value, position?.value].compactMap { $0 }.joined(separator: " ") }
    }

    /// Every text of the body, for the checks.
    public var bodyTexts: [LocatedText] {
        body.flatMap { part -> [LocatedText] in
            switch part {
            case .paragraph(let text): return [text]
            case .members(let members): return members.flatMap { [$0.name, $0.position, $0.duty].compactMap { $0 } }
            }
        }
    }

    static func bodyPart(_ value: YAMLValue) throws -> BodyPart {
        guard case .mapping = value.node else { return .paragraph(try value.text()) }
        let f = try value.fields(["members"])
        let members = try f.required("members", "the people the order names, each with name or position and duty").list().map(member)
        guard !members.isEmpty else {
            throw f.owner.error("expected at least one person under \"members\"", code: "missing-field",
                                thai: "ต้องมีรายชื่ออย่างน้อยหนึ่งคนใต้ \"members\"")
        }
        return .members(members)
    }

    static func member(_ value: YAMLValue) throws -> Member {
        let f = try value.fields(["name", "position", "duty"])
        let name = try f["name"]?.text(), position = try f["position"]?.text()
        guard name != nil || position != nil else {
            throw f.owner.error("expected \"name\" or \"position\" (or both) for each person", code: "missing-field",
                                thai: "แต่ละคนต้องมี \"name\" (ชื่อ) หรือ \"position\" (ตำแหน่ง) อย่างน้อยหนึ่งอย่าง")
        }
        return Member(name: name, position: position, duty: try f.required("duty", "the person's duty, such as ประธานคณะทำงาน").text())
    }

    public static func decode(_ root: YAMLValue, folder: URL, isOrder: Bool) throws -> DecreeDocument {
        let decoder = FieldDecoder(folder: folder)
        let f = try root.fields(topLevelFields)
        let body = try f.required("body", "the text, a paragraph each").list().map(bodyPart)
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
