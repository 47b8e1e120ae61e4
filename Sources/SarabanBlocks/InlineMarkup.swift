import Foundation

/// Parses the one markup data text may use: `**bold**`. An unmatched `**` is kept as written,
/// so nothing the user typed disappears (the checks warn about it).
enum InlineMarkup {
    static func parse(_ text: String, bold base: Bool = false) -> RichText {
        let parts = text.components(separatedBy: "**")
        guard parts.count % 2 == 1 else { return RichText([Span(text, bold: base)]) }
        var spans: [Span] = []
        for (index, part) in parts.enumerated() where !part.isEmpty {
            spans.append(Span(part, bold: base || index % 2 == 1))
        }
        return RichText(spans)
    }
}

/// Thai digits: with them on, ASCII digits in running text become ๐–๙ (real code points), except in
/// words that hold Latin letters, URLs and e-mail addresses, which must stay as typed.
public enum ThaiNumerals {
    public static func convert(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var word = ""
        func flush() {
            result += keepsArabicDigits(word) ? word : thaiDigits(word)
            word = ""
        }
        for character in text {
            if character.isWhitespace {
                flush()
                result.append(character)
            } else {
                word.append(character)
            }
        }
        flush()
        return result
    }

    public static func thaiDigits(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (0x30...0x39).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0x30 + 0x0E50)! : scalar
        }))
    }

    static func keepsArabicDigits(_ word: String) -> Bool {
        word.contains("://") || word.contains("@") || word.hasPrefix("www.")
            || word.unicodeScalars.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
    }
}
