import Foundation

/// Parses the one markup data text may use: `**bold**`. An unmatched `**` is kept as written,
/// so nothing the user typed disappears (the checks warn about it).
public enum InlineMarkup {
    static func parse(_ text: String, bold base: Bool = false) -> RichText {
        let parts = boldParts(text)
        guard parts.count > 1, parts.count % 2 == 1 else { return RichText([Span(text, bold: base)]) }
        var spans: [Span] = []
        for (index, part) in parts.enumerated() where !part.isEmpty {
            spans.append(Span(String(part), bold: base || index % 2 == 1))
        }
        return RichText(spans)
    }

    /// The text cut at every `**`, read left to right. The marker is ASCII, so the scan is over UTF-8 bytes:
    /// Foundation's search folds grapheme clusters and showed in a batch's profile.
    public static func boldParts(_ text: String) -> [Substring] {
        let bytes = text.utf8
        var parts: [Substring] = []
        var partStart = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let next = bytes.index(after: index)
            if bytes[index] == UInt8(ascii: "*"), next < bytes.endIndex, bytes[next] == UInt8(ascii: "*") {
                parts.append(text[partStart..<index])
                index = bytes.index(after: next)
                partStart = index
            } else {
                index = next
            }
        }
        parts.append(text[partStart...])
        return parts
    }
}

/// Thai digits: with them on, ASCII digits in running text become ๐–๙ (real code points), except in
/// words that hold Latin letters, URLs and e-mail addresses, which must stay as typed.
public enum ThaiNumerals {
    public static func convert(_ text: String) -> String {
        // Most texts have no digit at all: leave them untouched.
        guard text.utf8.contains(where: { (0x30...0x39).contains($0) }) else { return text }
        var result = String.UnicodeScalarView()
        var word: [Unicode.Scalar] = []
        func flush() {
            let keep = keepsArabicDigits(word)
            for scalar in word {
                result.append(!keep && (0x30...0x39).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0x30 + 0x0E50)! : scalar)
            }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                flush()
                result.append(scalar)
            } else {
                word.append(scalar)
            }
        }
        flush()
        return String(result)
    }

    public static func thaiDigits(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (0x30...0x39).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0x30 + 0x0E50)! : scalar
        }))
    }

    static func keepsArabicDigits(_ word: [Unicode.Scalar]) -> Bool {
        guard word.contains(where: { (0x30...0x39).contains($0.value) }) else { return true }
        if word.contains(where: { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "@" }) { return true }
        let text = String(String.UnicodeScalarView(word))
        return text.contains("://") || text.hasPrefix("www.")
    }
}
