import Foundation

/// Text in Windows' Thai code page (874, a superset of TIS-620): what Thai Excel writes when a sheet is saved as
/// plain "CSV" rather than "CSV UTF-8". Read only when the bytes are not UTF-8 and every byte above ASCII is one
/// the code page defines, so a file in another encoding is still refused, never silently misread.
public enum ThaiWindowsText {
    public static func decode(_ data: Data) -> String? {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(data.count)
        for byte in data {
            guard let scalar = scalar(byte) else { return nil }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    static func scalar(_ byte: UInt8) -> Unicode.Scalar? {
        switch byte {
        case 0x00...0x7F: return Unicode.Scalar(byte)
        // The Thai letters, vowels, marks and digits, in Unicode's order.
        case 0xA1...0xDA, 0xDF...0xFB: return Unicode.Scalar(0x0E00 + UInt32(byte) - 0xA0)
        case 0xA0: return "\u{00A0}"
        default: return windowsPunctuation[byte]
        }
    }

    /// The few punctuation marks Windows adds in 0x80–0x9F.
    static let windowsPunctuation: [UInt8: Unicode.Scalar] = [
        0x80: "\u{20AC}", 0x85: "\u{2026}", 0x91: "\u{2018}", 0x92: "\u{2019}", 0x93: "\u{201C}", 0x94: "\u{201D}",
        0x95: "\u{2022}", 0x96: "\u{2013}", 0x97: "\u{2014}",
    ]
}
