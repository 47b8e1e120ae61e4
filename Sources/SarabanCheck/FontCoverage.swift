import Foundation
import SarabanITA
import SarabanData

/// What the layout's font can draw, given by whoever knows the fonts (the checks do not set up fonts themselves).
/// With it, a character the render would stop at (an emoji, a tick from another font, Chinese) is found by `check`,
/// at its place in the file, before anything is laid out; and the web page shows it beside its field as one types.
public struct FontCoverage: Sendable {
    /// The font's characters, asked for when a check first needs them: setting fonts up takes a few milliseconds,
    /// which a render spends on another thread. Nil when the fonts cannot be set up (the render says why).
    let characters: @Sendable () -> DrawableCharacters?

    public init(_ characters: @escaping @Sendable () -> DrawableCharacters?) {
        self.characters = characters
    }

    /// A finding for each text with characters the font lacks, at the first of them.
    public func findings(in texts: [LocatedText], file: String) -> [Finding] {
        findings(in: texts, source: TextCache.shared.source(file))
    }

    func findings(in texts: [LocatedText], source: SourceText) -> [Finding] {
        guard let font = characters() else { return [] }
        return texts.compactMap { text in
            let lacking = Self.missing(in: text.value, font: font)
            guard let first = lacking.first else { return nil }
            let named = Unicode.Scalar.named(lacking)
            return Finding("font-lacks-character", .error, at: source.locate(String(Character(first)), from: text.location), field: text.field,
                           en: "the font \"\(font.family)\" cannot draw \(named), so the text cannot be printed as written; remove it, or choose a font that has it (font.families in the layout file)",
                           th: "ฟอนต์ \"\(font.family)\" ไม่มีอักขระ \(named) จึงพิมพ์ข้อความนี้ตามที่เขียนไม่ได้ ให้ลบอักขระนั้นออก หรือเลือกฟอนต์ที่มีอักขระนี้ (font.families ในไฟล์ layout)")
        }
    }

    /// The text's characters the font lacks, each once, leaving out what is not drawn with a glyph of its own: white
    /// space (the shaper draws any space with the font's space) and invisible format characters (a zero-width space,
    /// a soft hyphen). Control characters are refused when the data is read.
    static func missing(in text: String, font: DrawableCharacters) -> [Unicode.Scalar] {
        var found: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars where scalar.value > 0x7E && !font.covers(scalar) && !found.contains(scalar) {
            let properties = scalar.properties
            if properties.isWhitespace || properties.isDefaultIgnorableCodePoint || properties.generalCategory == .control { continue }
            found.append(scalar)
        }
        return found
    }
}

/// A font family's characters, as the layout's fonts give them.
public protocol DrawableCharacters: Sendable {
    var family: String { get }
    func covers(_ scalar: Unicode.Scalar) -> Bool
}
