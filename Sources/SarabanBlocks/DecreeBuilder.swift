import Foundation
import SarabanITA
import SarabanKinds

/// An order (คำสั่ง) or announcement (ประกาศ) as blocks: the emblem at the top centre, the heading ("คำสั่ง" or
/// "ประกาศ" and the agency's name), an order's number and the subject centred under it, the text, the date
/// phrase from the page's centre ("สั่ง ณ วันที่ …", "ประกาศ ณ วันที่ …"), the signature.
public struct DecreeBuilder {
    public let decree: DecreeDocument
    public let numerals: MeasuresDocument.Numerals

    public static let styles: [ParagraphStyle] = ["decreeTitle", "decreeLine", "body", "decreeDate", "signature"]

    public init(decree: DecreeDocument, numerals: MeasuresDocument.Numerals? = nil) {
        self.decree = decree
        self.numerals = numerals ?? decree.numerals
    }

    public func build() -> DocumentBlocks {
        let word = decree.isOrder ? "คำสั่ง" : "ประกาศ"
        var blocks: [Block] = []
        if let emblem = decree.emblem { blocks.append(.image(ImageBlock(url: emblem.url, role: "emblem", description: ImageBlock.garuda))) }
        if let secrecy = decree.secrecy { blocks.append(.mark(Mark(text: secrecy.value, style: "secrecy"))) }
        let title = word + decree.agency.value
        blocks.append(.heading(Heading(level: 0, text: plain(title), style: "decreeTitle", inOutline: true)))
        if let number = decree.number { blocks.append(.heading(Heading(level: 1, text: plain("ที่ " + number.value), style: "decreeLine", inOutline: false))) }
        blocks.append(.heading(Heading(level: 1, text: plain("เรื่อง  " + decree.subject.value), style: "decreeLine", inOutline: false)))
        for part in decree.body {
            switch part {
            case .paragraph(let paragraph):
                blocks.append(.paragraph(Paragraph(text: form.paragraph(paragraph.value), style: .body, depth: 0)))
            case .members(let members):
                // Numbered as a typist numbers them, the duty in a column of its own.
                let rows = members.enumerated().map { number, member in
                    [plain("\(number + 1)."), plain(member.who), plain(member.duty.value)]
                }
                blocks.append(.rows(RowSet(style: "members", rows: rows)))
            }
        }
        if let date = decree.date, let day = date.day, let month = date.month, let year = date.year, (1...12).contains(month) {
            let phrase = "\(decree.isOrder ? "สั่ง" : "ประกาศ") ณ วันที่ \(day) \(ThaiDate.months[month - 1]) พ.ศ. \(year + 543)"
            blocks.append(.paragraph(Paragraph(text: plain(phrase), style: "decreeDate", depth: 0)))
        }
        blocks.append(form.signature(decree.signatory))
        let info = DocumentInfo(title: "\(title) เรื่อง \(decree.subject.value)", author: decree.agency.value,
                                subject: decree.subject.value, keywords: [word],
                                creationDate: decree.date.flatMap(MemoBuilder.isoDate))
        return DocumentBlocks(info: info, blocks: blocks)
    }

    var form: KindText { KindText(numerals: numerals) }
    func convert(_ text: String) -> String { form.convert(text) }
    func plain(_ text: String) -> RichText { form.plain(text) }
}
