import Foundation
import SarabanBlocks

/// Places where the official typing rules forbid a line break although Pango would allow one:
/// "พ.ศ. ๒๕๖๖", "เขต ๒", a number and its unit ("๙๔.๙๖ คะแนน"), a title with the name, ๆ after its word. They become Pango `allow_breaks`
/// attributes, so the text itself is not changed: copying it out of the PDF gives back the data's characters.
enum NoBreakRules {
    static let patterns: [NSRegularExpression] = [
        #"(พ\.ศ\.|ค\.ศ\.|เขต|ข้อ|ตัวชี้วัดที่|ตัวชี้วัดย่อยที่|นโยบายที่|ไตรมาสที่|ร้อยละ|มาตรา) [0-9๐-๙][0-9๐-๙.,-]*"#,
        #"[0-9๐-๙][0-9๐-๙.,]* (คะแนน|ปี|บาท|คน|ลำดับ|เดือน|วัน|ครั้ง|แห่ง)"#,
        // A title with the name: นายเสกฐวุฒิ กลิ่นหอม.
        #"(นางสาว|นาง|นาย|ดร\.|ว่าที่ร้อยตรี|ว่าที่ ร\.ต\.)[ก-๛]+ [ก-๛]+"#,
        // The data's own ties: a no-break space (U+00A0) or a word joiner (U+2060) between two words.
        #"\S[\u00A0\u2060]+\S"#,
        // ๆ never starts a line: it stays with the word it repeats.
        #"[^\s] ?ๆ"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    /// UTF-8 byte ranges of `text` inside which no line may break. Each starts after its first
    /// character, so a break before the phrase stays allowed.
    static func ranges(in text: String) -> [Range<Int>] {
        let whole = NSRange(text.startIndex..., in: text)
        var ranges: [Range<Int>] = []
        for pattern in patterns {
            for match in pattern.matches(in: text, range: whole) {
                guard let range = Range(match.range, in: text) else { continue }
                let start = text.index(after: range.lowerBound)
                let lower = text.utf8.distance(from: text.startIndex, to: start)
                let upper = text.utf8.distance(from: text.startIndex, to: range.upperBound)
                if lower < upper { ranges.append(lower..<upper) }
            }
        }
        return ranges
    }
}
