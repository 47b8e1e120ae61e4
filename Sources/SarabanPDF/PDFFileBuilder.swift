import Foundation
import Crypto
import PDFSyntax

/// A PDF file built from nothing, object by object: a number is reserved first (objects refer to one another before
/// they are written), each object is kept as its bytes, and the file is written once at the end with one classic
/// cross-reference table, in number order.
struct PDFFileBuilder {
    /// Object number → its body (what stands between `N 0 obj` and `endobj`); index 0 is the free list's head.
    private var bodies: [[UInt8]] = [[]]

    /// A number for an object set later with `set`.
    mutating func reserve() -> Int {
        bodies.append([])
        return bodies.count - 1
    }

    mutating func set(_ number: Int, _ object: PDFObject) {
        bodies[number] = object.serializedBytes()
    }

    @discardableResult
    mutating func add(_ object: PDFObject) -> Int {
        let number = reserve()
        set(number, object)
        return number
    }

    /// A stream, compressed with zlib (`/FlateDecode`) unless `compressed` is false.
    mutating func setStream(_ number: Int, _ dictionary: PDFDictionary = PDFDictionary(), data: [UInt8], compressed: Bool = true) throws {
        if compressed {
            setStream(number, dictionary, deflated: try Deflate.deflate(data))
        } else {
            setStream(number, dictionary, stored: data)
        }
    }

    /// A stream whose bytes have been compressed with zlib already (`BackgroundDeflate`).
    mutating func setStream(_ number: Int, _ dictionary: PDFDictionary = PDFDictionary(), deflated: [UInt8]) {
        var header = dictionary
        header["Filter"] = .name("FlateDecode")
        setStream(number, header, stored: deflated)
    }

    private mutating func setStream(_ number: Int, _ dictionary: PDFDictionary, stored: [UInt8]) {
        var header = dictionary
        header["Length"] = .integer(stored.count)
        var body: [UInt8] = []
        header.write(to: &body)
        body.reserveCapacity(body.count + stored.count + 20)
        body += Self.streamStart
        body += stored
        body += Self.streamEnd
        bodies[number] = body
    }

    @discardableResult
    mutating func addStream(_ dictionary: PDFDictionary = PDFDictionary(), data: [UInt8], compressed: Bool = true) throws -> Int {
        let number = reserve()
        try setStream(number, dictionary, data: data, compressed: compressed)
        return number
    }

    static let streamStart = Array("\nstream\n".utf8), streamEnd = Array("\nendstream".utf8)

    /// The whole file: header (with the binary comment PDF/A asks for), every object, the cross-reference table and
    /// a trailer whose /ID is a digest of the objects, so that the same document gives the same file.
    func output(root: Int, info: Int) -> Data {
        var file = Array("%PDF-1.7\n%\u{B5}\u{ED}\u{AE}\u{FB}\n".utf8)
        file.reserveCapacity(bodies.reduce(0) { $0 + $1.count + 32 } + bodies.count * 20 + 512)
        var offsets = [Int](repeating: 0, count: bodies.count)
        for number in 1..<bodies.count {
            offsets[number] = file.count
            file += Array("\(number) 0 obj\n".utf8)
            file += bodies[number]
            file += Self.objectEnd
        }
        let digest = Array(Insecure.MD5.hash(data: file))
        let table = file.count
        file += Array("xref\n0 \(bodies.count)\n0000000000 65535 f \n".utf8)
        for number in 1..<bodies.count { Self.appendEntry(offsets[number], to: &file) }
        var trailer = PDFDictionary()
        trailer["Size"] = .integer(bodies.count)
        trailer["Root"] = .reference(root, 0)
        trailer["Info"] = .reference(info, 0)
        trailer["ID"] = .array([.hexString(digest), .hexString(digest)])
        file += Array("trailer\n\(trailer.serialized())\nstartxref\n\(table)\n%%EOF\n".utf8)
        return Data(file)
    }

    static let objectEnd = Array("\nendobj\n".utf8)

    /// `0000012345 00000 n \n`: twenty bytes, as the table's fixed width asks.
    static func appendEntry(_ offset: Int, to file: inout [UInt8]) {
        var digits = [UInt8](repeating: 0x30, count: 10)
        var value = offset
        var index = 9
        while value > 0, index >= 0 {
            digits[index] = UInt8(0x30 + value % 10)
            value /= 10
            index -= 1
        }
        file += digits
        file += Self.entryTail
    }

    static let entryTail = Array(" 00000 n \n".utf8)
}
