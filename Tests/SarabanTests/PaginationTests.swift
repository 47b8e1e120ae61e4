import XCTest
@testable import SarabanBlocks
@testable import SarabanLayout
@testable import SarabanCLI

/// The typing rules that must hold on any document (issue "pagination and Thai line breaking"): each rule on a
/// case made to break it, then the rules together on a fixed part of the generated corpus, measured on the PDF.
final class PaginationTests: XCTestCase {
    var design: PageDesign!
    var engine: LayoutEngine!

    override func setUpWithError() throws {
        design = try PageDesign.load(contentsOf: Fixture.layout)
        engine = try LayoutEngine(design: design)
    }

    override func tearDown() {
        engine = nil
        design = nil
    }

    func lines(_ text: String, width: Double, typesetter: Typesetter? = nil) throws -> [TextLine] {
        try (typesetter ?? engine.typesetter).lines(RichText(plain: text), .init(width: width, size: design.fontSize))
    }

    // MARK: Line breaking

    func testAddressBreaksOnlyAfterItsSeparators() throws {
        let url = "https://www.example.go.th/ita/oit/2567/index.html?year=2567&part=oit"
        let text = "เผยแพร่ข้อมูลผ่านเว็บไซต์ \(url) และอีเมล saraban.integrity@example.go.th ทุกไตรมาส"
        // From the narrowest line that holds the longest piece between two separators ("integrity@example.").
        for width in stride(from: 130.0, through: 300, by: 7) {
            let broken = try lines(text, width: width)
            for (line, next) in zip(broken, broken.dropFirst()) {
                let end = line.text.trimmingCharacters(in: .whitespaces)
                guard !line.text.hasSuffix(" "), let last = end.last, last.isASCII, next.text.first?.isASCII == true else { continue }
                XCTAssertFalse(end.hasSuffix("https:") || end.hasSuffix("https:/") || end.hasSuffix("https://"),
                               "broken inside or right after the scheme at \(width) pt: \(end)|\(next.text)")
                XCTAssertTrue("/.-_?&=@".contains(last), "broken after \"\(last)\" at \(width) pt: \(end)|\(next.text)")
            }
        }
    }

    func testProvinceAndPositionWordsAreNeverBroken() throws {
        let text = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพระนครศรีอยุธยา เขต ๒ โดยผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาลงนาม"
        for width in stride(from: 120.0, through: 420, by: 5) {
            let broken = try lines(text, width: width)
            for (line, next) in zip(broken, broken.dropFirst()) {
                for word in ["พระนครศรีอยุธยา", "ผู้อำนวยการ", "ลงนาม"] {
                    let joined = line.text + next.text
                    if joined.contains(word), !line.text.contains(word), !next.text.contains(word),
                       (1..<word.count).contains(where: { line.text.hasSuffix(String(word.prefix($0))) && next.text.hasPrefix(String(word.dropFirst($0))) }) {
                        XCTFail("\(word) broken at \(width) pt: \(line.text)|\(next.text)")
                    }
                }
            }
        }
    }

    /// The example's paragraphs, set without the runt rule, leave runts ("นี้", "ทราบ" alone); with the layout's
    /// rule, none is left.
    func testRuntsAreAvoidedByTheBreaker() throws {
        let blocks = try RenderPipeline().blocks(for: Fixture.example)
        let paragraphs = blocks.blocks.compactMap { block -> RichText? in
            if case .paragraph(let paragraph) = block, paragraph.style == .body { return paragraph.text }
            return nil
        } + blocks.blocks.flatMap { block -> [RichText] in
            if case .list(let list) = block { return list.entries.map(\.text) }
            return []
        }
        let width = design.textWidth - 2 * pointsPerCentimetre
        let plain = try Typesetter(families: design.fontFamilies, compounds: design.lineBreaking.compounds,
                                   noBreak: design.lineBreaking.noBreak)
        func runts(_ typesetter: Typesetter) throws -> Int {
            try paragraphs.filter { text in
                let set = try typesetter.lines(text, .init(width: width, size: design.fontSize))
                guard set.count > 1, let last = set.last else { return false }
                return last.width < design.lineBreaking.runt.minShare * width
            }.count
        }
        XCTAssertGreaterThan(try runts(plain), 0, "the example has runt-prone paragraphs")
        XCTAssertEqual(try runts(engine.typesetter), 0)
    }

    func testNoJustifiedLineOpensAHole() throws {
        // One space on a line whose next word is a long address: justified, the space would open to several em.
        let text = "ให้ส่งทางไปรษณีย์อิเล็กทรอนิกส์ saraban.integrity.transparency@example.go.th ภายในวันที่กำหนด"
        let placement = LinePlacement(design: design)
        for width in stride(from: 200.0, through: 420, by: 4) {
            for line in try lines(text, width: width) where !line.endsParagraph {
                let runs = placement.opensHole(line, available: width, size: design.fontSize) ? line.runs
                    : placement.stretch(line, to: width, size: design.fontSize)
                XCTAssertLessThan(LinePlacement.widestSpace(runs, before: width), design.fontSize, "a hole at \(width) pt: \(line.text)")
            }
        }
    }

