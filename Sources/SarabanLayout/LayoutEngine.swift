import Foundation
import SarabanBlocks

/// Blocks → laid-out pages: block layout into flow items, pagination, then what each page carries
/// besides its body (the page number from page 2 on) and the outline's destinations.
public final class LayoutEngine {
    public let design: PageDesign
    public let typesetter: Typesetter

    public init(design: PageDesign, fontFolders: [URL] = []) throws {
        self.design = design
        self.typesetter = try Typesetter(families: design.fontFamilies, fontFolders: fontFolders,
                                         compounds: design.lineBreaking.compounds)
    }

    public func layout(_ document: DocumentBlocks) throws -> LaidOutDocument {
        let items = try BlockLayout(design: design, typesetter: typesetter).items(for: document.blocks)
        let placedPages = Paginator(height: design.textHeight).pages(items)
        var pages: [LaidOutPage] = []
        var outline: [OutlineEntry] = []
        for (index, placed) in placedPages.enumerated() {
            let number = index + 1
            // The page number first, so that readers which follow the drawing order meet it first.
            var elements = try pageNumber(number)
            var text: [String] = []
            for entry in placed {
                let top = design.marginTop + entry.y
                elements += entry.item.elements.map { $0.shifted(by: top) }
                if let line = entry.item.text { text.append(line) }
                for heading in entry.item.outline {
                    outline.append(OutlineEntry(title: heading.title, level: heading.level, page: number, y: top))
                }
            }
            pages.append(LaidOutPage(number: number, elements: elements, bodyText: text))
        }
        return LaidOutDocument(pageWidth: design.pageWidth, pageHeight: design.pageHeight, pages: pages, outline: outline)
    }

    /// "- ๒ -", centred at the top, from the layout's first numbered page on.
    func pageNumber(_ number: Int) throws -> [PageElement] {
        let format = design.pageNumber
        guard number >= format.fromPage else { return [] }
        let digits = format.thaiDigits ? ThaiNumerals.thaiDigits(String(number)) : String(number)
        let text = format.format.replacingOccurrences(of: "{n}", with: digits)
        let size = design.fontSize
        guard let line = try typesetter.lines(RichText(plain: text), .init(width: design.textWidth, size: size)).first else { return [] }
        let metrics = typesetter.metrics(size: size)
        let pitch = design.linePitch
        let baseline = format.top + (pitch - metrics.ascent - metrics.descent) / 2 + metrics.ascent
        return LinePlacement(justification: .left).place(line, x: design.marginLeft, baseline: baseline,
                                                         available: design.textWidth, align: .center)
    }
}
