import Foundation
import CPangoCairo

/// Checks on the wording of one text: a word typed twice, an unbalanced `**`, a Gregorian year.
enum TextChecks {
    /// The words of a Thai text, as Pango's dictionary (libthai) finds them, in order.
    static func words(_ text: String) -> [(word: String, start: String.Index)] {
        let scalars = Array(text.unicodeScalars)
        var attributes = [PangoLogAttr](repeating: PangoLogAttr(), count: scalars.count + 1)
        let language = pango_language_from_string("th")
        text.withCString { pointer in
            pango_get_log_attrs(pointer, Int32(text.utf8.count), -1, language, &attributes, Int32(attributes.count))
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

    /// A word written twice in a row with nothing between ("เป็นเป็น"); Thai repeats a word with ๆ instead.
    static func repeatedWords(_ text: String) -> [String] {
        let found = words(text)
        var repeated: [String] = []
        for (previous, current) in zip(found, found.dropFirst()) where previous.word == current.word {
            let expectedStart = text.unicodeScalars.index(previous.start, offsetBy: previous.word.unicodeScalars.count)
            let isThai = previous.word.unicodeScalars.contains { (0x0E01...0x0E5B).contains($0.value) }
            if expectedStart == current.start, isThai { repeated.append(previous.word + current.word) }
        }
        return repeated
    }

    static func unbalancedBold(_ text: String) -> Bool {
        (text.components(separatedBy: "**").count - 1) % 2 == 1
    }

    static let gregorianYear = try! NSRegularExpression(
        pattern: #"(?<![0-9๐-๙.,/:\-])(?<!ค\.ศ\. )(?<!ค\.ศ\.)(19[0-9]{2}|20[0-9]{2}|๑๙[๐-๙]{2}|๒๐[๐-๙]{2})(?![0-9๐-๙]|\.[0-9๐-๙])"#)

    /// Four-digit numbers that read as C.E. years (1900–2099) outside URLs and outside "ค.ศ." phrases.
    static func gregorianYears(_ text: String) -> [String] {
        var years: [String] = []
        let whole = NSRange(text.startIndex..., in: text)
        for match in gregorianYear.matches(in: text, range: whole) {
            guard let range = Range(match.range, in: text) else { continue }
            let lineStart = text[..<range.lowerBound].lastIndex(where: { $0.isWhitespace }).map { text.index(after: $0) } ?? text.startIndex
            let token = text[lineStart...].prefix { !$0.isWhitespace }
            if token.contains("://") || token.contains("@") || token.hasPrefix("www.") { continue }
            years.append(String(text[range]))
        }
        return years
    }
}
