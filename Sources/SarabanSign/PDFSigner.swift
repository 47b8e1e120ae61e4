import Foundation
import PDFSyntax
import Crypto

/// What a signature says besides the signature itself, and where its widget goes.
public struct SignatureOptions: Sendable {
    public var reason: String?
    public var location: String?
    public var contact: String?
    /// The claimed signing time, written to /M.
    public var time: Date
    /// The page (from 0) and rectangle (PDF points, origin bottom left) of a visible widget; nil: invisible.
    public var visible: (page: Int, rect: (x: Double, y: Double, width: Double, height: Double))?
    /// An RFC 3161 time-stamp authority for PAdES B-T.
    public var timestampURL: URL?
    /// Hex digits reserved for the CMS in /Contents.
    public var reservedHexDigits: Int

    public init(reason: String? = nil, location: String? = nil, contact: String? = nil, time: Date = Date(),
                visible: (page: Int, rect: (x: Double, y: Double, width: Double, height: Double))? = nil,
                timestampURL: URL? = nil, reservedHexDigits: Int? = nil) {
        self.reason = reason
        self.location = location
        self.contact = contact
        self.time = time
        self.visible = visible
        self.timestampURL = timestampURL
        self.reservedHexDigits = reservedHexDigits ?? (timestampURL == nil ? 16_384 : 32_768)
    }
}

/// Signs a PDF by an incremental update: the original bytes stay as they are, and after them come the
/// signature dictionary, its field and widget, the form, the page and catalog that now point at them, a new
/// cross-reference section and a trailer with /Prev. The signature's /ByteRange covers every byte but its
/// own /Contents; a second signer does the same again, and the first signature stays valid.
public struct PDFSigner {
    let identity: SigningIdentity

    public init(identity: SigningIdentity) { self.identity = identity }

    public func sign(_ input: Data, file: String = "the PDF", options: SignatureOptions) throws -> Data {
        try identity.check(at: options.time)
        let original = [UInt8](input)
        let pdf = try PDFStructure(original, file: file)
        guard !pdf.usesCrossReferenceStreams else {
            throw SigningError("\(file) uses a cross-reference stream (PDF 1.5 and later), which saraban's signer does not extend; save it as PDF 1.4 (qpdf --object-streams=disable) or render it with saraban")
        }
        let pages = try pdf.pages()
        guard !pages.isEmpty else { throw SigningError("\(file) has no pages") }
        let pageIndex = options.visible?.page ?? 0
        guard pageIndex < pages.count else { throw SigningError("\(file) has no page \(pageIndex + 1)") }
        let pageNumber = pages[pageIndex]

        var objects: [(number: Int, body: [UInt8])] = []
        var next = pdf.size
        func allocate() -> Int { defer { next += 1 }; return next }

        let signatureNumber = allocate()
        let fieldNumber = allocate()
        var catalog = try pdf.catalog()
        var form = try pdf.resolve(catalog["AcroForm"])?.dictionary ?? PDFDictionary()
        let formNumber = catalog["AcroForm"]?.reference?.0 ?? allocate()
        var fields = try pdf.resolve(form["Fields"])?.array ?? []
        let fieldName = "Signature\(fields.count + 1)"

        objects.append((signatureNumber, signatureDictionary(options)))
        var widget = PDFDictionary()
        widget["Type"] = .name("Annot")
        widget["Subtype"] = .name("Widget")
        widget["FT"] = .name("Sig")
        widget["T"] = .string(Array(fieldName.utf8))
        widget["V"] = .reference(signatureNumber, 0)
        widget["P"] = .reference(pageNumber, 0)
        if let visible = options.visible {
            let rect = visible.rect
            let appearanceNumber = allocate()
            widget["Rect"] = .array([.real(rect.x), .real(rect.y), .real(rect.x + rect.width), .real(rect.y + rect.height)])
            widget["F"] = .integer(4)  // print
            var appearance = PDFDictionary()
            appearance["N"] = .reference(appearanceNumber, 0)
            widget["AP"] = .dictionary(appearance)
            // An archival (PDF/A) file may use only embedded fonts: its widget shows the frame without the Helvetica line.
            let archival = catalog["OutputIntents"] != nil
            objects.append((appearanceNumber, appearanceStream(width: rect.width, height: rect.height, time: options.time, text: !archival)))
        } else {
            widget["Rect"] = .array([.integer(0), .integer(0), .integer(0), .integer(0)])
            widget["F"] = .integer(132)  // print, locked (PDF/A wants the print flag on every annotation)
            // An empty appearance: PDF/A asks every widget for one, even a signature nobody sees.
            let appearanceNumber = allocate()
            var appearance = PDFDictionary()
            appearance["N"] = .reference(appearanceNumber, 0)
            widget["AP"] = .dictionary(appearance)
            objects.append((appearanceNumber, Array("<< /Type /XObject /Subtype /Form /BBox [0 0 0 0] /Length 0 >>\nstream\n\nendstream".utf8)))
        }
        objects.append((fieldNumber, Array(widget.serialized().utf8)))

        fields.append(.reference(fieldNumber, 0))
        form["Fields"] = .array(fields)
        form["SigFlags"] = .integer(3)
        objects.append((formNumber, Array(form.serialized().utf8)))
        if catalog["AcroForm"]?.reference == nil {
            catalog["AcroForm"] = .reference(formNumber, 0)
            objects.append((pdf.catalogNumber, Array(catalog.serialized().utf8)))
        }
        objects += try pageWithAnnotation(pdf, page: pageNumber, field: fieldNumber)

        var update = IncrementalUpdate(original, structure: pdf)
        for object in objects.sorted(by: { $0.number < $1.number }) { update.append(object.number, object.body) }
        while update.next < next { _ = update.allocate() }
        // The file's identity: the first part kept from the original (or made from it), the second new.
        let first = pdf.trailer["ID"]?.array?.first ?? .hexString(Array(SHA256.hash(data: original).prefix(16)))
        let position = update.bytes.count
        var output = update.finished(id: .array([first, .hexString(Array(SHA256.hash(data: original + Array(String(position).utf8)).prefix(16)))]))
        return try fillSignature(&output, options: options)
    }

