import Foundation
import MultipartKit
import NIOCore

/// A batch's upload (`multipart/form-data`): its parts read with MultipartKit's parser, each within its limit, and
/// saved in the request's folder under a plain name of its own (never a path from the request).
enum Multipart {
    struct Part {
        var field: String
        var filename: String?
        var data: Data
    }

    /// The boundary of a `multipart/form-data` content type.
    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    static func parts(_ body: ByteBuffer, boundary: String, limits: WebServer.Limits) throws -> [Part] {
        var parts: [Part] = []
        var headers: [String: String] = [:]
        var data = Data()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { buffer in data.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = {
            let disposition = headers["content-disposition"] ?? ""
            parts.append(Part(field: parameter("name", in: disposition) ?? "", filename: parameter("filename", in: disposition), data: data))
            headers = [:]
            data = Data()
        }
        do {
            try parser.execute(body)
        } catch {
            throw Refusal(.badRequest, "bad-multipart", th: "อ่านข้อมูลที่อัปโหลด (multipart) ไม่ได้", en: "the upload (multipart) could not be read")
        }
        guard !parts.isEmpty else {
            throw Refusal(.badRequest, "bad-multipart", th: "ไม่พบไฟล์ในข้อมูลที่อัปโหลด", en: "the upload holds no file")
        }
        for part in parts { try check(part, limits: limits) }
        return parts
    }

    static func check(_ part: Part, limits: WebServer.Limits) throws {
        let limit: Int, what: (th: String, en: String)
        switch part.field {
        case "table": (limit, what) = (limits.table, ("ตาราง", "the table"))
        case "pdf": (limit, what) = (limits.upload, ("ไฟล์ PDF", "the PDF"))
        case "image": (limit, what) = (limits.image, ("รูปภาพ \(part.filename ?? "")", "the image \(part.filename ?? "")"))
        default: (limit, what) = (limits.data, ("ไฟล์ \(part.filename ?? part.field)", "the file \(part.filename ?? part.field)"))
        }
        guard part.data.count <= limit else {
            throw Refusal(.contentTooLarge, "too-large", th: "\(what.th)ใหญ่เกิน \(limit / 1024 / 1024) MB",
                          en: "\(what.en) is larger than \(limit / 1024 / 1024) MB")
        }
    }

    /// The parts written to `folder`: the template as template.yaml, the table as table.csv, table.xlsx or table.ods, and the
    /// files the template names (its analysis library, images) under their own file names, letters, digits, dots,
    /// dashes and underscores only. Returns where each named field went.
    /// A table is read by its extension: a workbook's own (.xlsx, .ods), else CSV.
    static func tableExtension(_ filename: String?) -> String {
        let given = URL(fileURLWithPath: filename ?? "").pathExtension.lowercased()
        return ["xlsx", "ods"].contains(given) ? given : "csv"
    }

    static func save(_ parts: [Part], in folder: URL) throws -> [String: URL] {
        var saved: [String: URL] = [:]
        for part in parts {
            let name: String
            switch part.field {
            case "template": name = "template.yaml"
            case "data": name = (part.filename?.lowercased().hasSuffix(".json") ?? false) ? "data.json" : "data.yaml"
            case "table": name = "table." + tableExtension(part.filename)
            case "pdf": name = "document.pdf"
            case "trust": name = "trust.pem"
            case "library", "image", "file":
                guard let own = part.filename.map({ URL(fileURLWithPath: $0).lastPathComponent }), safe(own),
                      !["template.yaml", "table.csv", "table.xlsx", "table.ods", "data.yaml", "data.json", "document.pdf", "trust.pem"].contains(own) else {
                    throw Refusal(.badRequest, "bad-file-name", th: "ชื่อไฟล์ \"\(part.filename ?? "")\" ใช้ไม่ได้ (ใช้ได้เฉพาะตัวอักษร ตัวเลข . - _)",
                                  en: "the file name \"\(part.filename ?? "")\" cannot be used (letters, digits, . - _ only)")
                }
                name = own
            default:
                throw Refusal(.badRequest, "unknown-part", th: "ไม่รู้จักช่อง \"\(part.field)\" (ใช้ data, template, table, library, image, file, pdf, trust)",
                              en: "unknown field \"\(part.field)\" (expected data, template, table, library, image, file, pdf, trust)")
            }
            let url = folder.appendingPathComponent(name)
            try part.data.write(to: url)
            saved[part.field] = url
        }
        return saved
    }

    static func safe(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.count <= 100
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) }
    }

    /// A parameter of a Content-Disposition header (`name="table"`).
    static func parameter(_ key: String, in header: String) -> String? {
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == key { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }
}
