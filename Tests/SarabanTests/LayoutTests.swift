import XCTest
@testable import SarabanITA
@testable import SarabanBlocks
@testable import SarabanLayout
@testable import SarabanCLI
@testable import SarabanPDF

/// The engine's own decisions: table spans, the signature block's place, pagination rules.
final class LayoutTests: XCTestCase {
    var design: PageDesign!
    var typesetter: Typesetter!

    override func setUpWithError() throws {
        design = try PageDesign.load(contentsOf: Fixture.layout)
        typesetter = try LayoutEngine(design: design).typesetter
    }

    /// XCTest keeps every test case object to the end of the run; release the font set-up now.
    override func tearDown() {
        typesetter = nil
        design = nil
    }

    func seedTable() throws -> Table {
        let blocks = try RenderPipeline().blocks(for: Fixture.example)
        return try XCTUnwrap(blocks.blocks.lazy.compactMap { block -> Table? in
            if case .table(let table) = block { return table }
            return nil
        }.first)
    }

    // MARK: Layout file

    func testLayoutFileNumbers() {
        let cm = 72 / 2.54
        XCTAssertEqual(design.pageWidth, 595.28, accuracy: 0.01)
        XCTAssertEqual(design.pageHeight, 841.89, accuracy: 0.01)
        XCTAssertEqual(design.marginLeft, 3 * cm, accuracy: 0.001)
        XCTAssertEqual(design.marginRight, 2 * cm, accuracy: 0.001)
        XCTAssertEqual(design.marginTop, 2.5 * cm, accuracy: 0.001)
        XCTAssertEqual(design.marginBottom, 2 * cm, accuracy: 0.001)
        XCTAssertEqual(design.textWidth, 16 * cm, accuracy: 0.001)
        XCTAssertEqual(design.style(.body).firstLineIndent, 2.5 * cm, accuracy: 0.001)
        XCTAssertEqual(design.fontSize, 16)
        XCTAssertEqual(design.table!.columns.values.map(\.width).reduce(0, +), design.textWidth, accuracy: 0.01)
    }

    /// No page-design number has a value in code: each one left out of the layout file is an error naming it.
    func testEveryNumberIsRequiredFromTheLayoutFile() throws {
        let text = try String(contentsOf: Fixture.layout, encoding: .utf8)
        for (line, key) in [("  padding_pt: 3 ", "table.padding_pt"), ("  min_last_line: 0.2\n", "line_breaking.min_last_line"),
                            ("  blank_lines: 3 ", "signature.blank_lines"), ("  orphans: 2 ", "pagination.orphans"),
                            ("  from_page: 2\n", "page_number.from_page"), ("  compound_penalty: 1500\n", "line_breaking.compound_penalty")] {
            let lines = text.components(separatedBy: "\n")
            let kept = lines.filter { !($0 + "\n").hasPrefix(line) && !$0.hasPrefix(line) }
            XCTAssertEqual(kept.count, lines.count - 1, "the layout file no longer has \(line)")
            let url = try Fixture.temporaryFolder().appendingPathComponent("layout.yaml")
            try Data(kept.joined(separator: "\n").utf8).write(to: url)
            for name in ["thai-compounds.txt", "thai-no-break.txt"] {
                try FileManager.default.copyItem(at: Fixture.layout.deletingLastPathComponent().appendingPathComponent(name),
                                                 to: url.deletingLastPathComponent().appendingPathComponent(name))
            }
            XCTAssertThrowsError(try PageDesign.load(contentsOf: url), key) { error in
                XCTAssertTrue("\(error)".contains(key.split(separator: ".").last!), "\(key): \(error)")
            }
        }
    }

