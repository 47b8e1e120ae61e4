import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PDFSyntax

/// What was appended to a PDF after a signature, judged as pyHanko's difference analysis judges it, and
/// stricter where pyHanko lets a reader be misled.
///
/// A signature covers the file up to the end of its byte range. Later incremental updates may do only what a
/// later signer's tools do, which changes nothing a reader sees:
/// - add signatures: their fields, widgets and appearances, the form's /Fields and /SigFlags, a page's /Annots;
///   a field added (or an empty one given an appearance) must be signed itself by the end of the file, or draw
///   nothing — an unsigned field's appearance is attested by no one and can paint anything over the signed page
///   (the "sneaky signature" attack, which pyHanko passes as form filling);
/// - add validation data (/DSS);
/// - bring the metadata up to date: the information's /ModDate and /Producer, well-formed XMP.
/// Everything else changes the document that was signed, however valid the signature over its own bytes: a
/// page's content or resources, a new page or catalog, an annotation that is not a signature, the catalog's other
/// entries, a signed field's appearance or its signature dictionary, an object freed, bytes outside any table.
/// So the trailer is compared with the signed revision's, and every object an update defines again with the
/// object as it stood at the signed revision; only the changes listed here pass.
public enum Modification: Equatable, Sendable {
    /// Nothing follows the signature.
    case none
    /// Only signatures, their form fields and widgets, or validation data (/DSS) were added.
    case signaturesOnly(bytes: Int)
    /// Something else was changed; the text says what.
    case contentChanged(String)

    public var allowsTrust: Bool { if case .contentChanged = self { return false }; return true }
}

struct ModificationAnalysis {
    let pdf: PDFStructure
    /// Where the signed revision ends.
    let signedEnd: Int
    /// The XMP metadata stream the file's catalog names, looked up once for every object compared.
    let metadata: Int?

    init(pdf: PDFStructure, signedEnd: Int) {
        self.pdf = pdf
        self.signedEnd = signedEnd
        metadata = (try? pdf.object(pdf.catalogNumber).dictionary)??["Metadata"]?.reference?.0
    }

    static let whitespace: Set<UInt8> = [0x00, 0x09, 0x0A, 0x0C, 0x0D, 0x20]

    func run() -> Modification {
        if let verdict = appendedBytesVerdict() { return verdict }
        let before = pdf.table(asOf: signedEnd)
        let after = pdf.entries
        do {
            let signedTrailer = pdf.sections.first { $0.start < signedEnd }?.trailer ?? PDFDictionary()
            if let problem = try trailerProblem(signedTrailer, before: before, after: after) { return .contentChanged(problem) }
            for (number, entry) in after.sorted(by: { $0.key < $1.key }) where before[number] != entry {
                if case .free = entry, before[number] != nil {
                    return .contentChanged("object \(number) was deleted after signing")
                }
                guard let old = before[number], old != .free else { continue }  // new objects: judged where they are used
                if let problem = try changeProblem(number, old: pdf.object(number, in: before), new: pdf.object(number, in: after),
                                                   before: before, after: after) {
                    return .contentChanged(problem)
                }
            }
        } catch {
            return .contentChanged("the update after the signature cannot be read: \(error)")
        }
        return .signaturesOnly(bytes: pdf.bytes.count - signedEnd)
    }

    /// The verdict the appended bytes give before any object is read, if they give one: nothing but white space
    /// (a line end added in transit) is nothing; bytes with no cross-reference section, or after the last %%EOF,
    /// are in no table, and a viewer that rebuilds a damaged file would find what they hold.
    func appendedBytesVerdict() -> Modification? {
        guard pdf.bytes[signedEnd...].contains(where: { !Self.whitespace.contains($0) }) else { return Modification.none }
        guard pdf.sections.contains(where: { $0.start >= signedEnd }) else {
            return .contentChanged("\(pdf.bytes.count - signedEnd) bytes follow the signature without a cross-reference section")
        }
        if let end = pdf.bytes.lastRange(of: Array("%%EOF".utf8))?.upperBound, end >= signedEnd,
           pdf.bytes[end...].contains(where: { !Self.whitespace.contains($0) }) {
            return .contentChanged("\(pdf.bytes.count - end) bytes follow the file's last %%EOF")
        }
        return nil
    }

