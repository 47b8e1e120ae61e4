import Foundation
import Crypto
import PDFSyntax

/// PDF/A over a rendered PDF, as an incremental update (ISO 19005 allows them): what only PDF/A asks for.
///
/// - XMP metadata in the catalog with the `pdfaid` part and conformance, and the document information (title,
///   author, subject, keywords, creator, producer, dates) said the same way as the Info dictionary says it;
/// - an sRGB OutputIntent from an ICC profile Debian ships (found at run time, never downloaded), so that the
///   device colours of the pages have a meaning;
/// - for a file another tool wrote: no transparency group on the pages (PDF/A-1 forbids transparency), and for each
///   composite TrueType font the CIDToGIDMap and the CIDSet of its subset that PDF/A-1 asks for (saraban's own
///   writer already writes both);
/// - for PDF/A-1b, images composited on white without their soft masks, and OpenType font files refused;
/// - a trailer /ID derived from the content, so the same input gives the same file.
public enum ArchivalPDF {
    public enum Part: String, CaseIterable, Sendable {
        case a1b = "1b", a2b = "2b", a3b = "3b"
        var number: Int { Int(String(rawValue.first!))! }
    }

    /// Where Debian's sRGB profiles are (icc-profiles-free, colord-data).
    public static let profileCandidates = ["/usr/share/color/icc/sRGB.icc", "/usr/share/color/icc/colord/sRGB.icc",
                                           "/usr/share/color/icc/Argyll/sRGB.icm"]

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public static func convert(_ pdf: Data, part: Part, file: String = "the PDF") throws -> Data {
        guard let profilePath = profileCandidates.first(where: { FileManager.default.isReadableFile(atPath: $0) }),
              let profile = FileManager.default.contents(atPath: profilePath) else {
            throw Problem(description: "PDF/A needs an sRGB ICC profile and none was found (\(profileCandidates.joined(separator: ", "))); install Debian's icc-profiles-free")
        }
        let bytes = [UInt8](pdf)
        let structure = try PDFStructure(bytes, file: file)
        var catalog = try structure.catalog()
        if part != .a3b, let names = try structure.resolve(catalog["Names"])?.dictionary, names["EmbeddedFiles"] != nil {
            throw Problem(description: "PDF/A-\(part.rawValue) cannot carry embedded files (the data, or a memo's PDF attachment); use --pdfa 3b")
        }
        var update = IncrementalUpdate(bytes, structure: structure)
        try rewriteObjects(structure, part: part, &update)
        let info = try structure.resolve(structure.trailer["Info"])?.dictionary ?? PDFDictionary()
        let metadata = update.allocate()
        let xmp = Array(xmpPacket(info: info, part: part).utf8)
        var metadataHeader = PDFDictionary()
        metadataHeader["Type"] = .name("Metadata")
        metadataHeader["Subtype"] = .name("XML")
        metadataHeader["Length"] = .integer(xmp.count)
        update.append(metadata, stream(metadataHeader, xmp))
        let iccNumber = update.allocate(), intentNumber = update.allocate()
        var iccHeader = PDFDictionary()
        iccHeader["N"] = .integer(3)
        iccHeader["Length"] = .integer(profile.count)
        update.append(iccNumber, stream(iccHeader, [UInt8](profile)))
        var intent = PDFDictionary()
        intent["Type"] = .name("OutputIntent")
        intent["S"] = .name("GTS_PDFA1")
        intent["OutputConditionIdentifier"] = .string(Array("sRGB IEC61966-2.1".utf8))
        intent["Info"] = .string(Array("sRGB IEC61966-2.1".utf8))
        intent["DestOutputProfile"] = .reference(iccNumber, 0)
        update.append(intentNumber, Array(intent.serialized().utf8))
        catalog["Metadata"] = .reference(metadata, 0)
        catalog["OutputIntents"] = .array([.reference(intentNumber, 0)])
        update.append(structure.catalogNumber, Array(catalog.serialized().utf8))
        // The same content gives the same /ID: reproducible output, as the rest of the file is.
        let digest = Array(Insecure.MD5.hash(data: update.bytes))
        return Data(update.finished(id: .array([.hexString(digest), .hexString(digest)])))
    }

    static func stream(_ header: PDFDictionary, _ data: [UInt8]) -> [UInt8] {
        Array(header.serialized().utf8) + Array("\nstream\n".utf8) + data + Array("\nendstream".utf8)
    }

