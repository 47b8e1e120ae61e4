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

    /// Literal text without a newline.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A name as PDF writes it (`/F1`): saraban's resource names need no escaping.
    mutating func name(_ text: String) {
        bytes.append(0x2F)
        bytes.append(contentsOf: text.utf8)
    }

    /// A glyph id as four hexadecimal digits, for a hexadecimal string of a two-byte font.
    mutating func glyph(_ id: UInt32) {
        for shift in stride(from: 12, through: 0, by: -4) {
            bytes.append(Self.hexDigits[Int((id >> UInt32(shift)) & 0xF)])
        }
    }

    /// A text string for a marked-content property (`/ActualText`): UTF-16 big-endian with its byte-order mark,
    /// in hexadecimal, so no character needs escaping.
    mutating func textString(_ text: String) {
        bytes.append(0x3C)
        raw("FEFF")
        for unit in text.utf16 {
            for shift in stride(from: 12, through: 0, by: -4) { bytes.append(Self.hexDigits[Int((unit >> UInt16(shift)) & 0xF)]) }
        }
        bytes.append(0x3E)
    }

    static let hexDigits = Array("0123456789ABCDEF".utf8)
}