    /// Nil when object `number`'s change is one a signature or validation data makes; else what changed.
    func changeProblem(_ number: Int, old: PDFObject, new: PDFObject, before: [Int: XrefEntry], after: [Int: XrefEntry]) throws -> String? {
        let oldStream = pdf.rawStream(number, in: before), newStream = pdf.rawStream(number, in: after)
        if old == new, oldStream == newStream { return nil }
        if number == metadata {
            return isXMP(number, in: after) ? nil : "the XMP metadata (object \(number)) was replaced after signing by something that is not XMP"
        }
        if oldStream != nil || newStream != nil {
            return "the stream object \(number) (content, image or font) was changed after signing"
        }
        if number == pdf.catalogNumber {
            // pyHanko's list; /Perms (a certification's permissions) and everything else stay as signed.
            if let key = changedKeys(old.dictionary, new.dictionary, allowed: ["AcroForm", "DSS", "Extensions", "Metadata", "MarkInfo", "Version"]) {
                return "the document catalog's /\(key) was changed after signing"
            }
            if let metadata, !isXMP(metadata, in: after) {
                return "the document catalog's /Metadata was pointed after signing at something that is not XMP"
            }
            // A form put in the catalog itself, or a new form object, is held to the rules of an updated one.
            if old.dictionary?["AcroForm"] != new.dictionary?["AcroForm"] {
                return try formProblem(old: resolve(old.dictionary?["AcroForm"], in: before)?.dictionary,
                                       new: resolve(new.dictionary?["AcroForm"], in: after)?.dictionary, after: after)
            }
            return nil
        }
        if number == pdf.trailer["Info"]?.reference?.0 {
            return changedKeys(old.dictionary, new.dictionary, allowed: ["ModDate", "Producer"]).map {
                "the document information's /\($0) was changed after signing"
            }
        }
        if let oldArray = old.array, let newArray = new.array {
            // An /Annots or /Fields array of its own: signatures may be added at its end.
            guard newArray.starts(with: oldArray) else { return "the array object \(number) lost or reordered entries after signing" }
            return try firstProblem(added: newArray.dropFirst(oldArray.count), in: after, what: "an annotation or field")
        }
        guard let oldDictionary = old.dictionary, let newDictionary = new.dictionary else {
            return "object \(number) was changed after signing"
        }
        switch newDictionary["Type"]?.name {
        case "Page":
            if let key = changedKeys(oldDictionary, newDictionary, allowed: ["Annots"]) { return "page object \(number)'s /\(key) was changed after signing" }
            let oldAnnots = try pdf.resolve(oldDictionary["Annots"])?.array ?? []
            let newAnnots = try pdf.resolve(newDictionary["Annots"])?.array ?? []
            if oldDictionary["Annots"]?.reference != nil, oldDictionary["Annots"] == newDictionary["Annots"] { return nil }
            guard newAnnots.starts(with: oldAnnots) else { return "page object \(number) lost annotations after signing" }
            return try firstProblem(added: newAnnots.dropFirst(oldAnnots.count), in: after, what: "an annotation on page object \(number)")
        case "DSS":
            return nil
        case "Sig", "DocTimeStamp":
            // A signature's dictionary, once signed, is what the signer signed: a new /M, /Reason or /Name in an
            // update would be shown as theirs.
            return "the signature dictionary \(number) (its time, reason or signer's name) was changed after signing"
        default:
            break
        }
        if let problem = try signatureFieldChange(number, old: oldDictionary, new: newDictionary, before: before, after: after) {
            return problem.isEmpty ? nil : problem
        }
        if newDictionary["Fields"] != nil || oldDictionary["Fields"] != nil {
            return try formProblem(old: oldDictionary, new: newDictionary, after: after)
        }
        return "object \(number) was changed after signing"
    }