    /// The signature dictionary, with room for the byte range and the CMS.
    func signatureDictionary(_ options: SignatureOptions) -> [UInt8] {
        var text = "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached"
        text += " /ByteRange [0 0000000000 0000000000 0000000000]"
        text += " /Contents <" + String(repeating: "0", count: SignatureOptions.aligned(options.reservedHexDigits)) + ">"
        text += " /M " + PDFObject.string(Array(Self.pdfDate(options.time).utf8)).serialized()
        text += " /Name " + PDFObject.text(identity.commonName).serialized()
        if let reason = options.reason { text += " /Reason " + PDFObject.text(reason).serialized() }
        if let location = options.location { text += " /Location " + PDFObject.text(location).serialized() }
        if let contact = options.contact { text += " /ContactInfo " + PDFObject.text(contact).serialized() }
        return Array((text + " >>").utf8)
    }

    /// The page again, its /Annots now naming the widget (or the /Annots array, where it is an object of its own).
    func pageWithAnnotation(_ pdf: PDFStructure, page: Int, field: Int) throws -> [(number: Int, body: [UInt8])] {
        guard var dictionary = try pdf.object(page).dictionary else { throw SigningError("page object \(page) is not a dictionary") }
        if let (annotsNumber, _) = dictionary["Annots"]?.reference {
            var annotations = try pdf.object(annotsNumber).array ?? []
            annotations.append(.reference(field, 0))
            return [(annotsNumber, Array(PDFObject.array(annotations).serialized().utf8))]
        }
        var annotations = dictionary["Annots"]?.array ?? []
        annotations.append(.reference(field, 0))
        dictionary["Annots"] = .array(annotations)
        return [(page, Array(dictionary.serialized().utf8))]
    }

    func fillSignature(_ output: inout [UInt8], options: SignatureOptions) throws -> Data {
        guard let rangeAt = output.lastRange(of: Array("/ByteRange [0 0000000000 0000000000 0000000000]".utf8)),
              let contentsAt = output.firstRange(of: Array("/Contents <".utf8), from: rangeAt.upperBound) else {
            throw SigningError("the signature placeholder went missing")
        }
        let start = contentsAt.upperBound - 1  // the "<"
        let end = start + SignatureOptions.aligned(options.reservedHexDigits) + 2  // after the ">"
        let range = String(format: "/ByteRange [0 %010d %010d %010d]", start, end, output.count - end)
        output.replaceSubrange(rangeAt, with: Array(range.utf8))
        var hasher = SHA256()
        hasher.update(data: output[0..<start])
        hasher.update(data: output[end..<output.count])
        let digest = Array(hasher.finalize())
        let timestamp = options.timestampURL.map { url in { (signature: [UInt8]) in try TimestampClient(url: url).token(for: signature) } }
        let cms = try CMSBuilder(identity: identity).signedData(digest: digest, timestamp: timestamp)
        let hex = cms.map { String(format: "%02X", $0) }.joined()
        guard hex.count <= end - start - 2 else {
            throw SigningError("the signature needs \(hex.count) hex digits but \(end - start - 2) are reserved; sign again with --reserve \(hex.count + 4096)")
        }
        output.replaceSubrange((start + 1)..<(start + 1 + hex.count), with: Array(hex.utf8))
        return Data(output)
    }

    /// The widget's look: a thin frame and who signed when, in Helvetica (ASCII only; the name in Thai is in
    /// the signature block printed beside it).
    func appearanceStream(width: Double, height: Double, time: Date, text: Bool = true) -> [UInt8] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        let name = identity.commonName.unicodeScalars.allSatisfy { $0.isASCII } ? identity.commonName : "the certificate holder"
        let lines = ["Digitally signed by \(name)", "\(formatter.string(from: time)) +07:00"]
        var content = String(format: "q 0.25 0.35 0.75 RG 0.6 w 0.5 0.5 %.2f %.2f re S Q\n", width - 1, height - 1)
        if text {
            content += "BT /F1 7 Tf 0.25 0.35 0.75 rg 4 \(String(format: "%.2f", height - 10)) Td "
            content += lines.map { PDFObject.string(Array($0.utf8)).serialized() + " Tj 0 -9 Td" }.joined(separator: " ") + " ET"
        }
        let stream = Array(content.utf8)
        let font = "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >> >> >> "
        let dictionary = "<< /Type /XObject /Subtype /Form /BBox [0 0 \(String(format: "%.2f %.2f", width, height))] "
            + (text ? font : "") + "/Length \(stream.count) >>\nstream\n"
        return Array(dictionary.utf8) + stream + Array("\nendstream".utf8)
    }

    /// "D:YYYYMMDDHHmmSS+07'00'" in Thailand's time, as Thai signers write it.
    static func pdfDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        formatter.dateFormat = "yyyyMMddHHmmss"
        return "D:" + formatter.string(from: date) + "+07'00'"
    }
}

extension SignatureOptions {
    /// An even number of hex digits (whole bytes).
    static func aligned(_ digits: Int) -> Int { max(2, digits + digits % 2) }
}