    /// One pass over the file's objects, each read once: pages without their transparency group; composite fonts
    /// with their CIDToGIDMap and CIDSet; and for PDF/A-1b, OpenType font files refused and images flattened.
    static func rewriteObjects(_ structure: PDFStructure, part: Part, _ update: inout IncrementalUpdate) throws {
        for number in structure.offsets.keys.sorted() {
            guard var dictionary = try? structure.object(number).dictionary else { continue }
            if dictionary["Type"]?.name == "Page", dictionary["Group"] != nil {
                dictionary["Group"] = nil
                update.append(number, Array(dictionary.serialized().utf8))
            } else if dictionary["Subtype"]?.name == "CIDFontType2" {
                if dictionary["CIDToGIDMap"] == nil {
                    // A subset numbering its glyphs as their CIDs (as Cairo's did) leaves the identity implicit.
                    dictionary["CIDToGIDMap"] = .name("Identity")
                    update.append(number, Array(dictionary.serialized().utf8))
                }
                try addCIDSet(dictionary, structure, &update)
            } else if part == .a1b, dictionary["Type"]?.name == "FontDescriptor" {
                try refuseOpenType(dictionary, structure)
            } else if part == .a1b, dictionary["Subtype"]?.name == "Image", case .reference(let mask, _)? = dictionary["SMask"] {
                try flattenSoftMask(dictionary, number: number, mask: mask, structure, &update)
            }
        }
    }

    /// PDF/A-1 is PDF 1.4, which has no OpenType font files (`FontFile3` of subtype `OpenType`, PDF 1.6): a font
    /// with PostScript outlines cannot be in a PDF/A-1 file as saraban embeds it.
    static func refuseOpenType(_ descriptor: PDFDictionary, _ structure: PDFStructure) throws {
        guard case .reference(let file, _)? = descriptor["FontFile3"],
              (try? structure.object(file).dictionary)?["Subtype"]?.name == "OpenType" else { return }
        let name = descriptor["FontName"]?.name.map { String($0.drop { $0 != "+" }.dropFirst()) } ?? "a font"
        throw Problem(description: "PDF/A-1b cannot carry the OpenType (.otf) font \(name); use its TrueType (.ttf) build, or --pdfa 2b")
    }

    /// PDF/A-1 forbids transparency, and an emblem or a logo is usually a PNG with a transparent background: each
    /// image with a soft mask is written again composited on white paper, without the mask. The page looks the same
    /// wherever nothing is drawn under the image, as the layout places images. Only the images saraban writes
    /// (8-bit RGB or grey, deflated, with an 8-bit grey mask of the same size) are flattened; any other is refused.
    static func flattenSoftMask(_ image: PDFDictionary, number: Int, mask maskNumber: Int, _ structure: PDFStructure,
                                _ update: inout IncrementalUpdate) throws {
        guard let mask = try structure.object(maskNumber).dictionary,
              let colour = structure.rawStream(number, in: structure.entries), let alpha = structure.rawStream(maskNumber, in: structure.entries),
              image["BitsPerComponent"]?.integer == 8, mask["BitsPerComponent"]?.integer == 8,
              image["Width"] == mask["Width"], image["Height"] == mask["Height"],
              let channels = ["DeviceRGB": 3, "DeviceGray": 1][image["ColorSpace"]?.name ?? ""] else {
            throw Problem(description: "PDF/A-1b cannot carry a transparent image, and this one cannot be flattened; use --pdfa 2b, or an image without transparency")
        }
        let pixels = try PDFStream.decode(image, raw: colour), coverage = try PDFStream.decode(mask, raw: alpha)
        guard pixels.count == coverage.count * channels else {
            throw Problem(description: "an image's soft mask does not match its size; use --pdfa 2b")
        }
        var flattened = pixels
        for index in flattened.indices {
            let a = Int(coverage[index / channels])
            flattened[index] = UInt8((Int(pixels[index]) * a + 255 * (255 - a) + 127) / 255)
        }
        var header = image
        header["SMask"] = nil
        header["Filter"] = .name("FlateDecode")
        header["DecodeParms"] = nil
        let compressed = try Deflate.deflate(flattened)
        header["Length"] = .integer(compressed.count)
        update.append(number, stream(header, compressed))
    }

