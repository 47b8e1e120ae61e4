import Foundation
import SarabanBlocks
import SarabanThai

/// Blocks → laid-out pages: block layout into flow items, pagination, then each page assembled: its
/// body, the table cells that span rows (drawn over the rows that landed on the page), the page number
/// from page 2 on, the continuation word at the foot of every page but the last, and the outline's
/// destinations. Everything is decided here; the PDF writer only draws.
public final class LayoutEngine {
    public let design: PageDesign
    public let typesetter: Typesetter
    /// Draw line boxes, baselines and break points over the pages.
    public var debug = false

    public init(design: PageDesign, fontFolders: [URL] = []) throws {
        self.design = design
        self.typesetter = try Typesetter(families: design.fontFamilies, fontFolders: fontFolders,
                                         compounds: design.lineBreaking.compounds, noBreak: design.lineBreaking.noBreak,
                                         runt: design.lineBreaking.runt, phrasePenalty: design.lineBreaking.phrasePenalty,
                                         overflowTolerance: design.lineBreaking.overflowTolerance)
    }

    var placement: LinePlacement {
        LinePlacement(design: design)
    }

    /// `helper`, if given, sets the document's paragraphs from its end on a second core meanwhile.
    public func layout(_ document: DocumentBlocks, helper: LinesFromTheEnd? = nil) throws -> LaidOutDocument {
        try checkStyles(document.blocks)
        let structure = StructureTree()
        var blockLayout = BlockLayout(design: design, typesetter: typesetter, structure: structure)
        if let helper {
            helper.begin(document.blocks)
            blockLayout.reached = { [typesetter] index in helper.reached(index, by: typesetter) }
        }
        // Stopped before anything else is done, so that the second core is free for the PDF.
        let items = try withExtendedLifetime(helper) {
            defer { helper?.stop() }
            return try blockLayout.items(for: document.blocks)
        }
        let spans = Dictionary(grouping: items.filter { $0.tableID != nil }.flatMap { item in item.spans.map { (item.tableID!, $0) } },
                               by: \.0).mapValues { $0.map(\.1) }
        let firstTop = design.firstPageTop ?? design.marginTop
        let placedPages = Paginator(height: design.textHeight, firstHeight: design.textHeight - (firstTop - design.marginTop)).pages(items)
        var pages: [LaidOutPage] = []
        var outline: [OutlineEntry] = []
        var signatories = 0
        var brokenWords: [(word: String, page: Int)] = []
        let everyPage = items.filter(\.onEveryPage).flatMap(\.elements)
        for (index, placed) in placedPages.enumerated() {
            let number = index + 1
            // The page number first, so that readers which follow the drawing order meet it first.
            var page = LaidOutPage(number: number, elements: try pageNumber(number), bodyText: [], repeatedText: [])
            // Marks on every page (secrecy) come next, at their own places; an overlay of one page is drawn where it falls.
            page.elements += index == 0 ? everyPage : everyPage.map(\.artifact)
            for entry in placed {
                if entry.item.kind == .overlay {
                    if !entry.item.onEveryPage { page.elements += entry.item.elements }
                    continue
                }
                let top = (index == 0 ? firstTop : design.marginTop) + entry.y
                for word in entry.item.brokenWords where !brokenWords.contains(where: { $0.word == word && $0.page == number }) {
                    brokenWords.append((word, number))
                }
                page.elements += entry.item.elements.map { $0.shifted(by: top) }
                if let text = entry.item.text {
                    if entry.item.isRepeatedHeader { page.repeatedText.append(text) } else { page.bodyText.append(text) }
                }
                for heading in entry.item.outline {
                    outline.append(OutlineEntry(title: heading.title, level: heading.level, page: number, y: top))
                }
                if let box = entry.item.signatureBox {
                    signatories += 1
                    page.signatureBoxes.append(SignatureBox(signatory: signatories, x: box.x, y: top + box.top, width: box.width, height: box.height))
                }
                if debug { page.elements += debugMarks(entry.item, top: top) }
            }
            addSpanningCells(spans, placed: placed, top: index == 0 ? firstTop : design.marginTop, to: &page)
            pages.append(page)
        }
        for index in pages.indices.dropLast() {
            let next = placedPages[index + 1].first { $0.item.text != nil }?.item.text ?? ""
            try addContinuation(continuationWord(next), to: &pages[index])
        }
        try checkInsidePage(pages)
        var report = report(items, pages: pages.count)
        report.brokenWords = brokenWords
        report.tableParts = tableParts(placedPages)
        report.blankFootReasons = blankFootReasons(placedPages)
        report.runtShare = design.lineBreaking.runt.minShare
        return LaidOutDocument(pageWidth: design.pageWidth, pageHeight: design.pageHeight, pages: pages,
                               outline: outline, report: report, structure: structure.nodes,
                               marksOnEveryPage: everyPage.map(\.artifact))
    }