    /// Styles are named by the layout file; one the document uses and the file lacks is a located error.
    func testAStyleTheDocumentUsesAndTheLayoutLacksIsALocatedError() throws {
        let text = try String(contentsOf: Fixture.layout, encoding: .utf8)
        let folder = try Fixture.temporaryFolder()
        let url = folder.appendingPathComponent("layout.yaml")
        let without = text.components(separatedBy: "\n").filter { !$0.hasPrefix("  label:") }.joined(separator: "\n")
        XCTAssertNotEqual(without, text)
        try Data(without.utf8).write(to: url)
        for name in ["thai-compounds.txt", "thai-no-break.txt"] {
            try FileManager.default.copyItem(at: Fixture.layout.deletingLastPathComponent().appendingPathComponent(name),
                                             to: folder.appendingPathComponent(name))
        }
        let result = try runTool(Fixture.binary.path, ["render", Fixture.example.path, "--layout", url.path, "-o", folder.appendingPathComponent("x.pdf").path])
        XCTAssertEqual(result.status, 1)
        // The styles mapping starts on the line after "styles:".
        let stylesLine = without.components(separatedBy: "\n").firstIndex { $0.hasPrefix("styles:") }! + 2
        XCTAssertTrue(result.stderr.contains("\(url.path):\(stylesLine):"), result.stderr)
        XCTAssertTrue(result.stderr.contains("no style \"label\""), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.pdf").path))
    }

    func testFallsBackToLaksamanWithThai() {
        XCTAssertTrue(["TH Sarabun New", "TH SarabunPSK", "Laksaman"].contains(typesetter.family))
    }

    func testFontWithoutThaiIsAnErrorNamingIt() {
        XCTAssertThrowsError(try Typesetter(families: ["DejaVu Sans"])) { error in
            XCTAssertTrue("\(error)".contains("\"DejaVu Sans\" has no Thai glyphs"), "\(error)")
        }
    }

    func testMissingFontIsAnErrorSayingWhatToInstall() {
        XCTAssertThrowsError(try Typesetter(families: ["No Such Font"])) { error in
            XCTAssertTrue("\(error)".contains("\"No Such Font\" is installed"), "\(error)")
            XCTAssertTrue("\(error)".contains("fonts-tlwg-laksaman"), "\(error)")
        }
    }

    // MARK: The score table

    func testToolAndWeightedCellsSpanTheirIndicators() throws {
        let table = try seedTable()
        XCTAssertEqual(table.rows.count, 10 + 7 + 2)
        let spanning = table.rows.enumerated().flatMap { index, row in
            row.cells.filter { $0.rowSpan > 1 }.map { (index, $0.column, $0.rowSpan, $0.text.plainText) }
        }
        XCTAssertEqual(spanning.map(\.0), [0, 0, 5, 5, 8, 8])
        XCTAssertEqual(spanning.map(\.2), [5, 5, 3, 3, 9, 9], "OIT: 9, its five sub-indicators, 10 and its two")
        XCTAssertEqual(spanning.filter { $0.1 == 3 }.map(\.3), ["IIT", "EIT", "OIT"])
        XCTAssertEqual(spanning.filter { $0.1 == 4 }.map(\.3), ["27.84", "28.11", "39.00"])
        XCTAssertEqual(table.rows[17].cells.map(\.columnSpan), [4, 1])
        XCTAssertEqual(table.rows[18].cells.last?.text.plainText, "A")
    }

    func testEachRowIsAnItemAndSpanningCellsTravelBeside() throws {
        let items = try TableLayout(design: design, typesetter: typesetter, placement: LinePlacement(justification: .left))
            .items(for: try seedTable(), id: 1, structure: StructureTree())
        XCTAssertEqual(items.first?.kind, .tableHeader)
        XCTAssertEqual(items.dropFirst().map(\.kind), Array(repeating: .tableRows, count: 19))
        XCTAssertEqual(items.dropFirst().map(\.tableRow), Array(0..<19))
        let spans = items.flatMap { item in item.spans.map { ($0.rows, $0.cell.text) } }
        XCTAssertEqual(spans.map(\.0), [0..<5, 0..<5, 5..<8, 5..<8, 8..<17, 8..<17])
        XCTAssertEqual(spans.map(\.1), ["IIT", "27.84", "EIT", "28.11", "OIT", "39.00"])
        let single = design.table!.linePitch + 2 * design.table!.paddingVertical
        XCTAssertEqual(items[1].height, single, accuracy: 0.01)
    }

    func testSpanningCellIsRepeatedWhereTheTableContinues() throws {
        let blocks = DocumentBlocks(info: DocumentInfo(title: "", author: "", subject: "", keywords: []),
                                    blocks: [.table(try seedTable())])
        var small = design!
        small.marginBottom = small.pageHeight - small.marginTop - 260  // room for the header and a few rows
        let document = try LayoutEngine(design: small).layout(blocks)
        XCTAssertGreaterThan(document.pages.count, 2)
        // OIT spans rows 8–16: on every page that holds one of them, the cell is drawn with its text.
        let oitPages = document.pages.filter { page in
            page.elements.contains { if case let .text(run, _, _) = $0 { return run.text == "OIT" }; return false }
        }
        XCTAssertGreaterThan(oitPages.count, 1, "the OIT cell is repeated, not left empty")
        XCTAssertEqual(document.pages.filter { $0.repeatedText.contains("OIT") }.count, oitPages.count - 1)
        for page in document.pages.dropFirst() { XCTAssertTrue(page.repeatedText.contains { $0.hasPrefix("ลำดับ") }, "\(page.repeatedText)") }
    }

    // MARK: The signature block

    func testSignatureBlockIsCentredOnItsColumn() throws {
        let block = SignatureBlock(role: "ผู้รายงาน", name: "(นายเสกฐวุฒิ กลิ่นหอม)", positions: ["ศึกษานิเทศก์ชำนาญการ"], image: nil)
        let item = try BlockLayout(design: design, typesetter: typesetter).signatureItem(block)
        let column = design.marginLeft + design.textWidth * design.signature.columnCenter
        let lines = lineExtents(item.elements)
        XCTAssertEqual(lines.count, 3)
        for line in lines { XCTAssertEqual((line.left + line.right) / 2, column, accuracy: 0.5) }
        // Room for the handwritten signature between the role and the name.
        XCTAssertEqual(lines[1].baseline - lines[0].baseline, Double(design.signature.blankLines + 1) * design.linePitch, accuracy: 0.01)
    }

    func testLongSignatureLineWrapsInsideTheColumn() throws {
        let block = SignatureBlock(role: nil, name: "(นายเสกฐวุฒิ กลิ่นหอม)",
                                   positions: ["สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพระนครศรีอยุธยา เขต ๒"], image: nil)
        let item = try BlockLayout(design: design, typesetter: typesetter).signatureItem(block)
        let lines = lineExtents(item.elements)
        XCTAssertGreaterThan(lines.count, 2, "the long position wraps inside the column")
        let centre = design.marginLeft + design.textWidth * design.signature.columnCenter
        for line in lines {
            XCTAssertEqual((line.left + line.right) / 2, centre, accuracy: 0.5, "every line on the one centre")
            XCTAssertGreaterThanOrEqual(line.left, centre - design.signature.columnWidth / 2 - 0.5, "inside the column")
            XCTAssertLessThanOrEqual(line.right, design.marginLeft + design.textWidth + 0.5)
        }
        let text = try typesetterLines(block.positions[0], width: design.textWidth)
        XCTAssertFalse(item.text!.isEmpty)
        XCTAssertFalse(text.isEmpty)
        // Wrapped between words: the province is whole on one line.
        let rendered = item.elements.compactMap { element -> String? in
            if case let .text(run, _, _) = element { return run.text }
            return nil
        }
        XCTAssertTrue(rendered.contains { $0.contains("พระนครศรีอยุธยา") }, "\(rendered)")
    }

    func typesetterLines(_ text: String, width: Double) throws -> [TextLine] {
        try typesetter.lines(RichText(plain: text), .init(width: width, size: design.fontSize))
    }

    func testSignatureImageKeepsItsAspectRatio() throws {
        let png = try Fixture.temporaryFolder().appendingPathComponent("sign.png")
        try makePNG(width: 400, height: 100, at: png)
        let block = SignatureBlock(role: "ผู้รายงาน", name: "(นายทดสอบ ระบบ)", positions: ["ผู้อำนวยการ"], image: png)
        let withImage = try BlockLayout(design: design, typesetter: typesetter).signatureItem(block)
        var without = block
        without.image = nil
        let plain = try BlockLayout(design: design, typesetter: typesetter).signatureItem(without)
        XCTAssertEqual(withImage.height, plain.height, "the block lays out the same with or without an image")
        guard case let .image(_, _, _, width, height, _)? = withImage.elements.first(where: { if case .image = $0 { return true }; return false }) else {
            return XCTFail("no image placed")
        }
        XCTAssertEqual(width / height, 4, accuracy: 0.001)
        XCTAssertLessThanOrEqual(height, design.signature.imageHeight + 0.001)
    }

    // MARK: Pagination

    func line(keep: Bool = false, heading: Bool = false, text: String = "") -> FlowItem {
        var item = FlowItem(kind: .line, height: 20, spaceBefore: 0, elements: [], text: text)
        item.keepWithNext = keep
        item.isHeading = heading
        return item
    }

    func testHeadingIsNeverLastOnAPage() throws {
        // Room for 10 lines: 9 body lines, then a heading that would be the 10th.
        var items = (0..<9).map { line(text: "body \($0)") }
        items.append(line(keep: true, heading: true, text: "heading"))
        items += (0..<5).map { line(text: "after \($0)") }
        let pages = Paginator(height: 200).pages(items)
        XCTAssertEqual(pages[0].last?.item.text, "body 8")
        XCTAssertEqual(pages[1].first?.item.text, "heading")
    }

    func testHeadingKeepsTwoLinesOfWhatFollows() throws {
        let blocks: [Block] = (0..<3).map { _ in .paragraph(Paragraph(text: RichText(plain: String(repeating: "การประเมินคุณธรรม ", count: 30)), style: .body, depth: 0)) }
            + [.heading(Heading(level: 1, text: RichText(plain: "๒. หัวข้อ"), style: .heading1, inOutline: true)),
               .paragraph(Paragraph(text: RichText(plain: String(repeating: "ความโปร่งใส ", count: 40)), style: .body, depth: 0))]
        let items = try BlockLayout(design: design, typesetter: typesetter).items(for: blocks)
        let headingIndex = try XCTUnwrap(items.firstIndex { $0.isHeading })
        XCTAssertTrue(items[headingIndex].keepWithNext)
        XCTAssertTrue(items[headingIndex + 1].keepWithNext, "the heading takes its first two lines along")
        // Wherever the page ends, the heading is followed on its page by two lines.
        for height in stride(from: 150.0, through: 400, by: 11) {
            for page in Paginator(height: height).pages(items) {
                if let index = page.firstIndex(where: { $0.item.isHeading }) {
                    XCTAssertGreaterThanOrEqual(page.count - index, 3, "page height \(height)")
                }
            }
        }
    }

    func testParagraphLeavesNoSingleLineAtFootOrHead() throws {
        let paragraph = Block.paragraph(Paragraph(text: RichText(plain: String(repeating: "ความโปร่งใสในการดำเนินงาน ", count: 30)), style: .body, depth: 0))
        let items = try BlockLayout(design: design, typesetter: typesetter).items(for: [paragraph, paragraph])
        let firstLength = items.count / 2
        XCTAssertGreaterThan(firstLength, 5)
        func paragraphOf(_ index: Int) -> Int { index < firstLength ? 0 : 1 }
        func start(of paragraph: Int) -> Int { paragraph == 0 ? 0 : firstLength }
        func end(of paragraph: Int) -> Int { paragraph == 0 ? firstLength : items.count }
        var splits = 0
        for height in stride(from: 60.0, through: 300, by: 5) {
            var next = 0
            for page in Paginator(height: height).pages(items).dropLast() {
                next += page.count
                let before = paragraphOf(next - 1)
                guard paragraphOf(next) == before else { continue }
                splits += 1
                XCTAssertGreaterThanOrEqual(next - start(of: before), 2, "a single line at the foot, page height \(height)")
                XCTAssertGreaterThanOrEqual(end(of: before) - next, 2, "a single line at the head, page height \(height)")
            }
        }
        XCTAssertGreaterThan(splits, 10, "the test splits paragraphs")
    }

    func testSignatureNeverStandsAloneAtTheTopOfAPage() throws {
        var items = (0..<10).map { line(text: "body \($0)") }
        var signature = FlowItem(kind: .signature, height: 100, spaceBefore: 24, elements: [])
        signature.text = nil
        items.append(signature)
        // Mark the last two lines as BlockLayout does before a signature.
        items[8].keepWithNext = true
        items[9].keepWithNext = true
        let pages = Paginator(height: 220).pages(items)
        XCTAssertEqual(pages.count, 2)
        XCTAssertEqual(pages[1].map(\.item.kind), [.line, .line, .signature])
        XCTAssertEqual(pages[1].first?.item.text, "body 8")
        XCTAssertEqual(pages[1].first?.y, 0, "no space above the first item of a page")
    }

    func testTableHeaderRepeatsWhereTheTableContinues() throws {
        let items = try TableLayout(design: design, typesetter: typesetter, placement: LinePlacement(justification: .left))
            .items(for: try seedTable(), id: 1, structure: StructureTree())
        let pages = Paginator(height: items[0].height + 4 * items[1].height + 5).pages(items)
        XCTAssertGreaterThan(pages.count, 1)
        for page in pages {
            XCTAssertEqual(page.first?.item.kind, .tableHeader)
            XCTAssertGreaterThan(page.count, 1, "a header is never alone")
        }
    }

    func testSignatureBlockInTheExampleIsOnTheLastPageWithText() throws {
        let (document, _) = try RenderPipeline().layout(Fixture.example)
        let last = try XCTUnwrap(document.pages.last)
        XCTAssertGreaterThanOrEqual(last.bodyText.count, 2, "at least two lines of text come with the signature block")
    }

    // MARK: Two typesetters

    /// Lines set by the second typesetter (LinesFromTheEnd) are the lines one typesetter would have set, and the PDF
    /// embeds each font file once whichever Pango font map drew it. The helper is let finish first, so that the whole
    /// document is set from its lines, whatever the threads would have done.
    func testLinesFromTheSecondTypesetterAreTheSame() throws {
        let blocks = try RenderPipeline().blocks(for: Fixture.example)
        let alone = try LayoutEngine(design: design).layout(blocks)
        let helper = LinesFromTheEnd { [design] in try LayoutEngine(design: design!) }
        helper.begin(blocks.blocks)
        helper.waitUntilIdle()
        let engine = try LayoutEngine(design: design)
        let helped = try engine.layout(blocks, helper: helper)
        XCTAssertGreaterThan(engine.typesetter.borrowed?.lines.count ?? 0, 50, "the helper set the document's paragraphs")
        XCTAssertEqual(helped.pages.count, alone.pages.count)
        for (one, other) in zip(alone.pages, helped.pages) {
            XCTAssertEqual(one.elements.map(describe), other.elements.map(describe), "page \(one.number)")
        }
        let pdf = String(decoding: try PDFWriter().pdf(helped, info: blocks.info), as: UTF8.self)
        let single = String(decoding: try PDFWriter().pdf(alone, info: blocks.info), as: UTF8.self)
        XCTAssertEqual(pdf.components(separatedBy: "/FontFile2").count, single.components(separatedBy: "/FontFile2").count,
                       "each font file embedded once")
    }

    /// A page element as text, with a run's glyphs, their places and its font file (not its Pango font).
    func describe(_ element: PageElement) -> String {
        guard case let .text(run, x, baseline) = element else { return String(describing: element) }
        let glyphs = run.glyphs.map { "\($0.id)@\($0.x),\($0.y)" }.joined(separator: " ")
        return "\(run.text) \(x) \(baseline) \(run.width) \(run.font.fileIdentity) \(run.font.size) \(glyphs)"
    }

    // MARK: Helpers

    struct Extent { var left: Double, right: Double, baseline: Double }

    func lineExtents(_ elements: [PageElement]) -> [Extent] {
        var lines: [Double: Extent] = [:]
        for case let .text(run, x, baseline) in elements {
            let extent = lines[baseline] ?? Extent(left: x, right: x + run.width, baseline: baseline)
            lines[baseline] = Extent(left: min(extent.left, x), right: max(extent.right, x + run.width), baseline: baseline)
        }
        return lines.values.sorted { $0.baseline < $1.baseline }
    }
}

/// A plain white PNG of the given size, made with Cairo.
func makePNG(width: Int, height: Int, at url: URL) throws {
    let script = "import zlib,struct\nw,h=\(width),\(height)\nraw=b''.join(b'\\x00'+b'\\xff\\xff\\xff'*w for _ in range(h))\n"
        + "def chunk(t,d): return struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)&0xffffffff)\n"
        + "open('\(url.path)','wb').write(b'\\x89PNG\\r\\n\\x1a\\n'+chunk(b'IHDR',struct.pack('>IIBBBBB',w,h,8,2,0,0,0))+chunk(b'IDAT',zlib.compress(raw))+chunk(b'IEND',b''))\n"
    let result = try runTool("python3", ["-c", script])
    XCTAssertEqual(result.status, 0, result.stderr)
}