    /// The form: signatures may be added to /Fields; /SigFlags, /DA and /DR may be set; nothing else (an /XFA
    /// form or /NeedAppearances would change what a viewer shows).
    func formProblem(old: PDFDictionary?, new: PDFDictionary?, after: [Int: XrefEntry]) throws -> String? {
        if let key = changedKeys(old, new, allowed: ["Fields", "SigFlags", "DA", "DR"]) {
            return "the form's /\(key) was changed after signing"
        }
        let oldFields = try pdf.resolve(old?["Fields"])?.array ?? []
        let newFields = try pdf.resolve(new?["Fields"])?.array ?? []
        guard newFields.starts(with: oldFields) else { return "form fields were removed after signing" }
        return try firstProblem(added: newFields.dropFirst(oldFields.count), in: after, what: "a form field")
    }

    /// The trailer names the document: its catalog and its encryption stay as signed (a new /Root would show
    /// another document altogether), and a new information dictionary is held to the rule of an updated one.
    func trailerProblem(_ signed: PDFDictionary, before: [Int: XrefEntry], after: [Int: XrefEntry]) throws -> String? {
        if signed["Root"]?.reference?.0 != pdf.trailer["Root"]?.reference?.0 {
            return "the trailer's /Root names another catalog after signing: a different document is shown"
        }
        if signed["Encrypt"] != pdf.trailer["Encrypt"] { return "the document's encryption was changed after signing" }
        guard let newInfo = pdf.trailer["Info"]?.reference?.0, newInfo != signed["Info"]?.reference?.0 else { return nil }
        let oldInfo = try signed["Info"]?.reference.map { try pdf.object($0.0, in: before).dictionary } ?? nil
        return changedKeys(oldInfo, try pdf.object(newInfo, in: after).dictionary, allowed: ["ModDate", "Producer"]).map {
            "the document information's /\($0) was changed after signing"
        }
    }

    /// An object as `table` has it, following a reference.
    func resolve(_ object: PDFObject?, in table: [Int: XrefEntry]) throws -> PDFObject? {
        guard let object else { return nil }
        if let (number, _) = object.reference { return try pdf.object(number, in: table) }
        return object
    }

    /// The first key whose value differs between the two dictionaries, other than the allowed ones.
    func changedKeys(_ old: PDFDictionary?, _ new: PDFDictionary?, allowed: Set<String>) -> String? {
        let old = old ?? PDFDictionary(), new = new ?? PDFDictionary()
        let keys = Set(old.entries.map(\.key)).union(new.entries.map(\.key)).subtracting(allowed)
        return keys.sorted().first { old[$0] != new[$0] }
    }

    /// A signature field, or a widget of one, changed after signing: nil when the object is neither; "" when the
    /// change is an empty field being signed (it gains its value and appearance once, and is signed by the end);
    /// else what changed. A field already signed never changes, nor does the widget of one.
    func signatureFieldChange(_ number: Int, old: PDFDictionary, new: PDFDictionary,
                              before: [Int: XrefEntry], after: [Int: XrefEntry]) throws -> String? {
        guard let oldField = try signatureField(of: old, in: before), let newField = try signatureField(of: new, in: after) else {
            return nil
        }
        if isSigned(oldField) { return "signature field \(number), already signed, was changed after signing" }
        if let key = changedKeys(old, new, allowed: ["V", "AP", "F", "Rect", "P"]) {
            return "signature field \(number)'s /\(key) was changed after signing"
        }
        if !isSigned(newField), try showsSomething(new, in: after) {
            return "signature field \(number) was given a visible appearance after signing but no signature: it can show anything over the page"
        }
        return ""
    }

