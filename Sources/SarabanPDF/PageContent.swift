import Foundation

/// One page's content stream, written as bytes: operators and the numbers they take.
///
/// Numbers are written by hand, not through `String(format:)` or printf: a page holds thousands of them (a glyph's
/// adjustment, a dot of a leader), and formatting them was an eighth of a batch's time when Cairo wrote the pages.
/// Three decimals are kept (a thousandth of a point, far below what a printer or a screen shows); trailing zeros
/// are dropped.
struct PageContent {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(16 * 1024)
    }

    mutating func number(_ value: Double) {
        var scaled = Int((value * 1000).rounded())
        if scaled < 0 {
            bytes.append(0x2D)
            scaled = -scaled
        }
        integer(scaled / 1000)
        var fraction = scaled % 1000
        guard fraction != 0 else { return }
        bytes.append(0x2E)
        var divisor = 100
        while fraction != 0 {
            bytes.append(UInt8(0x30 + fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }

    mutating func integer(_ value: Int) {
        if value < 0 {
            bytes.append(0x2D)
            return integer(-value)
        }
        if value >= 10 { integer(value / 10) }
        bytes.append(UInt8(0x30 + value % 10))
    }

    /// Numbers, each followed by a space.
    mutating func numbers(_ values: Double...) {
        for value in values {
            number(value)
            bytes.append(0x20)
        }
    }

    /// An operator (or any literal text), then a newline.
    mutating func op(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x0A)
    }

    /// Literal text without a newline. (Only a literal: with a `String` overload beside it, every literal went
    /// through String's UTF-8 view, a sixth of the time a page's text took to write.)
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// A name as PDF writes it (`/F1`): saraban's resource names need no escaping.
    mutating func name(_ text: String) {
        bytes.append(0x2F)
        bytes.append(contentsOf: text.utf8)
    }

    /// A glyph id as the two bytes of a two-byte font's code, inside a literal string.
    mutating func glyph(_ id: UInt32) {
        stringByte(UInt8(truncatingIfNeeded: id >> 8))
        stringByte(UInt8(truncatingIfNeeded: id))
    }

    /// A text string for a marked-content property (`/ActualText`): UTF-16 big-endian with its byte-order mark, as
    /// a literal string.
    mutating func textString(_ text: String) {
        bytes += [0x28, 0xFE, 0xFF]
        for unit in text.utf16 {
            stringByte(UInt8(truncatingIfNeeded: unit >> 8))
            stringByte(UInt8(truncatingIfNeeded: unit))
        }
        bytes.append(0x29)
    }

    /// One byte of a literal string, written as itself (the stream is binary, and compressed): only the string's
    /// delimiters and the escape character are escaped, and a carriage return, which a reader would take as a
    /// line end and turn into a line feed.
    mutating func stringByte(_ byte: UInt8) {
        switch byte {
        case 0x28, 0x29, 0x5C: bytes += [0x5C, byte]
        case 0x0D: bytes += [0x5C, 0x72]
        default: bytes.append(byte)
        }
    }

    static let hexDigits = Array("0123456789ABCDEF".utf8)
}