    // MARK: Pagination

    func line(keep: Bool = false, heading: Bool = false, text: String) -> FlowItem {
        var item = FlowItem(kind: .line, height: 20, spaceBefore: 0, elements: [], text: text)
        item.keepWithNext = keep
        item.isHeading = heading
        return item
    }

    /// A heading, a second heading and a label landing at a page's foot go together to the next page, with
    /// two lines of what follows.
    func testHeadingChainAtAPageFootMovesWhole() throws {
        let blocks: [Block] = [
            .paragraph(Paragraph(text: RichText(plain: String(repeating: "การประเมินคุณธรรมและความโปร่งใส ", count: 60)), style: .body, depth: 0)),
            .heading(Heading(level: 2, text: RichText(plain: "๒.๒ การกำหนดมาตรการ"), style: .heading2, inOutline: true)),
            .heading(Heading(level: 3, text: RichText(plain: "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล"), style: .heading3, inOutline: true)),
            .heading(Heading(level: 4, text: RichText(plain: "ผลการวิเคราะห์", bold: true), style: .label, inOutline: false)),
            .paragraph(Paragraph(text: RichText(plain: String(repeating: "ความโปร่งใสในการดำเนินงาน ", count: 30)), style: .body, depth: 0)),
        ]
        let items = try BlockLayout(design: design, typesetter: engine.typesetter).items(for: blocks)
        let firstBody = items.firstIndex { $0.isHeading }!
        // Pages whose foot falls on each of the heading chain's lines, and on the first line after it.
        for extra in 0...4 {
            let height = items[..<(firstBody + extra)].reduce(0) { $0 + $1.height + $1.spaceBefore } + 1
            let pages = Paginator(height: height).pages(items)
            for page in pages.dropLast() {
                XCTAssertFalse(page.last!.item.isHeading, "a heading ends a page (foot after item \(firstBody + extra))")
            }
            let withHeadings = pages.first { $0.contains { $0.item.isHeading } }!
            let afterChain = withHeadings.drop { !$0.item.isHeading }.drop { $0.item.isHeading }
            XCTAssertGreaterThanOrEqual(afterChain.count, 2, "the chain comes with two lines of what follows")
        }
    }

    /// Lines that must stay together go to the next page whole when they fit there; a chain taller than a page (a
    /// committee member whose duties run over a page) cannot, so it starts where it is instead of leaving a gap.
    func testChainTallerThanAPageStartsWhereItIs() {
        func line(keepWithNext: Bool = false) -> FlowItem {
            var item = FlowItem(kind: .line, height: 10, spaceBefore: 0, elements: [])
            item.keepWithNext = keepWithNext
            return item
        }
        func chain(_ count: Int) -> [FlowItem] { (0..<count).map { line(keepWithNext: $0 < count - 1) } }
        let free = (0..<5).map { _ in line() }
        let fitting = Paginator(height: 100).pages(free + chain(6) + [line()])
        XCTAssertEqual(fitting.map(\.count), [5, 7], "a chain that fits a page moves to it whole")
        let tall = Paginator(height: 100).pages(free + chain(15) + [line()])
        XCTAssertEqual(tall.map(\.count), [10, 10, 1], "a chain taller than a page fills the page it starts on")
    }

    func testListItemKeepsWithItsFirstSubItem() throws {
        let entries = [ListEntry(marker: "๕)", text: RichText(plain: "การสำรวจความคิดเห็น"), children: []),
                       ListEntry(marker: "๖)", text: RichText(plain: "การรายงานผล"),
                                 children: [ListEntry(marker: "-", text: RichText(plain: "รายงานผลการปรับปรุงให้ผู้มีส่วนได้ส่วนเสียทราบ"), children: [])])]
        let items = try BlockLayout(design: design, typesetter: engine.typesetter).listItems(entries, depth: 0, under: StructureTree.root)
        let six = items.firstIndex { $0.text?.hasPrefix("๖)") == true }!
        XCTAssertTrue(items[six].keepWithNext, "๖) is never alone at a page's foot with its sub-item on the next page")
    }

    /// A table whose page break would leave one body row, or the summary rows alone, moves the break.
    func testTableEndingTwoRowsAfterAPageBreak() throws {
        let rows = (1...10).map { TableRow([TableCell(RichText(plain: "\($0)"), column: 0), TableCell(RichText(plain: "แถว \($0)"), column: 1)]) }
            + [TableRow([TableCell(RichText(plain: "รวม"), column: 0, columnSpan: 2)], isSummary: true),
               TableRow([TableCell(RichText(plain: "ระดับ"), column: 0, columnSpan: 2)], isSummary: true)]
        let table = Table(columns: ["number", "indicator"], header: TableRow([TableCell(RichText(plain: "ลำดับ"), column: 0),
                                                                             TableCell(RichText(plain: "ตัวชี้วัด"), column: 1)]),
                          rows: rows)
        let items = try TableLayout(design: design, typesetter: engine.typesetter, placement: LinePlacement(design: design))
            .items(for: table, id: 1, structure: StructureTree())
        let row = items[1].height
        // From the smallest page that holds the rows that must stay together (two body rows, then the summary).
        for fitting in 4...12 {
            let pages = Paginator(height: items[0].height + Double(fitting) * row + 1).pages(items)
            for page in pages {
                let body = page.filter { $0.item.kind == .tableRows && !rows[$0.item.tableRow!].isSummary }
                XCTAssertGreaterThanOrEqual(body.count, min(2, rows.count), "a part with \(body.count) body rows (\(fitting) rows a page)")
            }
        }
    }