    /// The CIDSet of a subset: one bit per CID the font has a width for (PDF/A-1 6.3.5).
    static func addCIDSet(_ font: PDFDictionary, _ structure: PDFStructure, _ update: inout IncrementalUpdate) throws {
        guard case .reference(let descriptorNumber, _)? = font["FontDescriptor"],
              var descriptor = try structure.object(descriptorNumber).dictionary, descriptor["CIDSet"] == nil else { return }
        let cids = try usedCIDs(try structure.resolve(font["W"])?.array ?? [], structure)
        guard let highest = cids.max(), highest < 65_536 else { return }
        var bits = [UInt8](repeating: 0, count: highest / 8 + 1)
        for cid in cids { bits[cid / 8] |= 0x80 >> UInt8(cid % 8) }
        let set = update.allocate()
        var header = PDFDictionary()
        header["Length"] = .integer(bits.count)
        update.append(set, stream(header, bits))
        descriptor["CIDSet"] = .reference(set, 0)
        update.append(descriptorNumber, Array(descriptor.serialized().utf8))
    }

    /// The CIDs of a /W array: `c [w1 w2 …]` (from c on) and `c1 c2 w` (a range).
    static func usedCIDs(_ widths: [PDFObject], _ structure: PDFStructure) throws -> [Int] {
        var cids: [Int] = [0]
        var index = 0
        while index < widths.count {
            guard let first = widths[index].integer, first >= 0 else { break }
            if let list = try structure.resolve(widths[safe: index + 1])?.array {
                cids += (0..<min(list.count, 65_536)).map { first + $0 }
                index += 2
            } else if let last = widths[safe: index + 1]?.integer, last >= first, last - first < 65_536 {
                cids += Array(first...last)
                index += 3
            } else {
                break
            }
        }
        return cids
    }

    /// The XMP packet: the PDF/A identification and the Info dictionary's entries, said the same way.
    static func xmpPacket(info: PDFDictionary, part: Part) -> String {
        func text(_ key: String) -> String? { info[key]?.textString }
        func escaped(_ value: String) -> String {
            value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var fields = ""
        if let title = text("Title") { fields += "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">\(escaped(title))</rdf:li></rdf:Alt></dc:title>\n" }
        if let author = text("Author") { fields += "<dc:creator><rdf:Seq><rdf:li>\(escaped(author))</rdf:li></rdf:Seq></dc:creator>\n" }
        if let subject = text("Subject") { fields += "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">\(escaped(subject))</rdf:li></rdf:Alt></dc:description>\n" }
        if let keywords = text("Keywords") { fields += "<pdf:Keywords>\(escaped(keywords))</pdf:Keywords>\n" }
        if let producer = text("Producer") { fields += "<pdf:Producer>\(escaped(producer))</pdf:Producer>\n" }
        if let creator = text("Creator") { fields += "<xmp:CreatorTool>\(escaped(creator))</xmp:CreatorTool>\n" }
        if let created = text("CreationDate").flatMap(xmpDate) { fields += "<xmp:CreateDate>\(created)</xmp:CreateDate>\n" }
        if let modified = text("ModDate").flatMap(xmpDate) { fields += "<xmp:ModifyDate>\(modified)</xmp:ModifyDate>\n" }
        return """
        <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
        <pdfaid:part>\(part.number)</pdfaid:part>
        <pdfaid:conformance>B</pdfaid:conformance>
        \(fields)</rdf:Description>
        </rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="w"?>
        """
    }

    /// "D:20231120093000Z" or "D:20231120093000+07'00'" → "2023-11-20T09:30:00Z" / "…+07:00".
    static func xmpDate(_ pdfDate: String) -> String? {
        let digits = Array(pdfDate.hasPrefix("D:") ? pdfDate.dropFirst(2) : Substring(pdfDate))
        guard digits.count >= 14, digits.prefix(14).allSatisfy(\.isNumber) else { return nil }
        let d = String(digits.prefix(14))
        func part(_ from: Int, _ length: Int) -> Substring { d.dropFirst(from).prefix(length) }
        var zone = "Z"
        let rest = String(digits.dropFirst(14)).replacingOccurrences(of: "'", with: "")
        if let sign = rest.first, sign == "+" || sign == "-", rest.count >= 5 {
            zone = "\(sign)\(rest.dropFirst().prefix(2)):\(rest.dropFirst(3).prefix(2))"
        }
        return "\(part(0, 4))-\(part(4, 2))-\(part(6, 2))T\(part(8, 2)):\(part(10, 2)):\(part(12, 2))\(zone)"
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
