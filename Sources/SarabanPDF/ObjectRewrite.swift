import Foundation
import PDFSyntax

/// A rewrite of the PDF Cairo wrote, before anyone else sees it: objects replaced, dropped or added, then the
/// file written again whole with a new cross-reference table.
///
/// Cairo's file has one classic cross-reference table and every object in it is Cairo's, so a rewrite (not an
/// incremental update) leaves no trace of the old objects. The repairs that need it (`ToUnicodeRepair`,
/// `StructureWriter`) each say what they change; the file is parsed and written once for all of them.
struct ObjectRewrite {
    let bytes: [UInt8]
    let structure: PDFStructure
    /// Object number → the object's new text, from "N 0 obj" to "endobj".
    private(set) var replaced: [Int: [UInt8]] = [:]
    private(set) var dropped: Set<Int> = []
    private var added: [(number: Int, text: [UInt8])] = []
    private var trailer: PDFDictionary
    /// Cairo's objects in file order, and where each one stands.
    let objects: [(number: Int, range: Range<Int>)]

    init(_ pdf: Data) throws {
        bytes = [UInt8](pdf)
        structure = try PDFStructure(bytes, file: "the PDF Cairo wrote")
        trailer = structure.trailer
        objects = structure.objectsInFileOrder()
    }

    var hasChanges: Bool { !replaced.isEmpty || !dropped.isEmpty || !added.isEmpty }

    /// The next free object number.
    var nextNumber: Int { structure.size + added.count }

    mutating func replace(_ number: Int, with object: PDFObject) {
        replaced[number] = Self.text(number, object.serialized())
    }

    mutating func replace(_ number: Int, withText text: [UInt8]) {
        replaced[number] = text
    }

    mutating func drop(_ number: Int) {
        dropped.insert(number)
    }

    /// Adds an object and returns its number.
    @discardableResult
    mutating func add(_ object: PDFObject) -> Int {
        let number = nextNumber
        added.append((number, Self.text(number, object.serialized())))
        return number
    }

    /// A number for an object added later with `add(_:as:)`, so that objects can refer to one another.
    mutating func reserve() -> Int {
        let number = nextNumber
        added.append((number, []))
        return number
    }

    mutating func add(_ object: PDFObject, as number: Int) {
        // Added objects are numbered on from Cairo's last: the number says where it is.
        added[number - structure.size].text = Self.text(number, object.serialized())
    }

    /// A stream object with its data compressed and a direct /Length.
    static func streamText(_ number: Int, dictionary: PDFDictionary, data: [UInt8]) throws -> [UInt8] {
        let compressed = try Zlib.deflate(data)
        var header = dictionary
        header["Length"] = .integer(compressed.count)
        header["Filter"] = .name("FlateDecode")
        header["DecodeParms"] = nil
        return Array("\(number) 0 obj\n\(header.serialized())\nstream\n".utf8) + compressed + Array("\nendstream\nendobj\n".utf8)
    }

    /// A stream object's dictionary and its data, decoded, as Cairo wrote it.
    func streamData(_ number: Int) throws -> (PDFDictionary, [UInt8])? {
        guard let raw = structure.rawStream(number, in: structure.entries), let dictionary = try structure.object(number).dictionary else { return nil }
        return (dictionary, try PDFStream.decode(dictionary, raw: raw))
    }

    /// Every stream Cairo wrote stored (zlib's header says level 0 or 1: `78 01`) and no repair has replaced,
    /// compressed at saraban's level: the page content written while pages were drawn (see `PDFWriter.draw`).
    mutating func compressStoredStreams() throws {
        for (number, _) in objects where replaced[number] == nil && !dropped.contains(number) {
            guard let raw = structure.rawStream(number, in: structure.entries), raw.starts(with: [0x78, 0x01]),
                  let dictionary = try structure.object(number).dictionary, dictionary["Filter"]?.name == "FlateDecode" else { continue }
            if let (length, _) = dictionary["Length"]?.reference { drop(length) }
            replace(number, withText: try Self.streamText(number, dictionary: dictionary, data: try PDFStream.decode(dictionary, raw: raw)))
        }
    }

    /// The file written again: Cairo's objects in their order (replaced ones changed, dropped ones left out), the
    /// added ones after them, a new cross-reference table and trailer.
    func output() -> Data {
        guard hasChanges else { return Data(bytes) }
        var output = [UInt8]()
        output.reserveCapacity(bytes.count + added.reduce(0) { $0 + $1.text.count } + 4096)
        output += bytes[0..<(objects.first?.range.lowerBound ?? 0)]
        var offsets: [Int: Int] = [:]
        for object in objects where !dropped.contains(object.number) {
            offsets[object.number] = output.count
            output += replaced[object.number] ?? Array(bytes[object.range])
        }
        for object in added {
            offsets[object.number] = output.count
            output += object.text
        }
        let size = nextNumber
        let xref = output.count
        var table = "xref\n0 \(size)\n0000000000 65535 f \n"
        for number in 1..<size {
            table += offsets[number].map { String(format: "%010d 00000 n \n", $0) } ?? "0000000000 65535 f \n"
        }
        var trailer = trailer
        trailer["Size"] = .integer(size)
        output += Array(table.utf8)
        output += Array("trailer\n\(trailer.serialized())\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return Data(output)
    }

    static func text(_ number: Int, _ body: String) -> [UInt8] {
        Array("\(number) 0 obj\n\(body)\nendobj\n".utf8)
    }
}