    /// Where the layout file puts the page number's and the continuation word's baselines, the PDF has them.
    func testPageNumberAndContinuationBaselinesAreWhereTheLayoutSays() throws {
        let pdf = try Fixture.temporaryFolder().appendingPathComponent("example.pdf")
        XCTAssertEqual(try runTool(Fixture.binary.path, ["render", Fixture.example.path, "-o", pdf.path, "-q"]).status, 0)
        let stext = try runTool("mutool", ["draw", "-F", "stext", "-o", "-", pdf.path, "2"]).stdout
        let baselines = stext.components(separatedBy: " y=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        let top = try XCTUnwrap(baselines.min()), bottom = try XCTUnwrap(baselines.max())
        XCTAssertEqual(top, design.pageNumber.baseline, accuracy: 0.5, "page number baseline \(top / pointsPerCentimetre) cm from the top")
        XCTAssertEqual(top / pointsPerCentimetre, 1.5, accuracy: 0.02, "the layout file says 1.5 cm")
        let continuation = try XCTUnwrap(design.continuation)
        XCTAssertEqual(bottom, design.pageHeight - continuation.bottom, accuracy: 0.5, "continuation word's baseline")
    }

    // MARK: The corpus, measured on the PDF

    /// A fixed part of the corpus (`make corpus` makes all of it) and the example: the report agrees with what
    /// `measure_pdf.py` reads from the PDF, and the targets hold.
    func testCorpusTargetsAndReportAgreeWithThePDF() throws {
        let folder = try Fixture.temporaryFolder()
        try runTool("python3", [Fixture.root.appendingPathComponent("Tests/corpus.py").path, folder.path, "60"])
        let documents = [1, 7, 12, 33, 47, 54].map { folder.appendingPathComponent(String(format: "corpus-%03d.yaml", $0)) } + [Fixture.example]
        for document in documents {
            let pdf = folder.appendingPathComponent(document.deletingPathExtension().lastPathComponent + ".pdf")
            let rendered = try runTool(Fixture.binary.path, ["render", document.path, "-o", pdf.path, "-q", "--report", "--format", "json"])
            XCTAssertEqual(rendered.status, 0, rendered.stderr)
            let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(rendered.stdout.utf8)) as? [String: Any])
            let measured = try runTool("python3", [Fixture.root.appendingPathComponent("Tests/measure_pdf.py").path, Fixture.layout.path, pdf.path])
            XCTAssertEqual(measured.status, 0, measured.stderr)
            let pdfFigures = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(measured.stdout.split(separator: "\n")[0].utf8)) as? [String: Any])
            let name = document.lastPathComponent
            for (key, value) in pdfFigures where key != "file" {
                switch (value, report[key]) {
                case let (pdf as [Any], ours as [Any]): XCTAssertEqual(ours.count, pdf.count, "\(name) \(key): \(ours) against the PDF's \(pdf)")
                case let (pdf as Double, ours as Double): XCTAssertEqual(ours, pdf, accuracy: 0.011, "\(name) \(key)")
                case let (pdf as Int, ours as Int): XCTAssertEqual(ours, pdf, "\(name) \(key)")
                default: XCTFail("\(name) \(key): the report gives \(String(describing: report[key])), the PDF \(value)")
                }
            }
            for key in ["stranded_headings", "runts", "unit_splits", "url_splits", "bad_continuations", "words_cut_between_letters"] {
                XCTAssertEqual((report[key] as? [Any])?.count, 0, "\(name) \(key): \(String(describing: report[key]))")
            }
            XCTAssertEqual(report["outside_text_area"] as? Int, 0, name)
            XCTAssertLessThan(try XCTUnwrap(report["widest_space_em"] as? Double), 1, name)
            XCTAssertLessThanOrEqual(try XCTUnwrap(report["widest_gap_inside_word_em"] as? Double), 0.101, name)
            let splits = (report["compound_splits"] as? [Any])?.count ?? 0, ends = report["thai_line_ends"] as? Int ?? 0
            XCTAssertLessThanOrEqual(Double(splits), 0.05 * Double(ends), "\(name): \(splits) compound splits in \(ends) line ends")
            XCTAssertTrue((report["table_parts"] as? [Int] ?? []).allSatisfy { $0 >= 2 }, "\(name): \(String(describing: report["table_parts"]))")
        }
    }
}
