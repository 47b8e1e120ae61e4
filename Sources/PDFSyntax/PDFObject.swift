import Foundation

/// A PDF object as far as saraban needs one (to repair what Cairo wrote, and to sign): enough to read the catalog, pages, forms and signatures of a
/// file, and to write new or changed dictionaries back. Streams are not parsed here; their dictionaries are.
public indirect enum PDFObject: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case real(Double)
    case name(String)
    case string([UInt8])
    case hexString([UInt8])
    case array([PDFObject])
    case dictionary(PDFDictionary)
    case reference(Int, Int)

    public var dictionary: PDFDictionary? { if case .dictionary(let d) = self { return d }; return nil }
    public var array: [PDFObject]? { if case .array(let a) = self { return a }; return nil }
    public var integer: Int? { if case .integer(let i) = self { return i }; return nil }
    public var number: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .real(let r): return r
        default: return nil
        }
    }
    public var name: String? { if case .name(let n) = self { return n }; return nil }
    public var reference: (Int, Int)? { if case .reference(let n, let g) = self { return (n, g) }; return nil }
    public var bytes: [UInt8]? {
        switch self {
        case .string(let b), .hexString(let b): return b
        default: return nil
        }
    }

    /// The object written as PDF syntax.
    public func serialized() -> String {
        String(decoding: serializedBytes(), as: UTF8.self)
    }

    /// The object written as PDF syntax, as bytes.
    public func serializedBytes() -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    /// Appends the object as PDF syntax: straight into one buffer, since a document writes thousands of them.
    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): PDFObject.writeInteger(i, to: &out)
        case .real(let r): out.append(contentsOf: PDFObject.decimal(r).utf8)
        case .name(let n):
            out.append(0x2F)
            out.append(contentsOf: n.utf8)
        case .string(let bytes): PDFObject.writeLiteral(bytes, to: &out)
        case .hexString(let bytes): PDFObject.writeHex(bytes, to: &out)
        case .array(let items):
            out.append(0x5B)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(0x20) }
                item.write(to: &out)
            }
            out.append(0x5D)
        case .dictionary(let d): d.write(to: &out)
        case .reference(let n, let g):
            PDFObject.writeInteger(n, to: &out)
            out.append(0x20)
            PDFObject.writeInteger(g, to: &out)
            out.append(contentsOf: [0x20, 0x52])
        }
    }

    /// An integer's decimal digits, without going through a String.
    static func writeInteger(_ value: Int, to out: inout [UInt8]) {
        if value < 0 {
            out.append(0x2D)
            return writeInteger(-value, to: &out)
        }
        if value >= 10 { writeInteger(value / 10, to: &out) }
        out.append(UInt8(0x30 + value % 10))
    }

    /// A real as PDF writes it (no exponent), with every digit it was read with: a page rewritten by an
    /// incremental update must keep its /MediaBox to the last digit, or a verifier sees the page changed.
    public static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        // Swift's own spelling is the shortest that reads back the same; it takes an exponent only far from 1.
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        if !text.contains("e") { return text == "-0" ? "0" : text }
        text = String(format: "%.10f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// A literal string, with the characters PDF requires escaped.
    public static func literal(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        writeLiteral(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func writeLiteral(_ bytes: [UInt8], to out: inout [UInt8]) {
        out.reserveCapacity(out.count + bytes.count + 2)
        out.append(0x28)
        for byte in bytes {
            switch byte {
            case 0x28, 0x29, 0x5C: out.append(contentsOf: [0x5C, byte])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x20...0x7E: out.append(byte)
            // Three octal digits: a byte outside printable ASCII, escaped so the file stays text.
            default: out.append(contentsOf: [0x5C, 0x30 + byte >> 6, 0x30 + (byte >> 3) & 7, 0x30 + byte & 7])
            }
        }
        out.append(0x29)
    }

    /// A hexadecimal string, `<FEFF0E2A…>`.
    public static func hex(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        writeHex(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static let hexDigits = Array("0123456789ABCDEF".utf8)

    static func writeHex(_ bytes: [UInt8], to out: inout [UInt8]) {
        out.reserveCapacity(out.count + bytes.count * 2 + 2)
        out.append(0x3C)
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0xF)])
        }
        out.append(0x3E)
    }

    /// A text string: ASCII as is, anything else as UTF-16BE with its byte-order mark, as PDF asks.
    public static func text(_ string: String) -> PDFObject {
        if string.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return .string(Array(string.utf8)) }
        return .string([0xFE, 0xFF] + string.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
    }

    /// A text string read back, the inverse of `text(_:)`: UTF-16BE after its byte-order mark, else the bytes
    /// as Latin-1 (PDFDocEncoding agrees with it on the characters saraban and most tools write).
    public var textString: String? {
        guard let bytes else { return nil }
        guard bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF else { return String(bytes.map { Character(UnicodeScalar($0)) }) }
        let units = stride(from: 2, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        return String(decoding: units, as: UTF16.self)
    }
}

/// A dictionary that keeps its keys' order, so a rewritten object reads like the original.
public struct PDFDictionary: Equatable, Sendable {
    public var entries: [(key: String, value: PDFObject)] = []

    public init() {}

    public static func == (a: PDFDictionary, b: PDFDictionary) -> Bool {
        a.entries.map(\.key) == b.entries.map(\.key) && a.entries.map(\.value) == b.entries.map(\.value)
    }

    public subscript(key: String) -> PDFObject? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    public func serialized() -> String {
        var out: [UInt8] = []
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public func write(to out: inout [UInt8]) {
        out.append(contentsOf: [0x3C, 0x3C])
        for (key, value) in entries {
            out.append(contentsOf: [0x20, 0x2F])
            out.append(contentsOf: key.utf8)
            out.append(0x20)
            value.write(to: &out)
        }
        out.append(contentsOf: [0x20, 0x3E, 0x3E])
    }
}

public struct PDFSyntaxError: Error, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public var description: String { "\(message) (at byte \(offset))" }
}

/// Reads PDF objects from bytes: white space and comments skipped, strings and names unescaped.
public struct PDFParser {
    public let bytes: [UInt8]
    public var position: Int

    public init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    static func isWhite(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C || b == 0x00 }
    static func isDelimiter(_ b: UInt8) -> Bool { "()<>[]{}/%".utf8.contains(b) }

    public mutating func skipWhite() {
        while position < bytes.count {
            if Self.isWhite(bytes[position]) {
                position += 1
            } else if bytes[position] == 0x25 {  // % comment to the end of the line
                while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
            } else {
                return
            }
        }
    }

    public mutating func keyword() -> String {
        skipWhite()
        let start = position
        while position < bytes.count, !Self.isWhite(bytes[position]), !Self.isDelimiter(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// "N G obj" at the current position, then the object.
    public mutating func indirectObject() throws -> (number: Int, object: PDFObject) {
        let number = keyword(), generation = keyword(), marker = keyword()
        guard let n = Int(number), Int(generation) != nil, marker == "obj" else {
            throw PDFSyntaxError(message: "expected an object header", offset: position)
        }
        return (n, try object())
    }

    public mutating func object() throws -> PDFObject {
        skipWhite()
        guard position < bytes.count else { throw PDFSyntaxError(message: "unexpected end of file", offset: position) }
        switch bytes[position] {
        case 0x2F: return .name(name())
        case 0x28: return .string(try literalString())
        case 0x3C:
            if position + 1 < bytes.count, bytes[position + 1] == 0x3C { return .dictionary(try dictionary()) }
            return .hexString(try hexString())
        case 0x5B:
            position += 1
            var items: [PDFObject] = []
            while true {
                skipWhite()
                guard position < bytes.count else { throw PDFSyntaxError(message: "unclosed array", offset: position) }
                if bytes[position] == 0x5D { position += 1; return .array(items) }
                items.append(try object())
            }
        default:
            let word = keyword()
            switch word {
            case "null": return .null
            case "true": return .bool(true)
            case "false": return .bool(false)
            default:
                if let integer = Int(word) {
                    // "N G R" is a reference.
                    let saved = position
                    let second = keyword()
                    if let generation = Int(second) {
                        let third = keyword()
                        if third == "R" { return .reference(integer, generation) }
                    }
                    position = saved
                    return .integer(integer)
                }
                if let real = Double(word) { return .real(real) }
                throw PDFSyntaxError(message: "unexpected \"\(word)\"", offset: position)
            }
        }
    }

    public mutating func dictionary() throws -> PDFDictionary {
        position += 2
        var dictionary = PDFDictionary()
        while true {
            skipWhite()
            guard position + 1 < bytes.count else { throw PDFSyntaxError(message: "unclosed dictionary", offset: position) }
            if bytes[position] == 0x3E, bytes[position + 1] == 0x3E { position += 2; return dictionary }
            guard bytes[position] == 0x2F else { throw PDFSyntaxError(message: "expected a name in a dictionary", offset: position) }
            let key = name()
            dictionary.entries.append((key, try object()))
        }
    }

    public mutating func name() -> String {
        position += 1
        var out: [UInt8] = []
        while position < bytes.count, !Self.isWhite(bytes[position]), !Self.isDelimiter(bytes[position]) {
            if bytes[position] == 0x23, position + 2 < bytes.count,
               let value = UInt8(String(decoding: bytes[position + 1...position + 2], as: UTF8.self), radix: 16) {
                out.append(value)
                position += 3
            } else {
                out.append(bytes[position])
                position += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public mutating func literalString() throws -> [UInt8] {
        position += 1
        var depth = 1
        var out: [UInt8] = []
        while position < bytes.count {
            let b = bytes[position]
            position += 1
            switch b {
            case 0x5C:
                guard position < bytes.count else { break }
                let e = bytes[position]
                position += 1
                switch e {
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x0A: break
                case 0x30...0x37:
                    var value = Int(e - 0x30)
                    for _ in 0..<2 where position < bytes.count && (0x30...0x37).contains(bytes[position]) {
                        value = value * 8 + Int(bytes[position] - 0x30)
                        position += 1
                    }
                    out.append(UInt8(value & 0xFF))
                default: out.append(e)
                }
            case 0x28: depth += 1; out.append(b)
            case 0x29:
                depth -= 1
                if depth == 0 { return out }
                out.append(b)
            default: out.append(b)
            }
        }
        throw PDFSyntaxError(message: "unclosed string", offset: position)
    }

    public mutating func hexString() throws -> [UInt8] {
        position += 1
        var digits: [UInt8] = []
        while position < bytes.count, bytes[position] != 0x3E {
            if !Self.isWhite(bytes[position]) { digits.append(bytes[position]) }
            position += 1
        }
        guard position < bytes.count else { throw PDFSyntaxError(message: "unclosed hex string", offset: position) }
        position += 1
        if digits.count % 2 == 1 { digits.append(0x30) }
        var out: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let value = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else {
                throw PDFSyntaxError(message: "bad hex string", offset: position)
            }
            out.append(value)
            index += 2
        }
        return out
    }
}
