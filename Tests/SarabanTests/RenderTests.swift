import XCTest
@testable import SarabanITA
@testable import SarabanBlocks
@testable import SarabanCLI
@testable import SarabanPDF
import PDFSyntax

/// Renders the example and checks the PDF as a reader would: its text, fonts, structure, page numbers, outline.
final class RenderTests: XCTestCase {
    /// "- ๒ -" and the word joiner after it that keeps text extraction from reading its dash as a hyphen (MuPDF
    /// drops the joiner).
    static let pageNumberLine = try! NSRegularExpression(pattern: #"^- [๐-๙0-9]+ -\x{2060}?$"#)
    static let continuationLine = try! NSRegularExpression(pattern: #"^/\S+\.\.\.$"#)

    func render(_ input: URL, to name: String = "out.pdf") throws -> URL {
        let output = try Fixture.temporaryFolder().appendingPathComponent(name)
        try RenderPipeline().render(input, to: output)
        return output
    }

    func text(of pdf: URL, page: Int? = nil, layout: Bool = false) throws -> String {
        var arguments = ["-enc", "UTF-8"]
        if let page { arguments += ["-f", String(page), "-l", String(page)] }
        if layout { arguments.append("-layout") }
        let result = try runTool("pdftotext", arguments + [pdf.path, "-"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    /// The body text: the page numbers and the continuation words taken out.
    func bodyText(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{0C}", with: "\n").components(separatedBy: "\n").filter { line in
            let trimmed = line.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\u{0C}")))
            let range = NSRange(trimmed.startIndex..., in: trimmed)
            return Self.pageNumberLine.firstMatch(in: trimmed, range: range) == nil
                && Self.continuationLine.firstMatch(in: trimmed, range: range) == nil
        }.joined(separator: "\n")
    }

    // MARK: The example

    /// Read with pdftotext's layout mode: its plain mode sets a column of list markers ("-") apart from their items.
    func testExampleTextRoundTrips() throws {
        let pdf = try render(Fixture.example)
        let extracted = bodyText(try text(of: pdf, layout: true)).withoutWhiteSpace
        let blocks = try RenderPipeline().blocks(for: Fixture.example)

        // The score table runs over two pages; its header row, and the cells spanning rows that continue, are
        // repeated there: those copies are the only text the PDF adds to the data.
        let header = try XCTUnwrap(blocks.blocks.lazy.compactMap { block -> String? in
            if case .table(let table) = block { return table.header.cells.map(\.text.plainText).joined() }
            return nil
        }.first).withoutWhiteSpace

        // Every block's text, in reading order (the table's cells are checked by the count below).
        var cursor = extracted.startIndex
        for piece in readingOrder(blocks.blocks) {
            let wanted = piece.withoutWhiteSpace
            guard let found = extracted.range(of: wanted, range: cursor..<extracted.endIndex) else {
                XCTFail("not found in order in the PDF's text: \(piece)")
                return
            }
            cursor = found.upperBound
        }

        // Nothing lost, changed or added: the same characters, the same number of times.
        let repeated = try RenderPipeline().layout(Fixture.example).0.pages.flatMap(\.repeatedText).joined()
        XCTAssertEqual(repeated.withoutWhiteSpace.components(separatedBy: header).count - 1, 1, "the header is repeated once")
        let expected = allText(blocks.blocks).withoutWhiteSpace + repeated.withoutWhiteSpace
        XCTAssertEqual(characterCounts(extracted), characterCounts(expected))
        XCTAssertEqual(extracted.count, expected.count)
    }

    func testEveryDataTextAppearsInOrder() throws {
        let pdf = try render(Fixture.example)
        let extracted = bodyText(try text(of: pdf, layout: true)).withoutWhiteSpace
        let document = try MeasuresDocument.load(contentsOf: Fixture.example)
        let sheet = try document.scoreSheet(framework: RenderPipeline.framework(for: document.year))
        let placeholders = Placeholders(document: document, sheet: sheet)
        var cursor = extracted.startIndex
        for field in document.allTexts {
            let wanted = ThaiNumerals.convert(try placeholders.expand(field)).replacingOccurrences(of: "**", with: "").withoutWhiteSpace
            guard let found = extracted.range(of: wanted, range: cursor..<extracted.endIndex) else {
                XCTFail("\(field.location) \(field.field): not found in order in the PDF: \(field.value)")
                return
            }
            cursor = found.upperBound
        }
    }

    /// Text as officials type it, in every kind: a long run of Thai without a space, an address, marks and symbols, a
    /// tab, a zero-width space, a no-break space. Each comes back from the PDF whole (white space and the invisible
    /// zero-width space aside, and page numbers and continuation words taken out).
    func testOddTextsComeBackFromEveryKind() throws {
        let odd = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐประจำปีงบประมาณพุทธศักราชสองพันห้าร้อยหกสิบเจ็ด"
            + " ดูที่ https://www.example.go.th/ita/oit?part=open&lang=th ฯลฯ ๆ “อ้างอิง” ‘เดี่ยว’ — <ก> & ข\\tแท็บ ศูนย์\\u200Bช่อง ไม่\\u00A0แยก"
        let typed = odd.replacingOccurrences(of: "\\t", with: "\t").replacingOccurrences(of: "\\u200B", with: "\u{200B}")
            .replacingOccurrences(of: "\\u00A0", with: "\u{00A0}")
        let examples = Fixture.root.appendingPathComponent("Examples")
        var inputs = [try Fixture.exampleVariant(replacing: "      - text: พัฒนาระบบและเครื่องมือการเปิดเผยข้อมูล", with: "      - text: \"\(odd)\"")]
        for kind in ["memo-measures-approval", "letter-measures-to-nacc", "order-ita-working-group", "announcement-ita-measures"] {
            let yaml = try String(contentsOf: examples.appendingPathComponent(kind + ".yaml"), encoding: .utf8)
            inputs.append(try Fixture.dataFileBesideTheReport(yaml.replacingOccurrences(of: "\nbody:\n", with: "\nbody:\n  - \"\(odd)\"\n"),
                                                              name: kind + ".yaml"))
        }
        let wanted = typed.replacingOccurrences(of: "\u{200B}", with: "").withoutWhiteSpace
        for input in inputs {
            let pdf = try render(input)
            let extracted = bodyText(try text(of: pdf)).replacingOccurrences(of: "\u{200B}", with: "").withoutWhiteSpace
            XCTAssertTrue(extracted.contains(wanted), "\(input.lastPathComponent): the odd text is not whole in the PDF")
        }
    }

    /// MuPDF reads glyph by glyph (it ignores /ActualText): the same characters, in order.
    func testExampleTextRoundTripsThroughMuPDF() throws {
        let pdf = try render(Fixture.example)
        let result = try runTool("mutool", ["draw", "-F", "txt", "-o", "-", pdf.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let extracted = bodyText(result.stdout).withoutWhiteSpace
        let blocks = try RenderPipeline().blocks(for: Fixture.example)
        var cursor = extracted.startIndex
        for piece in readingOrder(blocks.blocks) {
            guard let found = extracted.range(of: piece.withoutWhiteSpace, range: cursor..<extracted.endIndex) else {
                return XCTFail("MuPDF does not give back, in order: \(piece)")
            }
            cursor = found.upperBound
        }
        let repeated = try RenderPipeline().layout(Fixture.example).0.pages.flatMap(\.repeatedText).joined()
        XCTAssertEqual(characterCounts(extracted), characterCounts(allText(blocks.blocks).withoutWhiteSpace + repeated.withoutWhiteSpace))
    }

    /// No space is added inside a run of text that the data writes without one: every space-free stretch of
    /// every paragraph comes back whole from pdftotext (layout mode) and MuPDF, justification on.
    func testNoSpaceAddedInsideWords() throws {
        let pdf = try render(Fixture.example)
        let blocks = try RenderPipeline().blocks(for: Fixture.example)
        let chunks = readingOrder(blocks.blocks).flatMap { $0.split(separator: " ").map(String.init) }
        XCTAssertGreaterThan(chunks.count, 300)
        for (tool, arguments) in [("pdftotext", ["-layout", pdf.path, "-"]), ("mutool", ["draw", "-F", "txt", "-o", "-", pdf.path])] {
            // Lines joined with nothing between them: a line break is not a space in Thai.
            let joined = bodyText(try runTool(tool, arguments).stdout).components(separatedBy: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces) }.joined()
            let missing = chunks.filter { !joined.contains($0) }
            XCTAssertTrue(missing.isEmpty, "\(tool) splits \(missing.count) of \(chunks.count), such as \(missing.prefix(5))")
        }
    }

    func testFontsAreEmbedded() throws {
        let pdf = try render(Fixture.example)
        let result = try runTool("pdffonts", [pdf.path])
        let rows = result.stdout.components(separatedBy: "\n").dropFirst(2).filter { !$0.isEmpty }
        XCTAssertFalse(rows.isEmpty)
        for row in rows {
            let columns = row.split(separator: " ").map(String.init)
            XCTAssertTrue(columns[0].contains("+Laksaman") || columns[0].contains("+TH"), row)
            // name type encoding emb sub uni: emb and sub are "yes".
            XCTAssertEqual(columns[columns.count - 5], "yes", "not embedded: \(row)")
            XCTAssertEqual(columns[columns.count - 4], "yes", "not subset: \(row)")
        }
    }

    /// The report's layout file set in `family` alone, written into `folder`.
    func layoutFile(family: String, in folder: URL) throws -> URL {
        let layout = folder.appendingPathComponent("layout.yaml")
        let design = try String(contentsOf: Fixture.root.appendingPathComponent("Layouts/ita-measures.yaml"), encoding: .utf8)
        try Data(design.replacingOccurrences(of: "families: [TH Sarabun New, TH SarabunPSK, Laksaman]", with: "families: [\(family)]").utf8)
            .write(to: layout)
        return layout
    }

    /// A font with PostScript (CFF) outlines is embedded as what it is, an OpenType CIDFont (`FontFile3`,
    /// `/Subtype /OpenType`), not as TrueType: poppler and MuPDF read it without complaint and give back the same
    /// text as the TrueType build of the same font.
    func testPostScriptOutlinedFontsAreEmbeddedAsOpenType() throws {
        let folder = try Fixture.temporaryFolder()
        let fonts = folder.appendingPathComponent("fonts")
        let made = try runTool("python3", [Fixture.root.appendingPathComponent("Tests/tools/cff-font.py").path, fonts.path])
        XCTAssertEqual(made.status, 0, "Tests/tools/cff-font.py needs apt-get download and fontTools (make test installs it): " + made.stderr)
        let layout = try layoutFile(family: "LaksamanCFF", in: folder)
        let pdf = folder.appendingPathComponent("cff.pdf")
        let rendered = try runTool(Fixture.binary.path, ["render", "-q", Fixture.example.path, "--layout", layout.path, "--fonts", fonts.path, "-o", pdf.path])
        XCTAssertEqual(rendered.status, 0, rendered.stderr)
        let rows = try runTool("pdffonts", [pdf.path]).stdout.components(separatedBy: "\n").dropFirst(2).filter { !$0.isEmpty }
        XCTAssertEqual(rows.count, 2, rows.joined(separator: "\n"))
        for row in rows {
            let columns = row.split(separator: " ").map(String.init)
            // name, type, encoding, then emb sub uni: all three "yes".
            XCTAssertTrue(row.contains("+LaksamanCFF") && row.contains("CID Type 0C (OT)") && columns.suffix(5).prefix(3) == ["yes", "yes", "yes"], row)
        }
        XCTAssertEqual(try runTool("qpdf", ["--check", pdf.path]).status, 0)
        let extracted = try runTool("pdftotext", ["-enc", "UTF-8", pdf.path, "-"])
        XCTAssertFalse(extracted.stderr.contains("Mismatch"), extracted.stderr)
        let trueType = try text(of: try render(Fixture.example))
        XCTAssertEqual(extracted.stdout.withoutWhiteSpace, trueType.withoutWhiteSpace)
        let drawn = try runTool("mutool", ["draw", "-q", "-o", folder.appendingPathComponent("page.png").path, pdf.path, "1"])
        XCTAssertEqual(drawn.status, 0)
        XCTAssertEqual(drawn.stderr.components(separatedBy: "\n").filter { !$0.isEmpty && !$0.contains("ICC support") }, [])
        // PDF/A-1b (PDF 1.4) has no OpenType font files: refused, with what to do.
        let archival = try runTool(Fixture.binary.path, ["render", "-q", Fixture.example.path, "--layout", layout.path, "--fonts", fonts.path,
                                                         "--pdfa", "1b", "-o", folder.appendingPathComponent("a1b.pdf").path])
        assertRefused(archival, saying: "PDF/A-1b cannot carry the OpenType (.otf) font LaksamanCFF", madeNothingAt: folder.appendingPathComponent("a1b.pdf"))
    }

    /// A family with no bold face (fontconfig then asks for the regular one emboldened): bold text is drawn heavier
    /// in the PDF too, as Pango's own drawing does it. The title, which is bold, has visibly more ink than the same
    /// page with the emboldening taken out of its content.
    func testBoldFromAFamilyWithoutABoldFaceIsDrawnBold() throws {
        let folder = try Fixture.temporaryFolder()
        let fonts = folder.appendingPathComponent("fonts")
        try FileManager.default.createDirectory(at: fonts, withIntermediateDirectories: true)
        // Laksaman's regular face alone, renamed so that fontconfig cannot find its bold face.
        let renamed = try runTool("python3", [Fixture.root.appendingPathComponent("Tests/tools/rename_font.py").path,
                                              "/usr/share/fonts/truetype/tlwg/Laksaman.ttf", "Laksaman", "LaksamanSolo",
                                              fonts.appendingPathComponent("LaksamanSolo.ttf").path])
        XCTAssertEqual(renamed.status, 0, renamed.stderr)
        let layout = try layoutFile(family: "LaksamanSolo", in: folder)
        let pdf = folder.appendingPathComponent("solo.pdf"), unbold = folder.appendingPathComponent("unbold.pdf")
        let rendered = try runTool(Fixture.binary.path, ["render", "-q", Fixture.example.path, "--layout", layout.path, "--fonts", fonts.path, "-o", pdf.path])
        XCTAssertEqual(rendered.status, 0, rendered.stderr)
        let strip = "import pikepdf,sys\np=pikepdf.open(sys.argv[1])\npage=p.pages[0]\n"
            + "page.Contents.write(page.Contents.read_bytes().replace(b'2 Tr',b'0 Tr'))\np.save(sys.argv[2])\n"
        XCTAssertEqual(try runTool("python3", ["-c", strip, pdf.path, unbold.path]).status, 0)
        func titleInk(_ file: URL) throws -> Int {
            let crop = folder.appendingPathComponent(file.deletingPathExtension().lastPathComponent + "-title")
            XCTAssertEqual(try runTool("pdftoppm", ["-gray", "-r", "72", "-f", "1", "-l", "1", "-x", "0", "-y", "60", "-W", "595", "-H", "60",
                                                   "-singlefile", file.path, crop.path]).status, 0)
            let image = try Data(contentsOf: crop.appendingPathExtension("pgm"))
            // A binary PGM: three header lines, then one byte a pixel.
            var newlines = 0
            let start = image.firstIndex { byte in
                if byte == 0x0A { newlines += 1 }
                return newlines == 3
            }.map { $0 + 1 } ?? image.count
            return image[start...].filter { $0 < 128 }.count
        }
        let bold = try titleInk(pdf), regular = try titleInk(unbold)
        XCTAssertGreaterThan(Double(bold), 1.15 * Double(regular), "the bold title is drawn heavier: \(bold) against \(regular) dark pixels")
    }

    func testQPDFCheckPasses() throws {
        let pdf = try render(Fixture.example)
        let result = try runTool("qpdf", ["--check", pdf.path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("No syntax or stream encoding errors"), result.stdout)
    }

    /// The streams are deflated at saraban's level, not zlib's default (`Deflate.level`): every compressed stream of
    /// the PDF, inflated and deflated again at that level, gives back the same bytes.
    func testStreamsUseSarabansCompressionLevel() throws {
        let bytes = [UInt8](try Data(contentsOf: try render(Fixture.example)))
        let structure = try PDFStructure(bytes, file: "example")
        var compared = 0
        for offset in structure.offsets.values {
            var parser = PDFParser(bytes, at: offset)
            guard let dictionary = try parser.indirectObject().object.dictionary,
                  dictionary["Filter"]?.name == "FlateDecode" else { continue }
            let streamLength = try XCTUnwrap(try structure.resolve(dictionary["Length"])?.integer)
            parser.skipWhite()
            XCTAssertEqual(parser.keyword(), "stream")
            let start = bytes[parser.position] == 0x0D ? parser.position + 2 : parser.position + 1
            let stored = Array(bytes[start..<start + streamLength])
            XCTAssertEqual(try Deflate.deflate(try Inflate.inflate(stored)), stored, "object at byte \(offset)")
            compared += 1
        }
        XCTAssertGreaterThan(compared, 10, "the example's pages and fonts are compressed streams")
        XCTAssertEqual(Deflate.level, 3)
    }

    func testPageNumbersFromPageTwo() throws {
        let pdf = try render(Fixture.example)
        let pages = try text(of: pdf, layout: true).components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        XCTAssertEqual(pages.count, Int(try runTool("pdfinfo", [pdf.path]).stdout.components(separatedBy: "\n")
            .first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? ""))
        XCTAssertGreaterThan(pages.count, 5)
        for (index, page) in pages.enumerated() {
            let first = page.components(separatedBy: "\n").first { !$0.isEmpty }?.trimmingCharacters(in: .whitespaces) ?? ""
            if index == 0 {
                XCTAssertFalse(first.hasPrefix("- "), "page 1 carries no number")
            } else {
                XCTAssertEqual(first, "- \(ThaiNumerals.thaiDigits(String(index + 1))) -\u{2060}")
            }
        }
        // pdftotext's plain mode reads a "-" ending a line as a hyphen and joins the next line to it: the word
        // joiner after the number's closing dash keeps the number a line of its own ("- ๒ จึงเรียน…" before it).
        let plain = try text(of: pdf).components(separatedBy: CharacterSet(charactersIn: "\n\u{0C}"))
        for page in 2...pages.count {
            XCTAssertTrue(plain.contains("- \(ThaiNumerals.thaiDigits(String(page))) -\u{2060}"), "page \(page)")
        }
        XCTAssertFalse(plain.contains { $0.hasPrefix("- ") && $0.count > 8 && $0.dropFirst(2).first?.isNumber == true },
                       plain.filter { $0.hasPrefix("- ") }.joined(separator: "\n"))
    }

    func testOutlineListsTheHeadings() throws {
        let pdf = try render(Fixture.example)
        let outline = try runTool("mutool", ["show", pdf.path, "outline"]).stdout
        for heading in ["๑. ผลการวิเคราะห์ผลการประเมิน", "๒. วิธีการนำผลการวิเคราะห์", "๒.๑ การกำหนดมาตรการ",
                        "ตัวชี้วัดย่อยที่ ๙.๕ การส่งเสริมความโปร่งใส ได้คะแนน ๗๕ คะแนน", "๓.๒ ด้านทรัพยากรบุคคล",
                        "๔. ข้อเสนอแนะ", "๔.๒ ข้อเสนอแนะระดับปฏิบัติ"] {
            XCTAssertTrue(outline.contains(heading), "outline lacks \(heading):\n\(outline)")
        }
    }

    func testMetadata() throws {
        let pdf = try render(Fixture.example)
        let info = try runTool("pdfinfo", [pdf.path], environment: ["SOURCE_DATE_EPOCH": "1700000000"]).stdout
        XCTAssertTrue(info.contains("Author:          สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2"), info)
        XCTAssertTrue(info.contains("Title:           มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"), info)
        XCTAssertTrue(info.contains("Keywords:        ITA"), info)
        XCTAssertTrue(info.contains("Subject:         ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ปีงบประมาณ พ.ศ. 2566"), info)
    }

    func testCreationDateFromTheData() throws {
        let url = try Fixture.exampleVariant(replacing: "measures_year: 2567 ", with: "date: 2023-11-20\nmeasures_year: 2567 ")
        let info = try runTool("pdfinfo", ["-isodates", try render(url).path]).stdout
        XCTAssertTrue(info.contains("CreationDate:    2023-11-20T00:00:00"), info)
    }

    /// `render` keeps its session and pages until the process exits instead of freeing them; the PDF is the same, and
    /// a pipeline that does not ask (a batch's, the web server's) keeps nothing.
    func testARenderKeepsWhatItMadeOnlyWhenAsked() throws {
        let folder = try Fixture.temporaryFolder()
        let freed = folder.appendingPathComponent("freed.pdf"), kept = folder.appendingPathComponent("kept.pdf")
        let before = KeptUntilExit.count
        try RenderPipeline().render(Fixture.example, to: freed)
        XCTAssertEqual(KeptUntilExit.count, before)
        var keeping = RenderPipeline()
        keeping.keepsUntilExit = true
        try keeping.render(Fixture.example, to: kept)
        XCTAssertGreaterThan(KeptUntilExit.count, before)
        // The same bytes but for the moment each was written (its date, and the file's digest of it).
        XCTAssertEqual(try Data(contentsOf: freed).count, try Data(contentsOf: kept).count)
        XCTAssertEqual(try text(of: freed, layout: true), try text(of: kept, layout: true))
    }

    /// Without a date in the data, the PDF is dated by SOURCE_DATE_EPOCH, else by the moment it is written, in UTC.
    func testCreationDateWithoutOneInTheData() throws {
        XCTAssertEqual(PDFWriter.iso8601(secondsSince1970: 1_700_000_000), "2023-11-14T22:13:20Z")
        XCTAssertEqual(PDFWriter.iso8601(secondsSince1970: 951_782_399), "2000-02-28T23:59:59Z")
        XCTAssertEqual(PDFWriter.iso8601(secondsSince1970: 951_782_400), "2000-02-29T00:00:00Z")
        XCTAssertEqual(PDFWriter.iso8601(secondsSince1970: 0), "1970-01-01T00:00:00Z")
        try XCTSkipIf(PDFWriter.sourceDateEpoch() != nil, "SOURCE_DATE_EPOCH is set for the tests: a render is dated by it")
        let before = Date()
        let written = try runTool("pdfinfo", ["-isodates", try render(Fixture.example).path]).stdout
        let stamp = try XCTUnwrap(written.split(separator: "\n").first { $0.hasPrefix("CreationDate:") })
        let parsed = try XCTUnwrap(ISO8601DateFormatter().date(from: String(stamp.dropFirst("CreationDate:".count)).trimmingCharacters(in: .whitespaces)), String(stamp))
        XCTAssertLessThanOrEqual(abs(parsed.timeIntervalSince(before)), 120, String(stamp))
    }

    func testGeneratedNumbersComeFromTheScores() throws {
        let page = bodyText(try text(of: render(Fixture.example), layout: true))
        let flat = page.withoutWhiteSpace
        XCTAssertTrue(flat.contains("ได้คะแนน๙๔.๙๖ซึ่งถือว่ามีคุณธรรมและความโปร่งใสในการดำเนินงานอยู่ในระดับA"))
        XCTAssertTrue(flat.contains("โดยตัวชี้วัดที่๑๐การป้องกันการทุจริตได้คะแนนสูงสุด๑๐๐คะแนน"))
        XCTAssertTrue(flat.contains("ตัวชี้วัดย่อยที่๙.๕การส่งเสริมความโปร่งใสได้คะแนน๗๕คะแนน"))
        XCTAssertFalse(flat.contains("มัธยมศึกษาบุรีรัมย์"))
        XCTAssertFalse(flat.contains("ดาก"))
    }

    /// A signature image goes into the block's blank lines; the block, and so the pages, lay out the same.
    func testSignatureImageInTheBlock() throws {
        let url = try Fixture.exampleVariant(replacing: "    name: นายเสกฐวุฒิ กลิ่นหอม\n", with: "    name: นายเสกฐวุฒิ กลิ่นหอม\n    signature: sign.png\n")
        try makePNG(width: 300, height: 100, at: url.deletingLastPathComponent().appendingPathComponent("sign.png"))
        let with = try render(url), without = try render(Fixture.example)
        let images = try runTool("pdfimages", ["-list", with.path]).stdout.components(separatedBy: "\n").dropFirst(2).filter { !$0.isEmpty }
        XCTAssertEqual(images.count, 1, images.joined(separator: "\n"))
        XCTAssertTrue(images.first?.hasPrefix("  10 ") ?? false, "on the last page, with the block: \(images)")
        XCTAssertEqual(try text(of: with, layout: true), try text(of: without, layout: true))
    }

    // MARK: Thai that breaks other tools

    func testTortureParagraphExtractsExactly() throws {
        let torture = "น้ำ ที่ นี้ ซื้อ เอี๊ยด ฐู ญู ปี่ ฝั่ง ฟ้า ทั้ง บุหรี่ ปีงบประมาณ เปิดเผย ตัวชี้วัด"
        let latin = "A วันที่ ๒๕ พฤศจิกายน ๒๕๖๙"
        let yaml = """
        agency: {name: สำนักงานทดสอบ, abbreviation: สท.}
        year: 2566
        scores: {1: 90, 2: 90, 3: 90, 4: 90, 5: 90, 6: 90, 7: 90, 8: 90, 9: 90, 10: 90}
        introduction:
          - \(torture)
          - \(latin)
        signatories: [{name: นายทดสอบ ระบบ, positions: ผู้อำนวยการ}]
        """
        let pdf = try render(try Fixture.dataFile(yaml))
        let words = try text(of: pdf, page: 1).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        XCTAssertTrue(words.contains(torture), words)
        XCTAssertTrue(words.contains(latin), words)
        let layout = try text(of: pdf, page: 1, layout: true).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        XCTAssertTrue(layout.contains(torture), layout)
        XCTAssertTrue(layout.contains(latin), layout)
    }

    // MARK: Helpers

    func readingOrder(_ blocks: [Block]) -> [String] {
        blocks.flatMap { block -> [String] in
            switch block {
            case .heading(let heading): return [heading.text.plainText]
            case .paragraph(let paragraph): return [paragraph.text.plainText]
            case .list(let list): return entries(list.entries)
            case .table: return []
            case .signature(let signature): return [signature.role].compactMap { $0 } + [signature.name] + signature.positions
            case .rows(let set): return set.rows.flatMap { $0.map(\.plainText) }
            case .image, .mark, .fieldLine, .sideBySide: return []
            }
        }
    }

    func allText(_ blocks: [Block]) -> String {
        blocks.map { block -> String in
            if case .table(let table) = block {
                return ([table.header] + table.rows).flatMap(\.cells).map(\.text.plainText).joined()
            }
            return readingOrder([block]).joined()
        }.joined()
    }

    func entries(_ list: [ListEntry]) -> [String] {
        list.flatMap { [$0.marker + " " + $0.text.plainText] + entries($0.children) }
    }

    func characterCounts(_ text: String) -> [Character: Int] {
        text.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

}
