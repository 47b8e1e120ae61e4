import Foundation
import Crypto
import PDFSyntax

/// Files carried inside the PDF (a PDF a memo lists under สิ่งที่ส่งมาด้วย): each an embedded file stream and a
/// file specification in the catalog's /Names /EmbeddedFiles tree, appended as an incremental update after the
/// document is written. A reader's attachments panel lists them; the PDF itself is unchanged before them.
public enum FileAttachments {
    public struct File {
        public var name: String
        public var description: String
        public var data: Data
        /// The MIME type, written as the stream's /Subtype.
        public var mimeType = "application/pdf"
        /// How the file relates to the document (/AFRelationship: Source for the data it was made from); a file
        /// with one is also listed in the catalog's /AF, as PDF/A-3 asks.
        public var relationship: String?
        /// The file's modification date as a PDF date (D:YYYYMMDDHHmmSSZ).
        public var modified: String?
        public init(name: String, description: String, data: Data) {
            self.name = name
            self.description = description
            self.data = data
        }
    }

    public static func embed(_ files: [File], in pdf: Data, file: String = "the PDF") throws -> Data {
        guard !files.isEmpty else { return pdf }
        let bytes = [UInt8](pdf)
        let structure = try PDFStructure(bytes, file: file)
        var update = IncrementalUpdate(bytes, structure: structure)
        var tree: [PDFObject] = []
        var associated: [PDFObject] = []
        for (index, attached) in files.enumerated() {
            let stream = update.allocate(), spec = update.allocate()
            let data = [UInt8](attached.data)
            var header = PDFDictionary()
            header["Type"] = .name("EmbeddedFile")
            header["Subtype"] = .name(attached.mimeType.replacingOccurrences(of: "/", with: "#2F"))
            header["Length"] = .integer(data.count)
            var params = PDFDictionary()
            params["Size"] = .integer(data.count)
            // The MD5 of the bytes (ISO 32000 7.11.4): a reader, and `saraban extract`, can tell an altered file.
            params["CheckSum"] = .string(Array(Insecure.MD5.hash(data: data)))
            if let modified = attached.modified { params["ModDate"] = .string(Array(modified.utf8)) }
            header["Params"] = .dictionary(params)
            update.append(stream, Array(header.serialized().utf8) + Array("\nstream\n".utf8) + data + Array("\nendstream".utf8))
            var files = PDFDictionary()
            files["F"] = .reference(stream, 0)
            files["UF"] = .reference(stream, 0)
            var specification = PDFDictionary()
            specification["Type"] = .name("Filespec")
            specification["F"] = .string(Array(asciiName(attached.name, index: index).utf8))
            specification["UF"] = .hexString(utf16(attached.name))
            specification["Desc"] = .hexString(utf16(attached.description))
            specification["EF"] = .dictionary(files)
            if let relationship = attached.relationship {
                specification["AFRelationship"] = .name(relationship)
                associated.append(.reference(spec, 0))
            }
            update.append(spec, Array(specification.serialized().utf8))
            // The tree's keys sort as bytes: numbered keys keep the files in the memo's order.
            tree += [.string(Array(String(format: "%03d", index + 1).utf8)), .reference(spec, 0)]
        }
        var catalog = try structure.catalog()
        var names = try structure.resolve(catalog["Names"])?.dictionary ?? PDFDictionary()
        var embedded = PDFDictionary()
        embedded["Names"] = .array(tree)
        names["EmbeddedFiles"] = .dictionary(embedded)
        catalog["Names"] = .dictionary(names)
        if !associated.isEmpty { catalog["AF"] = .array(associated) }
        update.append(structure.catalogNumber, Array(catalog.serialized().utf8))
        return Data(update.finished())
    }

    /// The file name in ASCII for readers that show /F only (Thai names keep their letters in /UF).
    static func asciiName(_ name: String, index: Int) -> String {
        let ascii = name.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 } ? name : "attachment-\(index + 1).pdf"
        return ascii
    }

    /// Text as a PDF text string: UTF-16BE with its byte-order mark.
    static func utf16(_ text: String) -> [UInt8] {
        [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}

extension FileAttachments {
    /// A file read back from a PDF: its name, relationship and bytes, and whether its bytes still match the
    /// checksum and size recorded beside them.
    public struct Extracted {
        public var name: String
        public var relationship: String?
        public var data: Data
        public var intact: Bool
    }

    /// Every embedded file of the catalog's /EmbeddedFiles tree (its top level and kids), in the tree's order.
    public static func extract(from pdf: Data, file: String = "the PDF") throws -> [Extracted] {
        let structure = try PDFStructure([UInt8](pdf), file: file)
        let catalog = try structure.catalog()
        guard let names = try structure.resolve(catalog["Names"])?.dictionary,
              let tree = try structure.resolve(names["EmbeddedFiles"])?.dictionary else { return [] }
        var visited = Set<Int>()
        return try leaves(tree, structure, depth: 0, visited: &visited).map { try extracted($0, structure) }
    }

    /// The tree's file specifications. Each node is read once (a damaged or hostile file may point a node's
    /// kids back at it, or at one node many times) and the depth is bounded.
    static func leaves(_ node: PDFDictionary, _ structure: PDFStructure, depth: Int, visited: inout Set<Int>) throws -> [PDFDictionary] {
        guard depth < 16 else { throw PDFFileError("the embedded files' name tree is nested too deep") }
        var found: [PDFDictionary] = []
        let pairs = try structure.resolve(node["Names"])?.array ?? []
        for index in stride(from: 1, to: pairs.count, by: 2) {
            if let spec = try structure.resolve(pairs[index])?.dictionary { found.append(spec) }
        }
        for kid in try structure.resolve(node["Kids"])?.array ?? [] {
            if case .reference(let number, _) = kid, !visited.insert(number).inserted { continue }
            if let kid = try structure.resolve(kid)?.dictionary { found += try leaves(kid, structure, depth: depth + 1, visited: &visited) }
        }
        return found
    }

    static func extracted(_ spec: PDFDictionary, _ structure: PDFStructure) throws -> Extracted {
        let name = try structure.resolve(spec["UF"])?.textString ?? structure.resolve(spec["F"])?.textString ?? "attachment"
        guard let files = try structure.resolve(spec["EF"])?.dictionary, case .reference(let number, _)? = files["F"] ?? files["UF"],
              let raw = structure.rawStream(number, in: structure.entries) else {
            throw PDFFileError("the embedded file \(name) has no stream")
        }
        let header = try structure.object(number).dictionary ?? PDFDictionary()
        let filter = try structure.resolve(header["Filter"])?.name
        let data = filter == "FlateDecode" ? try Inflate.inflate(raw) : raw
        let params = try structure.resolve(header["Params"])?.dictionary
        let size = try structure.resolve(params?["Size"])?.integer
        let checksum = try structure.resolve(params?["CheckSum"])?.bytes
        let intact = (size == nil || size == data.count) && (checksum == nil || checksum! == Array(Insecure.MD5.hash(data: data)))
        return Extracted(name: name, relationship: try structure.resolve(spec["AFRelationship"])?.name, data: Data(data), intact: intact)
    }

}
