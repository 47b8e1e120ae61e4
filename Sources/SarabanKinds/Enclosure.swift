import Foundation
import SarabanData

/// สิ่งที่ส่งมาด้วย: what a memo or a letter sends with it. Its title is listed under the salutation; a data file
/// (the measures report) is set into the same PDF after the document, and a PDF is carried inside it as an
/// embedded file.
public struct Enclosure: Sendable {
    public let title: LocatedText
    /// A data file (YAML or JSON) beside the document, set into the same PDF; or a PDF, carried inside it as an
    /// embedded file. Checked to exist.
    public let file: URL?
    public var isPDF: Bool { file?.pathExtension.lowercased() == "pdf" }
    public let location: SourceLocation

    /// The data files among `enclosures`: the reports set into the PDF after the document (not the PDFs it carries).
    public static func dataFiles(_ enclosures: [Enclosure]) -> [URL] {
        enclosures.filter { !$0.isPDF }.compactMap(\.file)
    }

    /// A title alone (`- รายงาน… จำนวน ๑ ชุด`), or a title and the file it is (`- { title: …, file: มาตรการ.yaml }`).
    public static func decode(_ value: YAMLValue, folder: URL) throws -> Enclosure {
        if case .scalar = value.node { return Enclosure(title: try value.text(), file: nil, location: value.location) }
        let f = try value.fields(["title", "file"])
        let file = try f["file"].map { fileValue -> URL in
            let path = try fileValue.string()
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
            guard ["yaml", "yml", "json", "pdf"].contains(url.pathExtension.lowercased()) else {
                throw fileValue.error("expected a saraban data file (.yaml, .yml or .json) to set into the PDF, or a PDF to carry inside it, found \"\(path)\"",
                                      thai: "ต้องเป็นไฟล์ข้อมูลของ saraban (.yaml, .yml หรือ .json) ที่จะพิมพ์ต่อท้าย หรือไฟล์ PDF ที่จะแนบไว้ในไฟล์ แต่พบ \"\(path)\"")
            }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else {
                throw fileValue.error("attachment not found: \(url.path)", code: "file-not-found", thai: "ไม่พบไฟล์ที่แนบ \(url.path)")
            }
            return url
        }
        return Enclosure(title: try f.required("title", "what the attachment is").text(), file: file, location: value.location)
    }
}

extension Signatory {
    /// The block's texts: role, name, positions.
    public var printedTexts: [LocatedText] { (role.map { [$0] } ?? []) + [name] + positions }
}

extension MemoDocument {
    /// Every text the memo prints.
    public var printedTexts: [LocatedText] {
        [department] + (number.map { [$0] } ?? []) + [subject, recipient] + body + signatory.printedTexts
            + attachments.map(\.title) + [urgency, secrecy].compactMap { $0 }
    }
}

extension LetterDocument {
    /// Every text the letter prints.
    public var printedTexts: [LocatedText] {
        (number.map { [$0] } ?? []) + agency + [subject, recipient] + references + attachments.map(\.title) + body
            + signatory.printedTexts + contact + copies + [urgency, secrecy].compactMap { $0 }
    }
}

extension DecreeDocument {
    /// Every text the order or announcement prints.
    public var printedTexts: [LocatedText] {
        [agency] + (number.map { [$0] } ?? []) + [subject] + bodyTexts + signatory.printedTexts + (secrecy.map { [$0] } ?? [])
    }
}
