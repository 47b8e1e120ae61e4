import Foundation
import PDFSyntax

/// What was appended to a PDF after a signature, judged as pyHanko's difference analysis judges it.
///
/// A signature covers the file up to the end of its byte range; later incremental updates may add further
/// signatures (and their fields, widgets and appearances) or validation data (/DSS), which changes nothing
/// a reader sees. Anything else appended — a page's content or resources, a new page, an annotation that is not
/// a signature, the catalog's other entries, an object freed — changes the document that was signed, however
/// valid the signature over its own bytes remains. So every object that an update defines again is compared
/// with the object as it stood at the signed revision, and only the changes listed here pass.
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

    func run() -> Modification {
        let appended = pdf.bytes.count - signedEnd
        guard appended > 0 else { return .none }
        let before = pdf.table(asOf: signedEnd)
        let after = pdf.entries
        guard pdf.sections.contains(where: { $0.start >= signedEnd }) else {
            return .contentChanged("\(appended) bytes follow the signature without a cross-reference section")
        }
        do {
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
        return .signaturesOnly(bytes: appended)
    }

    /// Nil when object `number`'s change is one a signature or validation data makes; else what changed.
    func changeProblem(_ number: Int, old: PDFObject, new: PDFObject, before: [Int: XrefEntry], after: [Int: XrefEntry]) throws -> String? {
        let oldStream = pdf.rawStream(number, in: before), newStream = pdf.rawStream(number, in: after)
        if old == new, oldStream == newStream { return nil }
        if oldStream != nil || newStream != nil {
            return "the stream object \(number) (content, image or font) was changed after signing"
        }
        if number == pdf.catalogNumber {
            return changedKeys(old.dictionary, new.dictionary, allowed: ["AcroForm", "DSS", "Extensions", "Perms"]).map {
                "the document catalog's /\($0) was changed after signing"
            }
        }
        if let oldArray = old.array, let newArray = new.array {
            // An /Annots or /Fields array of its own: signatures may be added at its end.
            guard newArray.starts(with: oldArray) else { return "the array object \(number) lost or reordered entries after signing" }
            return try newArray.dropFirst(oldArray.count).contains { !(try isSignatureField($0, in: after)) }
                ? "an annotation or field that is not a signature was added after signing" : nil
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
            return try newAnnots.dropFirst(oldAnnots.count).contains { !(try isSignatureField($0, in: after)) }
                ? "an annotation that is not a signature was added to page object \(number) after signing" : nil
        case "DSS", "Sig", "DocTimeStamp":
            return nil
        default:
            break
        }
        if newDictionary["FT"]?.name == "Sig" || newDictionary["Parent"] != nil && oldDictionary["FT"]?.name == "Sig" {
            // An empty signature field being signed: it gains its value and appearance.
            return changedKeys(oldDictionary, newDictionary, allowed: ["V", "AP", "F", "Rect", "P"]).map {
                "signature field \(number)'s /\($0) was changed after signing"
            }
        }
        if newDictionary["Fields"] != nil || oldDictionary["Fields"] != nil {
            // The form: signatures may be added to /Fields; /SigFlags, /DA and /DR may be set.
            if let key = changedKeys(oldDictionary, newDictionary, allowed: ["Fields", "SigFlags", "DA", "DR"]) {
                return "the form's /\(key) was changed after signing"
            }
            let oldFields = try pdf.resolve(oldDictionary["Fields"])?.array ?? []
            let newFields = try pdf.resolve(newDictionary["Fields"])?.array ?? []
            guard newFields.starts(with: oldFields) else { return "form fields were removed after signing" }
            return try newFields.dropFirst(oldFields.count).contains { !(try isSignatureField($0, in: after)) }
                ? "a form field that is not a signature was added after signing" : nil
        }
        return "object \(number) was changed after signing"
    }

    /// The first key whose value differs between the two dictionaries, other than the allowed ones.
    func changedKeys(_ old: PDFDictionary?, _ new: PDFDictionary?, allowed: Set<String>) -> String? {
        let old = old ?? PDFDictionary(), new = new ?? PDFDictionary()
        let keys = Set(old.entries.map(\.key)).union(new.entries.map(\.key)).subtracting(allowed)
        return keys.sorted().first { old[$0] != new[$0] }
    }

    /// A signature field or its widget (FT /Sig on itself or on its parent).
    func isSignatureField(_ reference: PDFObject, in table: [Int: XrefEntry]) throws -> Bool {
        guard let (number, _) = reference.reference, let dictionary = try pdf.object(number, in: table).dictionary else { return false }
        if dictionary["FT"]?.name == "Sig" { return true }
        if let (parent, _) = dictionary["Parent"]?.reference, let field = try pdf.object(parent, in: table).dictionary {
            return field["FT"]?.name == "Sig"
        }
        return false
    }
}
