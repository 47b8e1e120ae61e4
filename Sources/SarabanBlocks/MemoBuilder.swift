import Foundation
import SarabanITA
import SarabanKinds

/// A memo (บันทึกข้อความ) as blocks, in the order of the Regulation on Correspondence: the emblem and the
/// urgency mark, the title, the field lines (ส่วนราชการ; ที่ and วันที่; เรื่อง), the salutation, the body
/// paragraphs, the signature block; the secrecy mark on every page.
public struct MemoBuilder {
    public let memo: MemoDocument
    public let numerals: MeasuresDocument.Numerals
    /// The page count of each attachment that is a PDF, by its index: listed with its title.
    public var attachedPages: [Int: Int] = [:]

    /// The paragraph styles this kind asks of its layout file.
    public static let styles: [ParagraphStyle] = ["salutation", "body", "signature"]

    public init(memo: MemoDocument, numerals: MeasuresDocument.Numerals? = nil) {
        self.memo = memo
        self.numerals = numerals ?? memo.numerals
    }

    public func build() -> DocumentBlocks {
        var blocks: [Block] = []
        if let emblem = memo.emblem { blocks.append(.image(ImageBlock(url: emblem.url, role: "emblem", description: ImageBlock.garuda))) }
        if let urgency = memo.urgency { blocks.append(.mark(Mark(text: urgency.value, style: "urgency"))) }
        if let secrecy = memo.secrecy { blocks.append(.mark(Mark(text: secrecy.value, style: "secrecy"))) }
        // On the emblem's line, centred: placed by the layout's "title" mark style, not in the text's flow.
        blocks.append(.mark(Mark(text: "บันทึกข้อความ", style: "title", isTitle: true)))
        blocks.append(.fieldLine(FieldLine([.init(label: "ส่วนราชการ", value: plain(memo.department.value))])))
        let date = memo.date.flatMap { ThaiDate.format($0, thaiDigits: numerals == .thai) } ?? ""
        blocks.append(.fieldLine(FieldLine([.init(label: "ที่", value: plain(memo.number?.value ?? "")),
                                            .init(label: "วันที่", value: RichText(plain: date))])))
        blocks.append(.fieldLine(FieldLine([.init(label: "เรื่อง", value: plain(memo.subject.value))])))
        blocks.append(.paragraph(Paragraph(text: plain("เรียน  " + memo.recipient.value), style: "salutation", depth: 0)))
        if !memo.attachments.isEmpty {
            // สิ่งที่ส่งมาด้วย, numbered when there are several, under the salutation as in a letter.
            let titles = KindText.titles(memo.attachments, pages: attachedPages)
            let listed = titles.count == 1 ? titles[0] : titles.enumerated().map { "\($0 + 1). \($1)" }.joined(separator: " ")
            blocks.append(.paragraph(Paragraph(text: plain("สิ่งที่ส่งมาด้วย  " + listed), style: "salutation", depth: 0)))
        }
        for paragraph in memo.body {
            blocks.append(.paragraph(Paragraph(text: form.paragraph(paragraph.value), style: .body, depth: 0)))
        }
        blocks.append(form.signature(memo.signatory))
        let info = DocumentInfo(title: "บันทึกข้อความ เรื่อง " + memo.subject.value, author: memo.department.value,
                                subject: memo.subject.value, keywords: ["บันทึกข้อความ"],
                                creationDate: memo.date.flatMap(Self.isoDate))
        return DocumentBlocks(info: info, blocks: blocks)
    }

    var form: KindText { KindText(numerals: numerals) }
    func convert(_ text: String) -> String { form.convert(text) }
    func plain(_ text: String) -> RichText { form.plain(text) }

    static func isoDate(_ components: DateComponents) -> String? {
        guard let year = components.year, let month = components.month, let day = components.day else { return nil }
        return String(format: "%04d-%02d-%02dT00:00:00", year, month, day)
    }
}