    /// Why one of the annotations or fields added after signing is not what a later signature adds, if one is not:
    /// a signature widget (an annotation of another type carrying /FT /Sig is not), signed by the end of the file
    /// or showing nothing.
    func firstProblem(added: ArraySlice<PDFObject>, in table: [Int: XrefEntry], what: String) throws -> String? {
        for reference in added {
            guard let (number, _) = reference.reference, let dictionary = try pdf.object(number, in: table).dictionary,
                  let field = try signatureField(of: dictionary, in: table) else {
                return "\(what) that is not a signature was added after signing"
            }
            if let subtype = dictionary["Subtype"]?.name, subtype != "Widget" {
                return "\(what) of type /\(subtype) carrying a signature field's /FT was added after signing (object \(number))"
            }
            guard !isSigned(field) else { continue }
            let kids = try pdf.resolve(dictionary["Kids"])?.array ?? []
            let widgets = try [dictionary] + kids.compactMap { try pdf.resolve($0)?.dictionary }
            if try widgets.contains(where: { try showsSomething($0, in: table) }) {
                return "an unsigned signature field with a visible appearance (object \(number)) was added after signing: it can show anything over the page"
            }
        }
        return nil
    }

    /// The signature field a dictionary is, or is a widget of (FT /Sig on itself or on its parent).
    func signatureField(of dictionary: PDFDictionary, in table: [Int: XrefEntry]) throws -> PDFDictionary? {
        if dictionary["FT"]?.name == "Sig" { return dictionary }
        if let (parent, _) = dictionary["Parent"]?.reference, let field = try pdf.object(parent, in: table).dictionary,
           field["FT"]?.name == "Sig" {
            return field
        }
        return nil
    }

    /// A field whose value is a signature dictionary (a byte range and contents), whatever its verdict: each
    /// signature is verified on its own.
    func isSigned(_ field: PDFDictionary) -> Bool {
        guard let value = try? pdf.resolve(field["V"])?.dictionary else { return false }
        return value["ByteRange"] != nil && value["Contents"] != nil
    }

    /// Whether a widget can show anything: not hidden, an area, and an appearance stream with any content (one
    /// that cannot be read counts as showing something).
    func showsSomething(_ widget: PDFDictionary, in table: [Int: XrefEntry]) throws -> Bool {
        let hiddenOrNoView = 2 | 32
        if let flags = widget["F"]?.integer, flags & hiddenOrNoView != 0 { return false }
        if let rect = try pdf.resolve(widget["Rect"])?.array?.compactMap(\.number), rect.count == 4,
           rect[2] == rect[0] || rect[3] == rect[1] {
            return false
        }
        guard let appearances = try pdf.resolve(widget["AP"])?.dictionary else { return false }
        for (_, appearance) in appearances.entries {
            // A stream, or a dictionary of states each a stream.
            let states = appearance.reference != nil && pdf.rawStream(appearance.reference!.0, in: table) == nil
                ? try pdf.resolve(appearance)?.dictionary?.entries.map(\.value) ?? [] : [appearance]
            for state in states where streamShowsSomething(state, in: table) { return true }
        }
        return false
    }

    func streamShowsSomething(_ reference: PDFObject, in table: [Int: XrefEntry]) -> Bool {
        guard let (number, _) = reference.reference, let raw = pdf.rawStream(number, in: table),
              let dictionary = try? pdf.object(number, in: table).dictionary,
              let content = try? PDFStream.decode(dictionary, raw: raw) else { return true }
        return content.contains { !Self.whitespace.contains($0) }
    }

    /// Whether object `number` is a stream of well-formed XML whose root is XMP's x:xmpmeta (pyHanko's test).
    func isXMP(_ number: Int, in table: [Int: XrefEntry]) -> Bool {
        guard let raw = pdf.rawStream(number, in: table), let dictionary = try? pdf.object(number, in: table).dictionary,
              let content = try? PDFStream.decode(dictionary, raw: raw) else { return false }
        let reader = XMPRoot()
        let parser = XMLParser(data: Data(content))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        // parse() answers true for a document that ends too soon: its error says so.
        return parser.parse() && parser.parserError == nil && reader.root?.namespace == "adobe:ns:meta/" && reader.root?.name == "xmpmeta"
    }
}

/// The namespace and name of an XML document's root element.
private final class XMPRoot: NSObject, XMLParserDelegate {
    var root: (namespace: String, name: String)?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root == nil { root = (namespaceURI ?? "", elementName) }
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        // An entity in metadata is refused, as pyHanko refuses it.
        root = ("", "")
        parser.abortParsing()
    }
}