    /// Every paragraph style the blocks ask for (and `body` for lists, `signature` for signature blocks) is in
    /// the layout file; the first missing one is an error located at the file's `styles`.
    func checkStyles(_ blocks: [Block]) throws {
        for block in blocks {
            let style: ParagraphStyle
            switch block {
            case .heading(let heading): style = heading.style
            case .paragraph(let paragraph): style = paragraph.style
            case .list, .fieldLine, .rows: style = .body
            case .sideBySide(let block): style = block.rightStyle
            case .signature: style = .signature
            case .table, .image, .mark: continue
            }
            guard design.styles[style] != nil else {
                let known = design.styles.keys.map(\.rawValue).sorted().joined(separator: ", ")
                throw LayoutError(message: "\(design.stylesLocation): styles: the layout has no style \"\(style)\", which this document uses; add it (the layout's styles: \(known))")
            }
        }
    }

    /// Text that would fall off the paper is text lost: the render fails, naming it, rather than write a PDF
    /// whose reader never sees it. (Lines are broken to their width and pages to their height, so this holds
    /// unless a layout's numbers place something outside; it is checked, not assumed.)
    func checkInsidePage(_ pages: [LaidOutPage]) throws {
        for page in pages {
            for case let .text(run, x, baseline) in page.elements {
                let left = x, right = x + run.width
                guard left >= -0.5, right <= design.pageWidth + 0.5, baseline > 0, baseline <= design.pageHeight + 0.5 else {
                    throw LayoutError(message: "\(design.file): on page \(page.number), \"\(run.text.prefix(40))\" would be set outside the paper (x \(Int(left))–\(Int(right)) pt, baseline \(Int(baseline)) pt of a \(Int(design.pageWidth)) × \(Int(design.pageHeight)) pt page); no PDF was written",
                                      thai: "หน้า \(page.number): ข้อความ \"\(run.text.prefix(40))\" จะล้นออกนอกกระดาษ จึงไม่สร้างไฟล์ PDF ให้ตรวจข้อความที่ยาวผิดปกติ (เช่น ชื่อหรือตำแหน่งของผู้ลงนาม) หรือระยะขอบในไฟล์ layout (\(design.file))")
                }
            }
        }
    }

    /// Each cell spanning rows, over the rows of its span on this page; its text counts as repeated on a
    /// page where its first row is not.
    func addSpanningCells(_ spans: [Int: [SpanCell]], placed: [Paginator.PlacedItem], top: Double, to page: inout LaidOutPage) {
        var rows: [Int: [Int: (top: Double, height: Double)]] = [:]
        for entry in placed {
            guard let table = entry.item.tableID, let row = entry.item.tableRow else { continue }
            rows[table, default: [:]][row] = (top + entry.y, entry.item.height)
        }
        for (table, placedRows) in rows {
            for span in spans[table] ?? [] {
                let here = span.rows.compactMap { placedRows[$0] }
                guard let first = here.first, let last = here.last else { continue }
                let drawn = span.cell.draw(y: first.top, height: last.top + last.height - first.top, placement: placement)
                if placedRows[span.rows.lowerBound] == nil {
                    // Printed again where the table continues: the cell belongs to the page its row starts on.
                    page.elements += drawn.map(\.artifact)
                    page.repeatedText.append(span.cell.text)
                } else {
                    page.elements += drawn
                }
            }
        }
    }

    /// "- ๒ -", centred at the top, from the layout's first numbered page on.
    func pageNumber(_ number: Int) throws -> [PageElement] {
        let format = design.pageNumber
        guard number >= format.fromPage else { return [] }
        let digits = format.thaiDigits ? ThaiNumerals.thaiDigits(String(number)) : String(number)
        var text = format.format.replacing("{n}", with: digits)
        // pdftotext reads a line's closing "-" as a hyphen and joins the page's first line to it ("- ๒ จึงเรียน");
        // a word joiner after it, drawn as nothing, keeps the number a line of its own in the text layer.
        if text.hasSuffix("-") { text += "\u{2060}" }
        let size = design.fontSize
        guard let line = try typesetter.lines(RichText(plain: text), .init(width: design.textWidth, size: size)).first else { return [] }
        return placement.place(line, x: design.marginLeft, baseline: format.baseline, available: design.textWidth, align: .center)
    }

