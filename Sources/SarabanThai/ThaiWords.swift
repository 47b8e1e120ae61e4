import Foundation
import CPangoCairo

/// libthai's word dictionary, read once for the breaker saraban breaks Thai with (`ThaiBreaks`).
///
/// Reading it is a sizeable part of a cold start (about 32 million instructions), worth doing on a thread that
/// would otherwise wait. A Swift global is initialised exactly once, and a second caller waits until the first
/// has finished, so two threads never make libthai's breaker at once.
public enum ThaiDictionary {
    public static func load() { _ = ThaiBreaks.breaker }

    /// Starts reading the dictionary on a thread of its own, for a command that will break Thai text: it is read
    /// while the command's arguments are parsed (about as long), and whoever needs it first waits for the rest.
    public static func loadInBackground() {
        let thread = Thread { load() }
        thread.stackSize = 1 << 20
        thread.start()
    }
}

/// Thai words as libthai's dictionary finds them: the same boundaries the line breaker uses.
public enum ThaiWords {
    /// The words of `text`, in order, with where each starts.
    public static func words(_ text: String) -> [(word: String, start: String.Index)] {
        ThaiDictionary.load()
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return [] }
        var attributes = [PangoLogAttr](repeating: PangoLogAttr(), count: scalars.count + 1)
        let language = pango_language_from_string("th")
        text.withCString { pointer in
            attributes.withUnsafeMutableBufferPointer { buffer in
                ThaiBreaks.logAttributes(pointer, length: Int32(text.utf8.count), language: language, into: buffer)
            }
        }
        var words: [(String, String.Index)] = []
        var start: Int?
        let indices = Array(text.unicodeScalars.indices) + [text.unicodeScalars.endIndex]
        for position in 0...scalars.count {
            let attribute = attributes[position]
            if attribute.is_word_end != 0, let begin = start {
                words.append((String(text.unicodeScalars[indices[begin]..<indices[position]]), indices[begin]))
                start = nil
            }
            if attribute.is_word_start != 0, position < scalars.count { start = position }
        }
        return words
    }

    /// The continuation word (คำต่อ) for a page that starts with `text`, by one rule: the first dictionary word
    /// when the text opens with Thai ("มาตรการเพื่อ…" → "มาตรการ"), or the list marker or number that opens it
    /// ("๒)", "๔." → "๔"), or its first token; never longer than `maxLength` characters (cut at a word boundary),
    /// and without dots at its end, since the format adds its own "...". A leading token with no letter or digit
    /// (a list's "-") is passed over.
    public static func firstWord(of text: String, maxLength: Int) -> String {
        let tokens = text.split(whereSeparator: { $0.isWhitespace })
        var token = String(tokens.first { $0.contains { $0.isLetter || $0.isNumber } } ?? tokens.first ?? "")
        while token.count > 1, token.last == "." || token.last == "\u{2026}" { token.removeLast() }
        let isThai = { (scalar: Unicode.Scalar) in (0x0E01...0x0E4E).contains(scalar.value) }
        if let first = token.unicodeScalars.first, isThai(first) {
            // A one-letter word ("ผู้" of ผู้บริหาร) says nothing alone: it takes the word after it along.
            var word = ""
            for next in words(token) where word.count < 2 {
                guard next.word.unicodeScalars.allSatisfy(isThai) else { break }
                word += next.word
            }
            if word.count >= 2, word.count <= maxLength, token.hasPrefix(word) { return word }
        }
        guard token.count > maxLength else { return token }
        if !token.unicodeScalars.contains(where: isThai) {
            // A long address or Latin word: up to its last / . - _ ? & = @ that fits, or its first characters.
            let head = token.prefix(maxLength)
            if let cut = head.lastIndex(where: { "/.-_?&=@".contains($0) }), cut > head.startIndex {
                return String(head[..<cut])
            }
            return String(head)
        }
        // A long Thai token without a short first word: as many of its words as fit, or its first characters.
        var kept = ""
        for word in words(token) {
            guard kept.count + word.word.count <= maxLength else { break }
            kept += word.word
        }
        return kept.isEmpty ? String(token.prefix(maxLength)) : kept
    }
}
