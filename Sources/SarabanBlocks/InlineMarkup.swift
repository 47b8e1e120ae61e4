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
        guard text.utf8.contains(where: isASCIIDigit) else { return text }
        let scalars = text.unicodeScalars
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        var wordStart = scalars.startIndex
        func appendWord(upTo end: String.Index) {
            let word = scalars[wordStart..<end]
            if keepsArabicDigits(word) {
                result.append(contentsOf: Substring(word))
            } else {
                result.unicodeScalars.append(contentsOf: word.lazy.map(thaiDigit))
            }
        }
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let next = scalars.index(after: index)
            if isSpace(scalars[index]) {
                appendWord(upTo: index)
                result.unicodeScalars.append(scalars[index])
                wordStart = next
            }
            index = next
        }
        appendWord(upTo: scalars.endIndex)
        return result
    }

    /// Unicode's White_Space, answered without a property lookup for ASCII and Thai, which are nearly all
    /// of a document's characters (the lookup showed in a batch's profile).
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        if (0x0E00...0x0E7F).contains(scalar.value) { return false }
        return scalar.properties.isWhitespace
    }

    static func isASCIIDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    static func thaiDigit(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0x30...0x39).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0x30 + 0x0E50)! : scalar
    }

    public static func thaiDigits(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map(thaiDigit)))
    }

    static func keepsArabicDigits(_ word: Substring.UnicodeScalarView) -> Bool {
        guard word.contains(where: { (0x30...0x39).contains($0.value) }) else { return true }
        if word.contains(where: { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "@" }) { return true }
        let text = Substring(word)
        return text.contains("://") || text.hasPrefix("www.")
    }
}
