import Foundation
import SarabanBlocks

/// Places where the official typing rules forbid a line break although Pango would allow one:
/// "พ.ศ. ๒๕๖๖", "เขต ๒", a number and its unit ("๙๔.๙๖ คะแนน"), a title with the name, ๆ after its word,
/// and the data's own ties (a no-break space or a word joiner between two words). They become Pango
/// `allow_breaks` attributes, so the text itself is not changed: copying it out of the PDF gives back the
/// data's characters. The phrases are found by a direct scan (this runs for every paragraph).
enum NoBreakRules {
    /// Words that keep the number after them: "พ.ศ. ๒๕๖๖".
    static let beforeNumber = ["พ.ศ.", "ค.ศ.", "เขต", "ข้อ", "ตัวชี้วัดที่", "ตัวชี้วัดย่อยที่", "นโยบายที่", "ไตรมาสที่", "ร้อยละ", "มาตรา"]
        .map { Array($0.unicodeScalars) }
    /// Words that keep the telephone number after them whole, its groups and extension included:
    /// "โทร. ๐ ๕๓๖๘ ๑๐๒๗ ต่อ ๑๑๐๑" is never parted between its digit groups or from "ต่อ".
    static let beforePhoneNumber = ["โทร.", "โทรศัพท์", "โทรสาร", "ต่อ"].map { Array($0.unicodeScalars) }
    static let phoneExtension = Array("ต่อ".unicodeScalars)
    /// Units that stay with the number before them: "๗๕ คะแนน".
    static let afterNumber = ["คะแนน", "ปี", "บาท", "คน", "ลำดับ", "เดือน", "วัน", "ครั้ง", "แห่ง"].map { Array($0.unicodeScalars) }
    /// Titles that stay with the name after them (given name and surname).
    static let titles = ["ว่าที่ร้อยตรี", "นางสาว", "นาง", "นาย", "ดร."].map { Array($0.unicodeScalars) }

    /// The three lists above by the place of their words' first letter in the Thai block (each starts with a Thai
    /// letter): at a character only the words that start with it are compared, and at most characters none do.
    static let beforeNumberByFirst = byFirstLetter(beforeNumber)
    static let beforePhoneNumberByFirst = byFirstLetter(beforePhoneNumber)
    static let titlesByFirst = byFirstLetter(titles)
    /// For each place, whether a word of the lists starts there (bit 0: beforeNumber, 1: beforePhoneNumber, 2: titles):
    /// a byte is read without taking a reference to a bucket, which costs more than the rest of the character's test.
    static let startsByFirst: [UInt8] = (0..<128).map { place in
        (beforeNumberByFirst[place].isEmpty ? 0 : 1) | (beforePhoneNumberByFirst[place].isEmpty ? 0 : 2)
            | (titlesByFirst[place].isEmpty ? 0 : 4)
    }

    static func byFirstLetter(_ words: [[Unicode.Scalar]]) -> [[[Unicode.Scalar]]] {
        var buckets = [[[Unicode.Scalar]]](repeating: [], count: 128)
        for word in words {
            let place = Int(word[0].value &- 0x0E00)
            precondition(place < 128, "every word of the lists starts with a Thai letter")
            buckets[place].append(word)
        }
        return buckets
    }

    /// What may come inside a number: "๙๔.๙๖", "1,000", "๒๕๖๖-๒๕๖๗"; and inside a telephone number.
    static let numberMarks: Set<Unicode.Scalar> = [".", ",", "-"]
    static let decimalMarks: Set<Unicode.Scalar> = [".", ","]
    static let phoneMarks: Set<Unicode.Scalar> = ["-"]

