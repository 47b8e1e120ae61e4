import Foundation
import SarabanData
import SarabanKinds

/// How the builders of the memo, letter, order and announcement set a data text: digits as the document's
/// numerals say, and a signatory as a signature block (the name in parentheses, as the regulation writes it).
struct KindText {
    let numerals: Numerals

    func convert(_ text: String) -> String { numerals == .thai ? ThaiNumerals.convert(text) : text }
    func plain(_ text: String) -> RichText { RichText(plain: convert(text)) }
    func paragraph(_ text: String) -> RichText { InlineMarkup.parse(convert(text)) }

    /// What a memo or a letter sends, as it lists it: a PDF it carries says how many pages it has.
    static func titles(_ enclosures: [Enclosure], pages: [Int: Int]) -> [String] {
        enclosures.enumerated().map { index, enclosure in
            pages[index].map { "\(enclosure.title.value) (ไฟล์ PDF แนบ จำนวน \($0) หน้า)" } ?? enclosure.title.value
        }
    }

    func signature(_ signatory: Signatory) -> Block {
        .signature(SignatureBlock(role: signatory.role.map { convert($0.value) }, name: "(\(convert(signatory.name.value)))",
                                  positions: signatory.positions.map { convert($0.value) }, image: signatory.signature?.url))
    }
}
