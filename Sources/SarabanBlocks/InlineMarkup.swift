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
/// words that hold Latin letters, URLs and e-mail addresses, and in a number that follows a Latin name
/// ("Windows 11", "ISO/IEC 27001:2022", "Wi-Fi 6"): those are part of a name and stay as typed. A short
/// capital abbreviation is not such a name, so "ITA 2566", "IIT 27.84" and a rating "AA 95.50" are converted.
public enum ThaiNumerals {
    /// Works on UTF-8 bytes: digits, the marks that keep a word as typed and white space are all found
    /// there without decoding (a batch converts a few hundred texts a document).
    public static func convert(_ text: String) -> String {
        // Most texts have no digit at all: leave them untouched.
        guard text.utf8.contains(where: isASCIIDigit) else { return text }
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 32)
        var wordStart = 0
        var afterLatinName = false
        func appendWord(upTo end: Int) {
            let word = bytes[wordStart..<end]
            if keepsArabicDigits(word) || afterLatinName && isNumber(word) { result += word } else { appendThaiDigits(word, to: &result) }
            afterLatinName = isLatinName(word)
        }
        var index = 0
        while index < bytes.count {
            let width = whiteSpaceWidth(bytes, at: index)
            guard width > 0 else { index += 1; continue }
            appendWord(upTo: index)
            result.append(contentsOf: bytes[index..<index + width])
            index += width
            wordStart = index
        }
        appendWord(upTo: bytes.count)
        return String(decoding: result, as: UTF8.self)
    }

    /// The UTF-8 length of the white space character (Unicode's White_Space) starting at `index`, or 0.
    static func whiteSpaceWidth(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return lead == 0x20 || (0x09...0x0D).contains(lead) ? 1 : 0 }
        func next(_ offset: Int) -> UInt8 { index + offset < bytes.count ? bytes[index + offset] : 0 }
        switch lead {
        case 0xC2: return next(1) == 0x85 || next(1) == 0xA0 ? 2 : 0                       // U+0085, U+00A0
        case 0xE1: return next(1) == 0x9A && next(2) == 0x80 ? 3 : 0                        // U+1680
        case 0xE2:
            let (second, third) = (next(1), next(2))
            if second == 0x80, (0x80...0x8A).contains(third) || [0xA8, 0xA9, 0xAF].contains(third) { return 3 } // U+2000–200A, 2028, 2029, 202F
            return second == 0x81 && third == 0x9F ? 3 : 0                                  // U+205F
        case 0xE3: return next(1) == 0x80 && next(2) == 0x80 ? 3 : 0                        // U+3000
        default: return 0
        }
    }

    static func isASCIIDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// Appends `bytes` with every ASCII digit as its Thai digit (U+0E50–U+0E59, E0 B9 90–99 in UTF-8).
    static func appendThaiDigits(_ bytes: some Sequence<UInt8>, to result: inout [UInt8]) {
        for byte in bytes {
            if isASCIIDigit(byte) { result += [0xE0, 0xB9, 0x90 + byte - 0x30] } else { result.append(byte) }
        }
    }

    /// Every ASCII digit of `text` as its Thai digit, whatever the word (numbers the layout generates).
    public static func thaiDigits(_ text: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count * 3)
        appendThaiDigits(text.utf8, to: &result)
        return String(decoding: result, as: UTF8.self)
    }

    static func isLatinLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }

    /// A word of Latin letters (and ASCII marks) that names a product or a standard: not Thai, and not an
    /// abbreviation of at most four capitals (ITA, IIT, AA), which numbers in Thai text follow as Thai digits.
    static func isLatinName(_ word: ArraySlice<UInt8>) -> Bool {
        guard word.allSatisfy({ $0 < 0x80 }) else { return false }
        let letters = word.filter(isLatinLetter)
        guard !letters.isEmpty else { return false }
        let shortCapitals = letters.count <= 4 && letters.allSatisfy { (0x41...0x5A).contains($0) } && word.allSatisfy { isLatinLetter($0) || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")") }
        return !shortCapitals
    }

    /// Digits with the marks a number or a version holds ("11", "27001:2022", "3.5", "1,250").
    static func isNumber(_ word: ArraySlice<UInt8>) -> Bool {
        word.contains(where: isASCIIDigit) && word.allSatisfy { isASCIIDigit($0) || ".,:/-".utf8.contains($0) }
    }

    static func keepsArabicDigits(_ word: ArraySlice<UInt8>) -> Bool {
        guard word.contains(where: isASCIIDigit) else { return true }
        if word.contains(where: { isLatinLetter($0) || $0 == UInt8(ascii: "@") }) { return true }
        return word.starts(with: "www.".utf8) || word.indices.contains { word[$0...].starts(with: "://".utf8) }
    }
}