    /// The next page's first word by the breaking dictionary: libthai's word, or the longest word of the layout's
    /// lexicons (no-break words and compounds) that opens the text, so "ผู้อำนวยการ" is not cut to "ผู้อำนวย".
    func continuationWord(_ text: String) -> String {
        let limit = design.continuation?.maxLetters ?? 0
        let word = ThaiWords.firstWord(of: text, maxLength: limit)
        // Compared as UTF-8 bytes: the lexicons hold hundreds of words, and a page has one first word.
        let start = Array(text.drop { $0.isWhitespace || $0 == "-" }.utf8.prefix(limit * 12))
        guard start.starts(with: word.utf8) else { return word }
        let longer = (design.lineBreaking.noBreak.words(startingWith: start) + design.lineBreaking.compounds.words(startingWith: start))
            .filter { $0.count > word.utf8.count && start.starts(with: $0) }
            .max { $0.count < $1.count }
            .map { String(decoding: $0, as: UTF8.self) }
        guard var chosen = longer, chosen.count <= limit else { return word }
        // The format adds its own dots: "ป.ป.ช." continues as "/ป.ป.ช...", never with four.
        while chosen.count > 1, chosen.hasSuffix(".") { chosen.removeLast() }
        return chosen
    }

    /// The continuation word (คำต่อ): "/" + the next page's first word + "...", at the bottom right.
    func addContinuation(_ word: String, to page: inout LaidOutPage) throws {
        guard let format = design.continuation, !word.isEmpty else { return }
        let text = format.format.replacing("{word}", with: word)
        guard let line = try typesetter.lines(RichText(plain: text), .init(width: design.textWidth, size: design.fontSize)).first else { return }
        page.elements += placement.place(line, x: design.marginLeft, baseline: design.pageHeight - format.bottom,
                                         available: design.textWidth, align: .right)
        page.continuation = word
    }

    func debugMarks(_ item: FlowItem, top: Double) -> [PageElement] {
        let left = item.lineStart ?? design.marginLeft
        let right = item.lineStart == nil ? design.marginLeft + design.textWidth : (item.lineEnd ?? left)
        var marks: [PageElement] = [
            .debug(x0: left, y0: top, x1: right, y1: top, mark: .box),
            .debug(x0: right, y0: top, x1: right, y1: top + item.height, mark: .box),
            .debug(x0: right, y0: top + item.height, x1: left, y1: top + item.height, mark: .box),
            .debug(x0: left, y0: top + item.height, x1: left, y1: top, mark: .box),
        ]
        if let baseline = item.baseline {
            marks.append(.debug(x0: left, y0: top + baseline, x1: right, y1: top + baseline, mark: .baseline))
        }
        if let end = item.lineEnd {
            marks.append(.debug(x0: end, y0: top, x1: end, y1: top + item.height, mark: .breakPoint))
        }
        return marks
    }

    /// Body rows of each table on each page, in order.
    func tableParts(_ pages: [[Paginator.PlacedItem]]) -> [Int] {
        pages.flatMap { page -> [Int] in
            let rows = page.filter { $0.item.kind == .tableRows }.map { $0.item.tableID! }
            return Array(Set(rows)).sorted().map { id in rows.filter { $0 == id }.count }
        }
    }

    /// For each page that ends more than four lines above its bottom margin, what the next page starts with.
    func blankFootReasons(_ pages: [[Paginator.PlacedItem]]) -> [Int: String] {
        var reasons: [Int: String] = [:]
        for (index, page) in pages.enumerated().dropLast() {
            guard let last = page.last, (design.textHeight - last.y - last.item.height) / design.linePitch > 4,
                  let next = pages[index + 1].first(where: { !$0.item.isRepeatedHeader })?.item else { continue }
            let reason: String
            switch next.kind {
            case .signature: reason = "a signature block, with the lines it keeps"
            case .tableRows, .tableHeader: reason = "table rows kept together"
            case .image, .overlay: reason = "an image"
            case .line: reason = next.isHeading ? "a heading with the lines it keeps" : "lines kept together"
            }
            reasons[index + 1] = reason
        }
        return reasons
    }

    func report(_ items: [FlowItem], pages: Int) -> LayoutReport {
        var report = LayoutReport()
        report.pages = pages
        return report
    }
}
