import Foundation
import PDFSyntax

/// Files carried inside the PDF (a PDF a memo lists under สิ่งที่ส่งมาด้วย): each an embedded file stream and a
/// file specification in the catalog's /Names /EmbeddedFiles tree, appended as an incremental update (Cairo
/// 1.16 has no call for it). A reader's attachments panel lists them; the PDF itself is unchanged before them.
public enum FileAttachments {
    public struct File {
        public var name: String
        public var description: String
        public var data: Data
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
        for (index, attached) in files.enumerated() {
            let stream = update.allocate(), spec = update.allocate()
            let data = [UInt8](attached.data)
            var header = PDFDictionary()
            header["Type"] = .name("EmbeddedFile")
            header["Subtype"] = .name("application#2Fpdf")
            header["Length"] = .integer(data.count)
            var params = PDFDictionary()
            params["Size"] = .integer(data.count)
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
