import Foundation
import SarabanData

/// The JSON Schemas of the other kinds, printed by `saraban schema --kind K`. The decoders are the authority;
/// a test validates each kind's example and starter against its schema.
public enum KindSchemas {
    /// nil for the measures report, whose schema is `DataSchema` (SarabanITA).
    public static func json(for kind: DocumentKind) -> String? {
        switch kind {
        case .itaMeasures: return nil
        case .memo: return document(kind, title: "memo (บันทึกข้อความ)", required: ["kind", "department", "subject", "to", "body", "signatory"], properties: """
                "department": {"$ref": "#/$defs/text", "description": "ส่วนราชการ: the sending unit and its telephone"},
                "number": {"$ref": "#/$defs/text", "description": "ที่: such as ศธ 04145/1234"},
                "date": {"$ref": "#/$defs/date"},
                "subject": {"$ref": "#/$defs/text", "description": "เรื่อง"},
                "to": {"$ref": "#/$defs/text", "description": "เรียน: to whom"},
                "body": {"$ref": "#/$defs/paragraphs"},
                "signatory": {"$ref": "#/$defs/signatory"},
                "urgency": {"enum": ["ด่วนที่สุด", "ด่วนมาก", "ด่วน"]},
                "secrecy": {"enum": ["ลับที่สุด", "ลับมาก", "ลับ"]},
                "emblem": {"type": "string", "description": "the Garuda emblem, a PNG you supply, relative to the data file"},
                "attachments": \(enclosures),
                "options": {"$ref": "#/$defs/options"},
                "other_agencies": {"$ref": "#/$defs/otherAgencies"}
            """)
        case .letter: return document(kind, title: "external letter (หนังสือภายนอก)", required: ["kind", "agency", "subject", "to", "body", "signatory"], properties: """
                "number": {"$ref": "#/$defs/text", "description": "ที่: such as ศธ 04145/567"},
                "agency": {"$ref": "#/$defs/paragraphs", "description": "the sending agency's name and address, a line each"},
                "date": {"$ref": "#/$defs/date"},
                "subject": {"$ref": "#/$defs/text", "description": "เรื่อง"},
                "to": {"$ref": "#/$defs/text", "description": "the recipient's position; เรียน or กราบเรียน is chosen from it"},
                "references": {"$ref": "#/$defs/paragraphs", "description": "อ้างถึง"},
                "attachments": \(enclosures),
                "body": {"$ref": "#/$defs/paragraphs"},
                "signatory": {"$ref": "#/$defs/signatory"},
                "contact": {"type": "object", "additionalProperties": false, "properties": {
                  "department": {"$ref": "#/$defs/text"}, "phone": {"$ref": "#/$defs/text"}, "fax": {"$ref": "#/$defs/text"},
                  "email": {"$ref": "#/$defs/text"}}},
                "copies": {"$ref": "#/$defs/paragraphs", "description": "สำเนาส่ง"},
                "urgency": {"enum": ["ด่วนที่สุด", "ด่วนมาก", "ด่วน"]},
                "secrecy": {"enum": ["ลับที่สุด", "ลับมาก", "ลับ"]},
                "emblem": {"type": "string"},
                "options": {"$ref": "#/$defs/options"},
                "other_agencies": {"$ref": "#/$defs/otherAgencies"}
            """)
        case .order, .announcement: return document(kind, title: kind == .order ? "order (คำสั่ง)" : "announcement (ประกาศ)",
                                                    required: ["kind", "agency", "subject", "body", "signatory"], properties: """
                "agency": {"$ref": "#/$defs/text"},
                \(kind == .order ? orderNumber : "")
                "subject": {"$ref": "#/$defs/text", "description": "เรื่อง"},
                "body": \(decreeBody),
                "date": {"$ref": "#/$defs/date"},
                "signatory": {"$ref": "#/$defs/signatory"},
                "secrecy": {"enum": ["ลับที่สุด", "ลับมาก", "ลับ"]},
                "emblem": {"type": "string"},
                "options": {"$ref": "#/$defs/options"},
                "other_agencies": {"$ref": "#/$defs/otherAgencies"}
            """)
        }
    }

    /// สิ่งที่ส่งมาด้วย of a memo or a letter: titles, or titles with the file each is (a saraban data file set into
    /// the same PDF, or a PDF carried inside it).
    static let enclosures = ##"""
    {"description": "สิ่งที่ส่งมาด้วย", "oneOf": [{"$ref": "#/$defs/text"}, {"type": "array", "items": {"oneOf": [{"$ref": "#/$defs/text"}, {
                  "type": "object", "additionalProperties": false, "required": ["title"],
                  "properties": {"title": {"$ref": "#/$defs/text"},
                                 "file": {"type": "string", "description": "a saraban data file set into the same PDF, or a PDF carried inside it"}}}]}}]}
    """##

    static let orderNumber = ##""number": {"$ref": "#/$defs/text", "description": "ที่: such as 15/2567"},"##

    /// An order's or announcement's text: paragraphs, and lists of the people it appoints, each with a name or a
    /// position (or both) and a duty, numbered by saraban and set in columns.
    static let decreeBody = ##"""
    {"oneOf": [{"$ref": "#/$defs/text"}, {"type": "array", "items": {"oneOf": [{"$ref": "#/$defs/text"},
                    {"type": "object", "additionalProperties": false, "required": ["members"], "properties": {
                      "members": {"type": "array", "minItems": 1, "description": "the people appointed, numbered in order", "items": {
                        "type": "object", "additionalProperties": false, "required": ["duty"],
                        "anyOf": [{"required": ["name"]}, {"required": ["position"]}],
                        "properties": {"name": {"$ref": "#/$defs/text"}, "position": {"$ref": "#/$defs/text"},
                                       "duty": {"$ref": "#/$defs/text", "description": "such as ประธานคณะทำงาน"}}}}}}]}}]}
    """##

    static func document(_ kind: DocumentKind, title: String, required: [String], properties: String) -> String {
        """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://saraban.example/schema/\(kind.rawValue).json",
          "title": "saraban: \(title)",
          "type": "object",
          "additionalProperties": false,
          "required": [\(required.map { "\"\($0)\"" }.joined(separator: ", "))],
          "properties": {
            "kind": {"const": "\(kind.rawValue)"},
        \(properties)
          },
          "$defs": {
            "text": {"type": "string", "minLength": 1},
            "paragraphs": {"oneOf": [{"$ref": "#/$defs/text"}, {"type": "array", "items": {"$ref": "#/$defs/text"}}]},
            "date": {"type": "string", "pattern": "^[0-9๐-๙]{4}-[0-9๐-๙]{1,2}-[0-9๐-๙]{1,2}$", "description": "YYYY-MM-DD, C.E. or B.E., Arabic or Thai digits"},
            "signatory": {"type": "object", "additionalProperties": false, "required": ["name", "positions"], "properties": {
              "role": {"$ref": "#/$defs/text"}, "name": {"$ref": "#/$defs/text"}, "positions": {"$ref": "#/$defs/paragraphs"},
              "signature": {"type": "string"}}},
            "options": {"type": "object", "additionalProperties": false, "properties": {"numerals": {"enum": ["thai", "arabic"]}}},
            "otherAgencies": {"description": "other agencies the text names on purpose (a partner office): not taken for another office's text pasted in", "type": "array", "items": {"type": "string"}}
          }
        }
        """
    }
}
