import Foundation
import SarabanThai

/// Checks on the wording of one text: a word typed twice, an unbalanced `**`, a Gregorian year.
enum WordingChecks {
    /// A word written twice in a row with nothing between ("เป็นเป็น"); Thai repeats a word with ๆ instead.
    static func repeatedWords(_ text: String) -> [String] {
        let found = ThaiWords.words(text)
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
