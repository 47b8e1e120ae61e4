import Foundation
import SarabanThai
import SarabanBlocks

/// Checks on the wording of one text: a word typed twice, an unbalanced `**`, a Gregorian year.
enum WordingChecks {
    /// A word written twice in a row with nothing between ("เป็นเป็น"); Thai repeats a word with ๆ instead.
    static func repeatedWords(_ text: String) -> [String] {
        // Finding words is libthai's dictionary search; a word typed twice in a row is the same letters twice in a
        // row, so a text without that is passed over (most texts, and the cost of the check), and in a text with it
        // only the stretches between spaces that hold it are searched: a word never holds a space, and libthai
        // breaks each run of Thai letters on its own.
        let scalars = Array(text.unicodeScalars)
        return doubledStretches(scalars).flatMap { stretch in
            repeatedWordsByDictionary(String(String.UnicodeScalarView(scalars[stretch])))
        }
    }

    /// The same, by finding every word of the text.
    static func repeatedWordsByDictionary(_ text: String) -> [String] {
        let found = ThaiWords.words(text)
        var repeated: [String] = []
        for (previous, current) in zip(found, found.dropFirst()) where previous.word == current.word {
            let expectedStart = text.unicodeScalars.index(previous.start, offsetBy: previous.word.unicodeScalars.count)
            let isThai = previous.word.unicodeScalars.contains { (0x0E01...0x0E5B).contains($0.value) }
            if expectedStart == current.start, isThai { repeated.append(previous.word + current.word) }
        }
        return repeated
    }

    /// Whether some letters starting with a Thai one are followed at once by the same letters, where a word could
    /// start and end (see `doubledStretches`): a Thai word typed twice in a row always is.
    static func hasRepeatedThaiLetters(_ scalars: [Unicode.Scalar], longestStretch: Int = 500) -> Bool {
        !doubledStretches(scalars, longestStretch: longestStretch).isEmpty
    }

    /// The stretches between white space, as ranges of `scalars`' indices, in which some letters starting with a Thai
    /// one are followed at once by the same letters, where a word could start and end. A word never holds white
    /// space, so each stretch is searched alone. Thai is broken into words only between letter clusters, so a word
    /// neither starts after a leading vowel (เ แ โ ใ ไ) nor ends before a mark or vowel that joins the letter before
    /// it (ั ิ ี ึ ื ุ ู ฺ ็ ่ ้ ๊ ๋ ์ ํ ๎ ะ า ำ ๅ): "บริหารระดับ" holds "ร" twice, but not a word typed twice.
    /// A stretch longer than `longestStretch` is not searched (the search grows with its square): it is counted in,
    /// and the dictionary finds its words, as it did for every text before.
    static func doubledStretches(_ scalars: [Unicode.Scalar], longestStretch: Int = 500) -> [Range<Int>] {
        func isThai(_ scalar: Unicode.Scalar) -> Bool { (0x0E01...0x0E5B).contains(scalar.value) }
        func leadsNext(_ scalar: Unicode.Scalar) -> Bool { (0x0E40...0x0E44).contains(scalar.value) }
        func joinsPrevious(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x0E30...0x0E3A, 0x0E45, 0x0E47...0x0E4E: return true
            default: return false
            }
        }
        /// Whether the letters from `start` come twice in a row, ending by `stretchEnd` where a word may end.
        func doubled(from start: Int, before stretchEnd: Int) -> Bool {
            var length = 1
            while start + 2 * length <= stretchEnd {
                let end = start + 2 * length
                if scalars[start + length] == scalars[start], end == stretchEnd || !joinsPrevious(scalars[end]),
                   scalars[start..<start + length].elementsEqual(scalars[(start + length)..<end]) {
                    return true
                }
                length += 1
            }
            return false
        }
        var stretches: [Range<Int>] = []
        var stretchStart = 0
        while stretchStart < scalars.count {
            var stretchEnd = stretchStart
            while stretchEnd < scalars.count, !scalars[stretchEnd].properties.isWhitespace { stretchEnd += 1 }
            let found = stretchEnd - stretchStart > longestStretch || (stretchStart..<stretchEnd).contains { start in
                isThai(scalars[start]) && !joinsPrevious(scalars[start]) && (start == 0 || !leadsNext(scalars[start - 1]))
                    && doubled(from: start, before: stretchEnd)
            }
            if found { stretches.append(stretchStart..<stretchEnd) }
            stretchStart = stretchEnd + 1
        }
        return stretches
    }

    static func unbalancedBold(_ text: String) -> Bool {
        (InlineMarkup.boldParts(text).count - 1) % 2 == 1
    }

    /// Four-digit numbers that read as C.E. years (1900–2099, Arabic or Thai digits) outside URLs, e-mail
    /// addresses and "ค.ศ." phrases, and not part of a longer number (94.96, 1,900, 2566/2023).
    static func gregorianYears(_ text: String) -> [String] {
        let s = Array(text.unicodeScalars)
        func digit(_ scalar: Unicode.Scalar) -> UInt32? {
            if ("0"..."9").contains(scalar) { return scalar.value - 0x30 }
            if ("\u{0E50}"..."\u{0E59}").contains(scalar) { return scalar.value - 0x0E50 }
            return nil
        }
        let ce = Array("ค.ศ.".unicodeScalars)
        var years: [String] = []
        var index = 0
        while index < s.count {
            guard digit(s[index]) != nil else { index += 1; continue }
            var end = index
            while end < s.count, digit(s[end]) != nil { end += 1 }
            defer { index = end }
            guard end - index == 4 else { continue }
            let value = s[index..<end].reduce(0) { $0 * 10 + Int(digit($1)!) }
            guard (1900...2099).contains(value) else { continue }
            if index > 0, ".,/:-".unicodeScalars.contains(s[index - 1]) { continue }
            if end + 1 < s.count, s[end] == ".", digit(s[end + 1]) != nil { continue }
            var before = index
            while before > 0, s[before - 1] == " " { before -= 1 }
            if before >= ce.count, s[(before - ce.count)..<before].elementsEqual(ce) { continue }
            var tokenStart = index
            while tokenStart > 0, !s[tokenStart - 1].properties.isWhitespace { tokenStart -= 1 }
            var tokenEnd = end
            while tokenEnd < s.count, !s[tokenEnd].properties.isWhitespace { tokenEnd += 1 }
            let token = String(String.UnicodeScalarView(s[tokenStart..<tokenEnd]))
            if token.contains("://") || token.contains("@") || token.hasPrefix("www.") { continue }
            years.append(String(String.UnicodeScalarView(s[index..<end])))
        }
        return years
    }
}
