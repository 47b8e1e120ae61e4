import Foundation
import CPangoCairo
import PDFSyntax
import CDeflateLevel

/// Rewrites the ToUnicode maps of a PDF that Cairo wrote, so that every glyph reads back as its character.
///
/// Thai fonts (TLWG's, TH Sarabun) give their positional variants — a tone mark lowered where there is no
/// upper vowel, an upper vowel moved left of ป's tall stem, ญ without its tail — code points in the Private
/// Use Area (U+F700…), and Cairo maps such a glyph to that code point when it has no better source. A reader
/// that follows /ActualText (poppler) is not affected; one that reads glyph by glyph (MuPDF) then loses the
/// mark. Each of those code points is replaced by the character the glyph stands for in our text.
///
/// The map streams are inflated, edited, deflated and written back with a direct /Length, in the one rewrite of
/// Cairo's file (`ObjectRewrite`).
struct ToUnicodeRepair {
    /// Private-use code point → the character it stands for.
    let replacements: [UInt32: String]

    /// Replaces each map that names a private-use code point.
    func apply(to rewrite: inout ObjectRewrite) throws {
        guard !replacements.isEmpty else { return }
        for number in Set(toUnicodeObjects(rewrite.bytes)) {
            guard let (dictionary, cmap) = try rewrite.streamData(number), let text = replacingPrivateUseTargets(in: cmap) else { continue }
            rewrite.replace(number, withText: try ObjectRewrite.streamText(number, dictionary: dictionary, data: text))
        }
    }

    /// The objects named by /ToUnicode in font dictionaries.
    func toUnicodeObjects(_ bytes: [UInt8]) -> [Int] {
        let key = Array("/ToUnicode ".utf8)
        var found: [Int] = []
        var index = 0
        while let at = bytes.firstRange(of: key, from: index) {
            var cursor = at.upperBound
            var number = 0
            while cursor < bytes.count, (0x30...0x39).contains(bytes[cursor]) {
                number = number * 10 + Int(bytes[cursor] - 0x30)
                cursor += 1
            }
            if number > 0 { found.append(number) }
            index = cursor
        }
        return found
    }
}

extension ToUnicodeRepair {
    /// The map's text with every `<xxxx>` (four lower-case hex digits, as Cairo writes a code) that names a
    /// private-use code point replaced by the UTF-16 of its character; nil if there was none. One pass over the bytes.
    func replacingPrivateUseTargets(in cmap: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(cmap.count + 256)
        var changed = false
        var index = 0
        while index < cmap.count {
            if cmap[index] == UInt8(ascii: "<"), index + 5 < cmap.count, cmap[index + 5] == UInt8(ascii: ">"),
               let code = Self.lowerHex(cmap[(index + 1)..<(index + 5)]), let character = replacements[code] {
                output += Array("<\(character.utf16.map { String(format: "%04x", $0) }.joined())>".utf8)
                changed = true
                index += 6
            } else {
                output.append(cmap[index])
                index += 1
            }
        }
        return changed ? output : nil
    }

    static func lowerHex(_ digits: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for digit in digits {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt32(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt32(digit - UInt8(ascii: "a") + 10)
            default: return nil
            }
        }
        return value
    }
}

enum Zlib {
    static func inflate(_ input: [UInt8]) throws -> [UInt8] { try Inflate.inflate(input) }

    static func deflate(_ input: [UInt8]) throws -> [UInt8] {
        var length = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { target in
            input.withUnsafeBufferPointer { source in compress2(target.baseAddress, &length, source.baseAddress, uLong(source.count), saraban_deflate_level()) }
        }
        guard status == Z_OK else { throw PDFError(message: "zlib could not compress") }
        return Array(output[0..<Int(length)])
    }
}
