import Foundation
import SarabanITA
import SarabanKinds

/// An external letter (หนังสือภายนอก) as blocks, in the regulation's order: the emblem (top centre) and the
/// marks, the number at the left level with the agency's address at the right, the date from the page's
/// centre, เรื่อง, the salutation, อ้างถึง and สิ่งที่ส่งมาด้วย, the body, the closing from the page's centre,
/// the signature, then the contact lines and สำเนาส่ง at the left margin.
public struct LetterBuilder {
    public let letter: LetterDocument
    public let salutations: Salutations
    public let numerals: MeasuresDocument.Numerals
    /// The page count of each enclosure that is a PDF, by its index: listed with its title.
    public var attachedPages: [Int: Int] = [:]

    /// The paragraph styles this kind asks of its layout file.
    public static let styles: [ParagraphStyle] = ["address", "date", "subject", "salutation", "reference", "body", "closing",
                                                  "signature", "contact"]

    public init(letter: LetterDocument, salutations: Salutations, numerals: MeasuresDocument.Numerals? = nil) {
        self.letter = letter
        self.salutations = salutations
        self.numerals = numerals ?? letter.numerals
    }

    public func build() -> DocumentBlocks {
        var blocks: [Block] = []
        if let emblem = letter.emblem { blocks.append(.image(ImageBlock(url: emblem.url, role: "emblem", description: ImageBlock.garuda))) }
        if let urgency = letter.urgency { blocks.append(.mark(Mark(text: urgency.value, style: "urgency"))) }
        if let secrecy = letter.secrecy { blocks.append(.mark(Mark(text: secrecy.value, style: "secrecy"))) }
        let number = letter.number.map { plain("ที่ " + $0.value) } ?? RichText(plain: "")
        blocks.append(.sideBySide(SideBySide(left: number, right: letter.agency.map { plain($0.value) }, rightStyle: "address")))
        if let date = letter.date.flatMap({ ThaiDate.format($0, thaiDigits: numerals == .thai) }) {
            blocks.append(.paragraph(Paragraph(text: RichText(plain: date), style: "date", depth: 0)))
        }
        blocks.append(.paragraph(Paragraph(text: plain("เรื่อง  " + letter.subject.value), style: "subject", depth: 0)))
        let address = salutations.forRecipient(letter.recipient.value)
        blocks.append(.paragraph(Paragraph(text: plain("\(address.salutation)  " + letter.recipient.value), style: "salutation", depth: 0)))
        let enclosures = KindText.titles(letter.attachments, pages: attachedPages)
        for (label, items) in [("อ้างถึง", letter.references.map(\.value)), ("สิ่งที่ส่งมาด้วย", enclosures)] where !items.isEmpty {
            let listed = items.count == 1 ? items[0] : items.enumerated().map { "\($0 + 1). \($1)" }.joined(separator: "\n")
            blocks.append(.paragraph(Paragraph(text: plain("\(label)  " + listed), style: "reference", depth: 0)))
        }
        for paragraph in letter.body {
            blocks.append(.paragraph(Paragraph(text: form.paragraph(paragraph.value), style: .body, depth: 0)))
        }
        blocks.append(.paragraph(Paragraph(text: RichText(plain: address.closing), style: "closing", depth: 0)))
        blocks.append(form.signature(letter.signatory))
        for line in letter.contact {
            blocks.append(.paragraph(Paragraph(text: plain(line.value), style: "contact", depth: 0, keepWithPrevious: true)))
        }
        if !letter.copies.isEmpty {
            blocks.append(.paragraph(Paragraph(text: plain("สำเนาส่ง  " + letter.copies.map(\.value).joined(separator: "\n")),
                                               style: "contact", depth: 0, keepWithPrevious: true)))
        }
        let info = DocumentInfo(title: "หนังสือ เรื่อง " + letter.subject.value, author: letter.agency.first?.value ?? "",
                                subject: letter.subject.value, keywords: ["หนังสือภายนอก"],
                                creationDate: letter.date.flatMap(MemoBuilder.isoDate))
        return DocumentBlocks(info: info, blocks: blocks)
    }

    var form: KindText { KindText(numerals: numerals) }
    func convert(_ text: String) -> String { form.convert(text) }
    func plain(_ text: String) -> RichText { form.plain(text) }
}