    static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) || ("\u{0E50}"..."\u{0E59}").contains(s) }
    static func isThaiLetter(_ s: Unicode.Scalar) -> Bool { ("\u{0E01}"..."\u{0E5B}").contains(s) }
    static func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\n" || s == "\t" }
    static func isTie(_ s: Unicode.Scalar) -> Bool { s == "\u{00A0}" || s == "\u{2060}" }

    /// UTF-8 byte ranges of `text` inside which no line may break. Each starts after its first character,
    /// so a break before the phrase stays allowed.
    static func ranges(in text: String) -> [Range<Int>] {
        // One pass over the text for its characters and their byte offsets.
        var scalars: [Unicode.Scalar] = [], offsets = [0]
        scalars.reserveCapacity(text.utf8.count)
        offsets.reserveCapacity(text.utf8.count + 1)
        for scalar in text.unicodeScalars {
            scalars.append(scalar)
            offsets.append(offsets[offsets.count - 1] + UTF8.width(scalar))
        }
        var found: [Range<Int>] = []
        func add(_ start: Int, _ end: Int) {
            if start + 1 < end { found.append(offsets[start + 1]..<offsets[end]) }
        }
        func matches(_ word: [Unicode.Scalar], at index: Int) -> Bool {
            // The first letter alone rules out nearly every position, and cheaply.
            scalars[index] == word[0] && index + word.count <= scalars.count
                && scalars[index..<index + word.count].elementsEqual(word)
        }
        func digitsEnd(from index: Int, allowing extra: Set<Unicode.Scalar>) -> Int {
            var end = index
            while end < scalars.count, isDigit(scalars[end]) || extra.contains(scalars[end]) { end += 1 }
            return end
        }
        /// Digit groups parted by single spaces or hyphens ("๐ ๕๓๖๘ ๑๐๒๗", "02-141-1234"), and "ต่อ" with an
        /// extension after them.
        func phoneNumberEnd(from index: Int) -> Int {
            var end = digitsEnd(from: index, allowing: phoneMarks)
            while end + 1 < scalars.count, scalars[end] == " " {
                if isDigit(scalars[end + 1]) {
                    end = digitsEnd(from: end + 1, allowing: phoneMarks)
                } else if matches(phoneExtension, at: end + 1), end + 2 + phoneExtension.count < scalars.count,
                          scalars[end + 1 + phoneExtension.count] == " ", isDigit(scalars[end + 2 + phoneExtension.count]) {
                    end = digitsEnd(from: end + 2 + phoneExtension.count, allowing: phoneMarks)
                } else {
                    break
                }
            }
            return end
        }
        // The lists read once here rather than at every character (each read of a static checks that it is made).
        let beforeNumber = beforeNumberByFirst, beforePhoneNumber = beforePhoneNumberByFirst, titles = titlesByFirst,
            startsByFirst = startsByFirst, afterNumber = afterNumber, none: [[Unicode.Scalar]] = []
        for index in scalars.indices {
            let scalar = scalars[index]
            let place = Int(scalar.value &- 0x0E00)
            let starts = place < 128 ? startsByFirst[place] : 0
            for word in starts & 1 != 0 ? beforeNumber[place] : none where matches(word, at: index) {
                let space = index + word.count
                if space + 1 < scalars.count, scalars[space] == " ", isDigit(scalars[space + 1]) {
                    add(index, digitsEnd(from: space + 1, allowing: numberMarks))
                }
            }
            for word in starts & 2 != 0 ? beforePhoneNumber[place] : none where matches(word, at: index) {
                let space = index + word.count
                if space + 1 < scalars.count, scalars[space] == " ", isDigit(scalars[space + 1]) {
                    add(index, phoneNumberEnd(from: space + 1))
                }
            }
            if isDigit(scalar), index == 0 || !isDigit(scalars[index - 1]) {
                let end = digitsEnd(from: index, allowing: decimalMarks)
                if end + 1 < scalars.count, scalars[end] == " " {
                    for unit in afterNumber where matches(unit, at: end + 1) {
                        let after = end + 1 + unit.count
                        // A whole word: not the start of a longer one.
                        if after >= scalars.count || !("\u{0E01}"..."\u{0E2E}").contains(scalars[after]) { add(index, after) }
                    }
                }
            }
            for title in starts & 4 != 0 ? titles[place] : none where matches(title, at: index) {
                var cursor = index + title.count
                let given = cursor
                while cursor < scalars.count, isThaiLetter(scalars[cursor]) { cursor += 1 }
                guard cursor > given, cursor + 1 < scalars.count, scalars[cursor] == " ", isThaiLetter(scalars[cursor + 1]) else { continue }
                cursor += 1
                while cursor < scalars.count, isThaiLetter(scalars[cursor]) { cursor += 1 }
                add(index, cursor)
                break
            }
            if isTie(scalar), index > 0, !isSpace(scalars[index - 1]), !isTie(scalars[index - 1]) {
                var end = index
                while end < scalars.count, isTie(scalars[end]) { end += 1 }
                if end < scalars.count, !isSpace(scalars[end]) { add(index - 1, end + 1) }
            }
            if scalar == "ๆ", index > 0 {
                let before = scalars[index - 1] == " " ? index - 2 : index - 1
                if before >= 0, !isSpace(scalars[before]) { add(before, index + 1) }
            }
        }
        return found
    }
}

/// Break opportunities changed after shaping, where Pango's own rules are wrong for official text: never
/// inside a word of the no-break lexicon (province names, agency and position words, ITA terms that libthai's
/// dictionary splits: พระนครศรี|อยุธยา, ผู้อำนวย|การ), and inside a web or e-mail address only after
/// `/ . - _ ? & =` and never inside or right after its scheme ("https://").
enum BreakOpportunities {
    static func restrict(_ shaped: inout ShapedText, noBreak: Compounds) {
        let inside = noBreak.insideOffsets(shaped.bytes)
        for index in shaped.clusters.indices where inside[shaped.clusters[index].byteStart] != nil {
            shaped.clusters[index].breakBefore = false
        }
        for address in addresses(in: shaped.bytes) {
            for index in shaped.clusters.indices {
                let offset = shaped.clusters[index].byteStart
                guard offset > address.range.lowerBound, offset < address.range.upperBound else { continue }
                shaped.clusters[index].breakBefore = offset > address.schemeEnd
                    && afterWhich.contains(shaped.bytes[offset - 1])
            }
        }
    }

    /// The characters an address may break after.
    static let afterWhich: Set<UInt8> = Set("/.-_?&=".utf8)

    /// Web and e-mail addresses: runs of printable ASCII without spaces that hold "://", start with "www." or
    /// hold "@" with a "." after it; with where the scheme ends (the byte after "://", or the run's start).
    static func addresses(in bytes: [UInt8]) -> [(range: Range<Int>, schemeEnd: Int)] {
        var found: [(Range<Int>, Int)] = []
        var start = 0
        while start < bytes.count {
            guard isAddressByte(bytes[start]) else { start += 1; continue }
            var end = start
            while end < bytes.count, isAddressByte(bytes[end]) { end += 1 }
            let token = bytes[start..<end]
            let scheme = token.firstRange(of: Array("://".utf8))
            let isWeb = scheme != nil || token.starts(with: Array("www.".utf8))
            let isMail = token.firstIndex(of: UInt8(ascii: "@")).map { at in token[at...].contains(UInt8(ascii: ".")) } ?? false
            if isWeb || isMail { found.append((start..<end, scheme?.upperBound ?? start)) }
            start = end
        }
        return found
    }

    static func isAddressByte(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
}
