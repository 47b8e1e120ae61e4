import XCTest
import SarabanKinds
import SarabanData
import SarabanLayout
import SarabanBlocks

/// Document kinds other than the measures report, rendered from their examples and checked on the PDF.
final class KindTests: XCTestCase {
    static let memo = Fixture.root.appendingPathComponent("Examples/memo-measures-approval.yaml")

    /// The memo example with an emblem (a stand-in PNG drawn here; saraban ships none) and a secrecy mark.
    func memoWithEmblem() throws -> URL {
        let folder = try Fixture.temporaryFolder()
        try makePNG(width: 120, height: 150, at: folder.appendingPathComponent("emblem.png"))
        try FileManager.default.copyItem(at: Fixture.example, to: folder.appendingPathComponent(Fixture.example.lastPathComponent))
        let text = try String(contentsOf: Self.memo, encoding: .utf8) + "emblem: emblem.png\n"
        let data = folder.appendingPathComponent("memo.yaml")
        try Data(text.utf8).write(to: data)
        return data
    }

    func render(_ data: URL) throws -> URL {
        let pdf = data.deletingPathExtension().appendingPathExtension("pdf")
        let result = try runTool(Fixture.binary.path, ["render", data.path, "-o", pdf.path, "-q"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return pdf
    }

    /// The kind a file names, by a look at its lines: only a top-level `kind:` counts (not one inside a mapping, nor a
    /// longer key), with its comment, quotes and spaces taken off; JSON is read as data; none is nil.
    func testTheKindIsFoundByALookAtTheLines() throws {
        func named(_ text: String) throws -> String? {
            DocumentKind.named(in: try Fixture.dataFile(text, name: text.hasPrefix("{") ? "k.json" : "k.yaml"))
        }
        XCTAssertEqual(try named("year: 2568\nkind: memo\n"), "memo")
        XCTAssertEqual(try named("year: 2568\nkind:   \"letter\"   # the covering letter\nto: x\n"), "letter")
        XCTAssertEqual(try named("a: 1\nkind: order"), "order", "the last line, without a line end")
        XCTAssertNil(try named("agency:\n  kind: memo\nyear: 2568\n"), "a nested kind is not the document's")
        XCTAssertNil(try named("kinds: memo\n"))
        XCTAssertNil(try named("year: 2568\n"))
        XCTAssertEqual(try named("{\"year\": 2568, \"kind\": \"announcement\"}"), "announcement")
    }

    func testMemoFieldsAppearInReadingOrder() throws {
        let pdf = try render(try memoWithEmblem())
        let text = try runTool("pdftotext", [pdf.path, "-"]).stdout
            .components(separatedBy: .whitespacesAndNewlines).joined()
        // The marks stand outside the flow: present (the secrecy mark at the top and the foot of every page, the
        // report's pages set in after the memo included: what a classified memo carries is classified with it).
        let pages = try XCTUnwrap(Int(try runTool("pdfinfo", [pdf.path]).stdout.components(separatedBy: "\n")
            .first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? ""))
        XCTAssertGreaterThan(pages, 2, "the memo and the report set in after it")
        XCTAssertEqual(text.components(separatedBy: "ลับ").count - 1, 2 * pages, text)
        XCTAssertTrue(text.contains("ด่วน"), text)
        var cursor = text.startIndex
        for part in ["บันทึกข้อความ", "ส่วนราชการ", "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตากเขต๒", "โทร.๐๕๕๕๑๑๒๓๔",
                     "ที่", "ศธ๐๔๑๔๕/๑๒๓๔", "วันที่", "๑๕มกราคม๒๕๖๗", "เรื่อง", "ขออนุมัติมาตรการส่งเสริมคุณธรรม", "เรียน",
                     "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาตากเขต๒", "ตามที่", "จึงเรียนมาเพื่อโปรดพิจารณาอนุมัติ",
                     "(นายเสกฐวุฒิกลิ่นหอม)", "ศึกษานิเทศก์ชำนาญการ"] {
            guard let found = text.range(of: part, range: cursor..<text.endIndex) else {
                return XCTFail("\"\(part)\" is missing or out of order in: \(text)")
            }
            cursor = found.upperBound
        }
        // The dotted leaders are drawn, not typed: no run of full stops in the text.
        XCTAssertFalse(text.contains("...."), text)
    }

    func testMarksAreRedAndTheEmblemIsWhereTheLayoutSays() throws {
        let pdf = try render(try memoWithEmblem())
        let expanded = pdf.deletingPathExtension().appendingPathExtension("qdf.pdf")
        XCTAssertEqual(try runTool("qpdf", ["--qdf", "--object-streams=disable", pdf.path, expanded.path]).status, 0)
        let content = String(decoding: try Data(contentsOf: expanded), as: UTF8.self)
        let reds = content.matches(of: /([0-9.]+) 0 0 rg/).compactMap { Double($0.1) }
        XCTAssertTrue(reds.contains { abs($0 - 224.0 / 255) < 0.001 }, "the marks' red (#E00000) is set for their text: \(reds)")
        // mutool trace gives the image's matrix in points from the top left: width 0 0 height x y.
        let trace = try runTool("mutool", ["trace", pdf.path, "1"]).stdout
        let transform = try XCTUnwrap(trace.components(separatedBy: "fill_image").dropFirst().first?
            .components(separatedBy: "transform=\"").dropFirst().first?.prefix { $0 != "\"" })
        let numbers = transform.split(separator: " ").compactMap { Double($0) }
        XCTAssertEqual(numbers.count, 6)
        let cm = 72 / 2.54
        XCTAssertEqual(numbers[3], 1.5 * cm, accuracy: 0.05, "1.5 cm tall")
        XCTAssertEqual(numbers[4], 3 * cm, accuracy: 0.05, "at the left margin")
        XCTAssertEqual(numbers[5], 1.5 * cm, accuracy: 0.05, "1.5 cm from the top edge")
    }

    func testMemoMistakesAreLocatedErrors() throws {
        let example = try String(contentsOf: Self.memo, encoding: .utf8)
        let lines = example.components(separatedBy: "\n")
        func line(_ prefix: String) -> Int { lines.firstIndex { $0.hasPrefix(prefix) }! + 1 }
        let cases: [(String, String, String)] = [
            (example.replacingOccurrences(of: "kind: memo", with: "kind: lettr"), "\(line("kind:")):7: error[unknown-kind]: kind: unknown kind \"lettr\"", "unknown kind"),
            (lines.filter { !$0.hasPrefix("subject:") }.joined(separator: "\n"), "missing field \"subject\"", "missing field"),
            (example + "emblem: nothere.png\n", "\(lines.count):9: error[image-not-found]: emblem: image not found", "missing emblem"),
            (example.replacingOccurrences(of: "file: ita-measures-tak2-2566.yaml", with: "file: nothere.yaml"),
             "\(line("    file:")):11: error[file-not-found]: attachments[1].file: attachment not found", "missing attachment"),
            (example.replacingOccurrences(of: "urgency: ด่วน ", with: "urgency: รีบ "), "\(line("urgency:")):10: error[invalid-value]: urgency: expected an urgency", "urgency word"),
            (example.replacingOccurrences(of: "date: 2024-01-15", with: "date: 2024-02-30"), "\(line("date:")):7: error[invalid-date]: date: the date 2024-02-30 does not exist", "date"),
        ]
        for (text, message, name) in cases {
            let data = try Fixture.dataFile(text)
            try FileManager.default.copyItem(at: Fixture.example, to: data.deletingLastPathComponent().appendingPathComponent(Fixture.example.lastPathComponent))
            let pdf = data.deletingPathExtension().appendingPathExtension("pdf")
            let result = try runTool(Fixture.binary.path, ["render", data.path, "-o", pdf.path])
            XCTAssertEqual(result.status, 1, name)
            XCTAssertTrue(result.stderr.contains(message), "\(name): \(result.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: pdf.path), "\(name): no PDF")
        }
    }

    /// The cover memo written from a report's data, rendered with the report set in after it: one PDF, two
    /// page-number sequences, an outline entry per part, the report's total and rating in the memo's sentence.
    func testCoverMemoAndReportAsOnePDF() throws {
        let (pdf, rendered, _) = try coverFor(kind: "memo")
        XCTAssertTrue(rendered.stdout.contains("(11 pages)"), rendered.stdout)
        let memoPage = try runTool("pdftotext", ["-f", "1", "-l", "1", pdf.path, "-"]).stdout
        XCTAssertTrue(memoPage.contains("๙๔.๙๖ คะแนน อยู่ในระดับ A"), "the total and rating computed from the report: \(memoPage)")
        XCTAssertTrue(memoPage.contains("สิ่งที่ส่งมาด้วย"), memoPage)
        // The memo is one page with no number; the report starts on page 2 with no number, then "- ๒ -".
        let numbers = try (1...4).map { page in
            // A line of its own in plain mode too: the word joiner after the closing dash.
            try runTool("pdftotext", ["-f", "\(page)", "-l", "\(page)", pdf.path, "-"]).stdout
                .components(separatedBy: "\n").first { $0.hasPrefix("- ") && $0.hasSuffix(" -\u{2060}") }
        }
        XCTAssertEqual(numbers, [nil, nil, "- ๒ -\u{2060}", "- ๓ -\u{2060}"])
        let outline = try runTool("mutool", ["show", pdf.path, "outline"]).stdout
        XCTAssertTrue(outline.contains("บันทึกข้อความ เรื่อง") && outline.contains("#page=1"), outline)
        XCTAssertTrue(outline.contains("\"มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน\"\t#page=2"), outline)
        XCTAssertEqual(try runTool("qpdf", ["--check", pdf.path]).status, 0)
    }

    /// `init --kind letter --for REPORT` writes the letter that sends the report to the NACC's office of the agency's
    /// province, from the report's data: the recipient by the province the agency's name gives (the NACC itself for
    /// Bangkok), the results computed from the scores, the report set in after the letter.
    func testCoverLetterSendsTheReportToItsProvincesOffice() throws {
        let (pdf, _, report) = try coverFor(kind: "letter")
        let text = try runTool("pdftotext", [pdf.path, "-"]).stdout.components(separatedBy: .whitespacesAndNewlines).joined()
        var cursor = text.startIndex
        for part in ["เรื่องส่งมาตรการส่งเสริมคุณธรรม", "เรียนผู้อำนวยการสำนักงานป.ป.ช.ประจำจังหวัดตาก", "สิ่งที่ส่งมาด้วยมาตรการ",
                     "ได้คะแนน๙๔.๙๖คะแนนอยู่ในระดับA", "จึงเรียนมาเพื่อโปรดทราบ", "ขอแสดงความนับถือ", "(RatingScore)"] {
            guard let found = text.range(of: part, range: cursor..<text.endIndex) else { return XCTFail("\(part) missing or out of order: \(text)") }
            cursor = found.upperBound
        }
        // An agency in Bangkok writes to the NACC itself.
        try Data(try String(contentsOf: Fixture.example, encoding: .utf8)
            .replacingOccurrences(of: "ประถมศึกษาตาก เขต 2", with: "มัธยมศึกษากรุงเทพมหานคร เขต 1")
            .replacingOccurrences(of: "สพป.ตาก เขต 2", with: "สพม.กรุงเทพมหานคร เขต 1").utf8).write(to: report)
        let bangkok = try runTool(Fixture.binary.path, ["init", "--kind", "letter", "--for", report.path])
        XCTAssertTrue(bangkok.stdout.contains("to: \"เลขาธิการคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ\""), bangkok.stdout)
        XCTAssertNotEqual(try runTool(Fixture.binary.path, ["init", "--kind", "order", "--for", report.path]).status, 0, "--for goes with a memo or a letter")
    }

    /// The memo or letter `init --for` writes for a copy of the example report, rendered: its PDF, what `render`
    /// said, and the report's copy.
    func coverFor(kind: String) throws -> (pdf: URL, rendered: ToolResult, report: URL) {
        let folder = try Fixture.temporaryFolder()
        let report = folder.appendingPathComponent("report.yaml")
        try FileManager.default.copyItem(at: Fixture.example, to: report)
        let cover = folder.appendingPathComponent("cover.yaml")
        let written = try runTool(Fixture.binary.path, ["init", "--kind", kind, "--for", report.path, cover.path])
        XCTAssertEqual(written.status, 0, written.stderr)
        let pdf = folder.appendingPathComponent("cover.pdf")
        let rendered = try runTool(Fixture.binary.path, ["render", cover.path, "-o", pdf.path, "-q"])
        XCTAssertEqual(rendered.status, 0, rendered.stderr)
        return (pdf, rendered, report)
    }

    func testMemoStarterRenders() throws {
        let folder = try Fixture.temporaryFolder()
        let starter = folder.appendingPathComponent("memo.yaml")
        XCTAssertEqual(try runTool(Fixture.binary.path, ["init", "--kind", "memo", starter.path]).status, 0)
        let result = try runTool(Fixture.binary.path, ["render", starter.path, "-o", folder.appendingPathComponent("memo.pdf").path, "-q"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let unknown = try runTool(Fixture.binary.path, ["init", "--kind", "lettr"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("unknown kind \"lettr\""), unknown.stderr)
    }

    static let letter = Fixture.root.appendingPathComponent("Examples/letter-measures-to-nacc.yaml")

    /// The letter example: its parts in the regulation's order, over more than one page with page numbers and
    /// continuation words, the emblem centred 3 cm tall, the salutation and closing chosen by the recipient.
    func testLetterRendersInTheRegulationsOrder() throws {
        let folder = try Fixture.temporaryFolder()
        try makePNG(width: 120, height: 150, at: folder.appendingPathComponent("emblem.png"))
        let data = folder.appendingPathComponent("letter.yaml")
        try Data((try String(contentsOf: Self.letter, encoding: .utf8) + "emblem: emblem.png\n").utf8).write(to: data)
        let pdf = try render(data)
        let text = try runTool("pdftotext", [pdf.path, "-"]).stdout.components(separatedBy: .whitespacesAndNewlines).joined()
        var cursor = text.startIndex
        for part in ["ที่ศธ๐๔๑๔๕/๕๖๗", "จังหวัดตาก๖๓๑๑๐", "๓๑มกราคม๒๕๖๗", "เรื่องส่งมาตรการ", "เรียนผู้อำนวยการสำนักงานป.ป.ช.ประจำจังหวัดตาก",
                     "อ้างถึงหนังสือ", "สิ่งที่ส่งมาด้วย๑.มาตรการ", "๒.รายงานผล", "ตามหนังสือที่อ้างถึง", "จึงเรียนมาเพื่อโปรดทราบ",
                     "ขอแสดงความนับถือ", "(นายสมศักดิ์ใจซื่อตรง)", "กลุ่มนิเทศ", "โทร.๐๕๕๕๑๑๒๓๔", "โทรสาร", "ไปรษณีย์อิเล็กทรอนิกส์saraban@tak2.go.th",
                     "สำเนาส่ง"] {
            guard let found = text.range(of: part, range: cursor..<text.endIndex) else {
                return XCTFail("\"\(part)\" is missing or out of order in: \(text)")
            }
            cursor = found.upperBound
        }
        XCTAssertFalse(text.contains("กราบเรียน"))
        let pages = try runTool("pdfinfo", [pdf.path]).stdout.components(separatedBy: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        XCTAssertNotEqual(pages.split(separator: " ").last, "1", "the example letter runs over more than one page")
        let second = try runTool("pdftotext", ["-layout", "-f", "2", "-l", "2", pdf.path, "-"]).stdout
        XCTAssertTrue(second.contains("- ๒ -"), second)
        let first = try runTool("pdftotext", ["-layout", "-f", "1", "-l", "1", pdf.path, "-"]).stdout
        XCTAssertTrue(first.components(separatedBy: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasSuffix("...") }, "continuation word")
        let trace = try runTool("mutool", ["trace", pdf.path, "1"]).stdout
        let transform = try XCTUnwrap(trace.components(separatedBy: "fill_image").dropFirst().first?
            .components(separatedBy: "transform=\"").dropFirst().first?.prefix { $0 != "\"" })
        let numbers = transform.split(separator: " ").compactMap { Double($0) }
        let cm = 72 / 2.54
        XCTAssertEqual(numbers[3], 3 * cm, accuracy: 0.05, "3 cm tall")
        XCTAssertEqual(numbers[4] + numbers[0] / 2, 595.2756 / 2 + 0.5 * cm, accuracy: 0.1, "centred on the text width")
        XCTAssertEqual(numbers[5], 1.5 * cm, accuracy: 0.05, "1.5 cm from the top edge")
    }

    /// A letter sends the measures report as a memo does: the report's data file named under สิ่งที่ส่งมาด้วย is set
    /// into the same PDF after the letter, checked as any render; a PDF named there is carried inside it, listed
    /// with its page count.
    func testALetterSetsTheReportItSendsIntoItsPDF() throws {
        let text = try String(contentsOf: Self.letter, encoding: .utf8)
        let sending = text.replacingOccurrences(of: "attachments:\n  - มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2567 จำนวน 1 ชุด",
                                                with: "attachments:\n  - { title: มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2567, file: ita-measures-tak2-2566.yaml }")
        XCTAssertNotEqual(sending, text)
        let data = try Fixture.dataFileBesideTheReport(sending)
        let pdf = try render(data)
        let alone = try render(try Fixture.dataFile(text))
        func pages(_ pdf: URL) throws -> Int {
            try XCTUnwrap(Int(try runTool("pdfinfo", [pdf.path]).stdout.components(separatedBy: "\n")
                .first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? ""))
        }
        XCTAssertEqual(try pages(pdf), try pages(alone) + 10, "the letter's pages, then the report's ten")
        let extracted = try runTool("pdftotext", [pdf.path, "-"]).stdout
        let letterEnd = try XCTUnwrap(extracted.range(of: "ขอแสดงความนับถือ"))
        // The report's own words: the score table's heading, which the letter does not have.
        let report = try XCTUnwrap(extracted.range(of: "(Rating Score)"), extracted)
        XCTAssertLessThan(letterEnd.lowerBound, report.lowerBound, "the report comes after the letter")

        // A report with an error stops the whole PDF: nothing is written.
        let broken = try Fixture.dataFileBesideTheReport(sending)
        let report2 = broken.deletingLastPathComponent().appendingPathComponent("ita-measures-tak2-2566.yaml")
        try Data(try String(contentsOf: report2, encoding: .utf8).replacingOccurrences(of: "  1: 98.10", with: "  1: 9810").utf8).write(to: report2)
        let failed = try runTool(Fixture.binary.path, ["render", broken.path, "-o", broken.deletingPathExtension().appendingPathExtension("pdf").path, "-q"])
        XCTAssertNotEqual(failed.status, 0)
        XCTAssertTrue(failed.stderr.contains("scores.1"), failed.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: broken.deletingPathExtension().appendingPathExtension("pdf").path))
    }

    /// `check` on a memo says what `render` would stop at in the report it sets in: the report's error at the
    /// report's own file, line and field; the report's warnings once; a data file of another kind refused.
    func testCheckingAMemoChecksTheReportItSetsIn() throws {
        let memo = try Fixture.dataFileBesideTheReport(try String(contentsOf: Self.memo, encoding: .utf8))
        let report = memo.deletingLastPathComponent().appendingPathComponent(Fixture.example.lastPathComponent)
        let clean = try runTool(Fixture.binary.path, ["check", memo.path])
        XCTAssertEqual(clean.status, 0, clean.stdout)
        XCTAssertTrue(clean.stdout.contains(report.path + ":") && clean.stdout.contains("warning[develop-missing]"), clean.stdout)
        try Data(try String(contentsOf: report, encoding: .utf8).replacingOccurrences(of: "  1: 98.10", with: "  1: 9810").utf8).write(to: report)
        let broken = try runTool(Fixture.binary.path, ["check", memo.path])
        XCTAssertNotEqual(broken.status, 0)
        XCTAssertTrue(broken.stdout.contains("\(report.path):36:6: error[score-out-of-range]: scores.1"), broken.stdout)
        let rendered = try runTool(Fixture.binary.path, ["render", memo.path, "-o", memo.deletingPathExtension().appendingPathExtension("pdf").path])
        XCTAssertNotEqual(rendered.status, 0)
        XCTAssertEqual(rendered.stderr.components(separatedBy: "error[score-out-of-range]").count - 1, 1, "said once: \(rendered.stderr)")
        // An order cannot be set into a memo.
        try FileManager.default.removeItem(at: report)
        try FileManager.default.copyItem(at: Fixture.root.appendingPathComponent("Examples/order-ita-working-group.yaml"), to: report)
        let order = try runTool(Fixture.binary.path, ["check", memo.path])
        XCTAssertNotEqual(order.status, 0)
        XCTAssertTrue(order.stdout.contains("error[attachment-kind]"), order.stdout)
    }

    /// A letter, an order or an announcement without a date is warned about (its date line would be left out); a
    /// memo is not (its date is a form field, dotted for the hand).
    func testAnUndatedLetterOrOrderIsWarnedAbout() throws {
        for name in ["letter-measures-to-nacc", "order-ita-working-group", "announcement-ita-measures", "memo-measures-approval"] {
            let text = try String(contentsOf: Fixture.root.appendingPathComponent("Examples/\(name).yaml"), encoding: .utf8)
            let undated = text.components(separatedBy: "\n").filter { !$0.hasPrefix("date:") }.joined(separator: "\n")
            XCTAssertNotEqual(undated, text, name)
            let checked = try runTool(Fixture.binary.path, ["check", try Fixture.dataFileBesideTheReport(undated).path])
            XCTAssertEqual(checked.status, 0, checked.stdout)
            XCTAssertEqual(checked.stdout.contains("warning[missing-date]: date:"), name != "memo-measures-approval", "\(name): \(checked.stdout)")
        }
    }

    /// The highest offices are addressed กราบเรียน and closed ขอแสดงความนับถืออย่างยิ่ง, from the data file of
    /// salutations, whatever the user types.
    func testSalutationAndClosingFollowTheRecipient() throws {
        let text = try String(contentsOf: Self.letter, encoding: .utf8)
            .replacingOccurrences(of: "to: ผู้อำนวยการสำนักงาน ป.ป.ช. ประจำจังหวัดตาก", with: "to: นายกรัฐมนตรี")
        let pdf = try render(try Fixture.dataFile(text))
        let extracted = try runTool("pdftotext", [pdf.path, "-"]).stdout
        XCTAssertTrue(extracted.contains("กราบเรียน  นายกรัฐมนตรี"), extracted)
        XCTAssertTrue(extracted.contains("ขอแสดงความนับถืออย่างยิ่ง"), extracted)
    }

    /// The class each recipient is in, by the salutation file: the chairs of the constitutional bodies as letters
    /// write their titles (with or without คณะ), not their members or secretaries.
    func testSalutationClassesOfTheHighestOffices() throws {
        let salutations = try Salutations.load(contentsOf: Fixture.root.appendingPathComponent("Layouts/letter-salutations.yaml"))
        let highest = ["นายกรัฐมนตรี", "ประธานกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ",
                       "ประธานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ", "ประธานกรรมการ ป.ป.ช.", "ประธานผู้ตรวจการแผ่นดิน",
                       "ประธานกรรมการการเลือกตั้ง", "ประธานกรรมการตรวจเงินแผ่นดิน", "ประธานศาลฎีกา"]
        let others = ["เลขาธิการคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ", "ผู้ตรวจการแผ่นดิน", "กรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ",
                      "รองนายกรัฐมนตรี", "ผู้ว่าราชการจังหวัดตาก"]
        for position in highest { XCTAssertEqual(salutations.forRecipient(position).salutation, "กราบเรียน", position) }
        for position in others { XCTAssertEqual(salutations.forRecipient(position).salutation, "เรียน", position) }
    }

    /// The people an order appoints, given as `members`, are numbered by saraban and set in the layout's columns:
    /// each number at the list's indent, each name and position in its column (wrapping there), each duty at its
    /// tab stop on the row's first line; a row of two lines is never parted by a page break.
    func testAnOrdersMembersAreSetInColumnsAndNoRowIsSplit() throws {
        let positions = ["ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2", "ศึกษานิเทศก์ชำนาญการพิเศษ",
                         "รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2"]
        let duties = ["ประธานคณะทำงาน", "คณะทำงาน", "คณะทำงานและเลขานุการ"]
        let members = (0..<30).map { index in
            "      - { name: นายสมชาย ใจดีที่\(index + 1), position: \(positions[index % 3]), duty: \(duties[index % 3]) }"
        }.joined(separator: "\n")
        let data = try Fixture.dataFile("""
        kind: order
        agency: สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2
        number: 15/2567
        subject: แต่งตั้งคณะทำงาน
        body:
          - จึงแต่งตั้งคณะทำงาน ดังนี้
          - members:
        \(members)
          - ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป
        date: 2024-01-15
        signatory: { name: นายสมศักดิ์ ใจซื่อตรง, positions: [ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2] }
        """)
        let pdf = try render(data)
        // Where the columns are, from the layout file.
        let design = try PageDesign.load(contentsOf: Fixture.root.appendingPathComponent("Layouts/order.yaml"))
        let set = try XCTUnwrap(design.rowSets["members"])
        let labelX = design.marginLeft + set.indent, dutyX = labelX + set.columns[0] + set.columns[1]
        let pages = try Self.wordsByPage(pdf)
        XCTAssertGreaterThan(pages.count, 2, "thirty rows of two lines run over pages")
        // The names' column starts after the widest number ("๓๐."), which may widen the layout's first column.
        let firstName = try XCTUnwrap(pages.joined().first { $0.text.hasPrefix("นายสมชาย") })
        let whoX = firstName.x
        XCTAssertGreaterThanOrEqual(whoX, labelX + set.columns[0] - 0.5)
        XCTAssertLessThan(whoX, dutyX - 100)
        var seen = 0
        for words in pages {
            let atWho = words.filter { abs($0.x - whoX) < 1 }.sorted { $0.y < $1.y }
            for (row, first) in atWho.enumerated() {
                let label = words.first { abs($0.x - labelX) < 1 && abs($0.y - first.y) < 1 }
                // Each page's first line in the name column opens a row: it carries its number.
                if row == 0 { XCTAssertNotNil(label, "a page starts inside a row: \(first.text)") }
                guard let label else { continue }
                seen += 1
                XCTAssertEqual(label.text, ThaiNumerals.thaiDigits("\(seen)."), "numbered in order")
                let duty = words.first { abs($0.x - dutyX) < 1 && abs($0.y - first.y) < 1 }
                XCTAssertEqual(duty?.text, duties[(seen - 1) % 3], "the duty at its tab stop on the row's first line")
            }
        }
        XCTAssertEqual(seen, 30, "every member, once")

        // To a screen reader each row is a list item: its number, then its name and position whole (though drawn on
        // two lines beside the duty), then its duty.
        let tree = try runTool("python3", [Fixture.root.appendingPathComponent("Tests/tools/structure-tree.py").path, pdf.path]).stdout
        let elements = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(tree.utf8)) as? [String: Any])?["elements"] as? [[String: String]])
        let first = try XCTUnwrap(elements.firstIndex { $0["role"] == "Lbl" && $0["text"] == "๑." })
        XCTAssertEqual(elements[first + 1]["role"], "LBody")
        XCTAssertEqual(elements[first + 2]["role"], "P")
        XCTAssertEqual(elements[first + 2]["text"], "นายสมชาย ใจดีที่๑ ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต ๒")
        XCTAssertEqual(elements[first + 3]["text"], "ประธานคณะทำงาน")
    }

    /// A member with neither a name nor a position, or without a duty, is refused at its line, in the check too.
    func testAMemberNeedsANameOrPositionAndADuty() throws {
        for (member, field, says) in [("{ duty: คณะทำงาน }", "body[2].members[1]", "\"name\" or \"position\""),
                                      ("{ name: นายสมชาย ใจดี }", "body[2].members[1].duty", "missing field \"duty\"")] {
            let data = try Fixture.dataFile("""
            kind: order
            agency: สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2
            subject: แต่งตั้งคณะทำงาน
            body:
              - จึงแต่งตั้งคณะทำงาน ดังนี้
              - members:
                  - \(member)
            signatory: { name: นายสมศักดิ์ ใจซื่อตรง, positions: [ผู้อำนวยการ] }
            """)
            let result = try runTool(Fixture.binary.path, ["check", data.path])
            XCTAssertNotEqual(result.status, 0, result.stdout + result.stderr)
            let said = result.stdout + result.stderr
            XCTAssertTrue(said.contains(":7:") && said.contains(field) && said.contains(says), said)
        }
    }

    /// Each page's words with their left edge and top, as `pdftotext -bbox` gives them (a word is a run of text
    /// between spaces wider than a space: a cell of a row).
    static func wordsByPage(_ pdf: URL) throws -> [[(text: String, x: Double, y: Double)]] {
        let xml = try runTool("pdftotext", ["-bbox-layout", pdf.path, "-"]).stdout
        return xml.components(separatedBy: "<page ").dropFirst().map { page in
            page.components(separatedBy: "<word ").dropFirst().compactMap { word -> (String, Double, Double)? in
                func number(_ key: String) -> Double? {
                    guard let range = word.range(of: key + "=\"") else { return nil }
                    return Double(word[range.upperBound...].prefix { $0 != "\"" })
                }
                guard let x = number("xMin"), let y = number("yMin"), let start = word.firstIndex(of: ">"),
                      let end = word.range(of: "</word>") else { return nil }
                return (String(word[word.index(after: start)..<end.lowerBound]), x, y)
            }
        }
    }

    /// An order and an announcement from their examples: heading, number (orders only), subject, text, the date
    /// phrase of each; an announcement given a number is told it has none.
    func testOrderAndAnnouncement() throws {
        for (name, parts) in [("order-ita-working-group", ["คำสั่งสำนักงานเขตพื้นที่การศึกษาประถมศึกษาตากเขต๒", "ที่๑๕/๒๕๖๗",
                                                            "เรื่องแต่งตั้งคณะทำงาน", "ด้วยสำนักงานคณะกรรมการ", "ทั้งนี้ตั้งแต่บัดนี้เป็นต้นไป",
                                                            "สั่งณวันที่๑๕มกราคมพ.ศ.๒๕๖๗", "(นายสมศักดิ์ใจซื่อตรง)"]),
                              ("announcement-ita-measures", ["ประกาศสำนักงานเขตพื้นที่การศึกษาประถมศึกษาตากเขต๒", "เรื่องมาตรการ",
                                                             "จึงประกาศมาเพื่อทราบโดยทั่วกัน", "ประกาศณวันที่๒๐มกราคมพ.ศ.๒๕๖๗",
                                                             "(นายสมศักดิ์ใจซื่อตรง)"])] {
            let source = Fixture.root.appendingPathComponent("Examples/\(name).yaml")
            let pdf = try render(try Fixture.dataFile(try String(contentsOf: source, encoding: .utf8)))
            let text = try runTool("pdftotext", [pdf.path, "-"]).stdout.components(separatedBy: .whitespacesAndNewlines).joined()
            var cursor = text.startIndex
            for part in parts {
                guard let found = text.range(of: part, range: cursor..<text.endIndex) else {
                    return XCTFail("\(name): \"\(part)\" is missing or out of order in: \(text)")
                }
                cursor = found.upperBound
            }
        }
        let announcement = try String(contentsOf: Fixture.root.appendingPathComponent("Examples/announcement-ita-measures.yaml"), encoding: .utf8)
        let numbered = try Fixture.dataFile(announcement.replacingOccurrences(of: "subject:", with: "number: 1/2567\nsubject:"))
        let result = try runTool(Fixture.binary.path, ["render", numbered.path, "-o", numbered.deletingPathExtension().path + ".pdf"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains(":5:9: error[unknown-field]: number: an announcement has no number"), result.stderr)
    }

    /// The date phrase of an order or an announcement is one line: from the page's centre when it fits there,
    /// further left (ending at the text's right edge) when a long month would wrap it.
    func testTheDatePhraseStaysOnOneLine() throws {
        let announcement = try String(contentsOf: Fixture.root.appendingPathComponent("Examples/announcement-ita-measures.yaml"), encoding: .utf8)
        for (date, phrase) in [("2024-01-20", "ประกาศ ณ วันที่ ๒๐ มกราคม พ.ศ. ๒๕๖๗"), ("2025-11-30", "ประกาศ ณ วันที่ ๓๐ พฤศจิกายน พ.ศ. ๒๕๖๘"),
                               ("2024-05-09", "ประกาศ ณ วันที่ ๙ พฤษภาคม พ.ศ. ๒๕๖๗")] {
            let data = try Fixture.dataFile(announcement.replacingOccurrences(of: "date: 2024-01-20", with: "date: \(date)"))
            let pdf = try render(data)
            let lines = try runTool("pdftotext", ["-layout", pdf.path, "-"]).stdout.components(separatedBy: "\n")
            let line = try XCTUnwrap(lines.first { $0.contains("ประกาศ ณ วันที่") }, lines.joined(separator: "\n"))
            XCTAssertEqual(line.trimmingCharacters(in: .whitespaces), phrase)
            // Still in the right part of the page: starting right of the left margin's text.
            XCTAssertGreaterThan(line.prefix { $0 == " " }.count, 10, line)
        }
    }

    /// An education office's director's position — the longest position these documents commonly carry — wraps
    /// once under the name, at its natural point, in a letter, an order and an announcement.
    func testALongPositionWrapsOnceUnderTheName() throws {
        for name in ["letter-measures-to-nacc", "order-ita-working-group", "announcement-ita-measures"] {
            let source = Fixture.root.appendingPathComponent("Examples/\(name).yaml")
            let pdf = try render(try Fixture.dataFile(try String(contentsOf: source, encoding: .utf8)))
            let lines = try runTool("pdftotext", ["-layout", pdf.path, "-"]).stdout.components(separatedBy: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let nameLine = try XCTUnwrap(lines.lastIndex(of: "(นายสมศักดิ์ ใจซื่อตรง)"), name)
            XCTAssertEqual(Array(lines[(nameLine + 1)...(nameLine + 2)]), ["ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา", "ประถมศึกษาตาก เขต ๒"], name)
        }
    }

    /// A letter to another office names that office in its body ("ตามหนังสือที่อ้างถึง สำนักงานเขตพื้นที่…"): the
    /// agencies of the recipient, the references and the copies are named on purpose; a third office is still an error.
    func testALetterMayNameTheOfficeItWritesTo() throws {
        let letter = try String(contentsOf: Fixture.root.appendingPathComponent("Examples/letter-measures-to-nacc.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "to: ผู้อำนวยการสำนักงาน ป.ป.ช. ประจำจังหวัดตาก", with: "to: ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 1")
        let replying = letter.replacingOccurrences(of: "ตามหนังสือที่อ้างถึง สำนักงาน ป.ป.ช. ประจำจังหวัดตาก ขอให้",
                                                   with: "ตามหนังสือที่อ้างถึง สพป.เชียงใหม่ เขต 1 ขอให้")
        XCTAssertNotEqual(replying, letter)
        let checked = try runTool(Fixture.binary.path, ["check", try Fixture.dataFile(replying).path])
        XCTAssertFalse(checked.stdout.contains("other-agency"), checked.stdout)
        let third = try Fixture.dataFile(replying.replacingOccurrences(of: "ขอให้หน่วยงานภาครัฐ", with: "และสพป.ลำปาง เขต 1 ขอให้หน่วยงานภาครัฐ"))
        let flagged = try runTool(Fixture.binary.path, ["check", third.path])
        XCTAssertTrue(flagged.stdout.contains("error[other-agency]") && flagged.stdout.contains("สพป.ลำปาง เขต 1"), flagged.stdout)
    }

    /// Another office's name pasted into a memo's text is an error; a number out of the usual form a warning.
    func testKindChecks() throws {
        // Without its attachment: what is checked here is the memo's own text.
        let example = try String(contentsOf: Self.memo, encoding: .utf8).components(separatedBy: "\nattachments:")[0] + "\n"
        let pasted = try Fixture.dataFile(example.replacingOccurrences(of: "  - จึงเรียนมาเพื่อโปรดพิจารณาอนุมัติ",
                                                                      with: "  - สพป.เชียงใหม่ เขต 1 จึงเรียนมาเพื่อโปรดพิจารณาอนุมัติ"))
        let checked = try runTool(Fixture.binary.path, ["check", pasted.path])
        XCTAssertEqual(checked.status, 2, checked.stdout)
        XCTAssertTrue(checked.stdout.contains("error[other-agency]: body[3]") && checked.stdout.contains("สพป.เชียงใหม่ เขต 1"), checked.stdout)
        // Named on purpose, listed under other_agencies: no longer an error.
        let listed = try Fixture.dataFile(try String(contentsOf: pasted, encoding: .utf8) + "other_agencies: [สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 1]\n")
        let accepted = try runTool(Fixture.binary.path, ["check", listed.path])
        XCTAssertEqual(accepted.status, 0, accepted.stdout)
        let numbered = try Fixture.dataFile(example.replacingOccurrences(of: "number: ศธ 04145/1234", with: "number: 1234"))
        let warned = try runTool(Fixture.binary.path, ["check", numbered.path])
        XCTAssertEqual(warned.status, 0, warned.stdout)
        XCTAssertTrue(warned.stdout.contains("warning[document-number]: number: the number \"1234\" is not in the usual form"), warned.stdout)
        for name in ["memo-measures-approval", "letter-measures-to-nacc", "order-ita-working-group", "announcement-ita-measures"] {
            let clean = try runTool(Fixture.binary.path, ["check", Fixture.root.appendingPathComponent("Examples/\(name).yaml").path])
            XCTAssertTrue(clean.stdout.contains(" 0 errors, "), "\(name): \(clean.stdout)")
            // The only warnings are those of the report the memo sets in (the seed's own gaps), at the report's lines.
            let warnings = clean.stdout.components(separatedBy: "\n").filter { $0.contains("warning[") }
            XCTAssertTrue(warnings.allSatisfy { $0.hasPrefix(Fixture.example.path + ":") }, "\(name): \(clean.stdout)")
        }
    }

    /// Each kind's schema accepts its example and its starter, and refuses a wrong urgency word.
    func testSchemasValidateEachKindsExampleAndStarter() throws {
        let folder = try Fixture.temporaryFolder()
        for (kind, example) in [("memo", "memo-measures-approval"), ("letter", "letter-measures-to-nacc"),
                                ("order", "order-ita-working-group"), ("announcement", "announcement-ita-measures")] {
            let schema = try runTool(Fixture.binary.path, ["schema", "--kind", kind])
            XCTAssertEqual(schema.status, 0, schema.stderr)
            let schemaFile = folder.appendingPathComponent("\(kind).json")
            try Data(schema.stdout.utf8).write(to: schemaFile)
            let starter = folder.appendingPathComponent("\(kind)-starter.yaml")
            XCTAssertEqual(try runTool(Fixture.binary.path, ["init", "--kind", kind, starter.path]).status, 0)
            let script = """
            import json, sys, yaml, jsonschema, datetime
            schema = json.load(open(sys.argv[1]))
            def plain(value):
                # YAML reads 2024-01-15 as a date; the data file's dates are text, as saraban reads them.
                if isinstance(value, datetime.date): return value.isoformat()
                if isinstance(value, dict): return {str(k): plain(v) for k, v in value.items()}
                if isinstance(value, list): return [plain(v) for v in value]
                return value
            for path in sys.argv[2:]:
                jsonschema.validate(plain(yaml.safe_load(open(path))), schema)
            if schema["properties"].get("secrecy"):
                bad = plain(yaml.safe_load(open(sys.argv[2])))
                bad["secrecy"] = "ลับเฉพาะ"
                try:
                    jsonschema.validate(bad, schema)
                    sys.exit("a secrecy word outside the regulation's set passed")
                except jsonschema.ValidationError:
                    pass
            """
            let result = try runTool("python3", ["-c", script, schemaFile.path,
                                                 Fixture.root.appendingPathComponent("Examples/\(example).yaml").path, starter.path])
            XCTAssertEqual(result.status, 0, "\(kind): \(result.stderr)")
        }
    }

    /// A PDF a memo lists is carried inside its PDF as an embedded file, byte for byte, and listed with its pages.
    func testPDFAttachmentIsEmbeddedAndListedWithItsPages() throws {
        let folder = try Fixture.temporaryFolder()
        let attached = folder.appendingPathComponent("announcement.pdf")
        let made = try runTool(Fixture.binary.path, ["render", Fixture.root.appendingPathComponent("Examples/announcement-ita-measures.yaml").path,
                                                     "-o", attached.path, "-q"])
        XCTAssertEqual(made.status, 0, made.stderr)
        let memo = String(try String(contentsOf: Self.memo, encoding: .utf8).components(separatedBy: "\nattachments:")[0])
            + "\nattachments:\n  - { title: ร่างประกาศมาตรการ, file: announcement.pdf }\n"
        let data = folder.appendingPathComponent("memo.yaml")
        try Data(memo.utf8).write(to: data)
        let pdf = try render(data)
        XCTAssertEqual(try runTool("qpdf", ["--check", pdf.path]).status, 0)
        XCTAssertTrue(try runTool("pdftotext", [pdf.path, "-"]).stdout.contains("ร่างประกาศมาตรการ (ไฟล์ PDF แนบ จำนวน ๑ หน้า)"))
        let listed = try runTool("pdfdetach", ["-list", pdf.path]).stdout
        XCTAssertTrue(listed.contains("1 embedded files") && listed.contains("announcement.pdf"), listed)
        let saved = folder.appendingPathComponent("saved.pdf")
        XCTAssertEqual(try runTool("pdfdetach", ["-save", "1", "-o", saved.path, pdf.path]).status, 0)
        XCTAssertEqual(try Data(contentsOf: saved), try Data(contentsOf: attached), "the attachment comes out byte for byte")
        // As PDF/A-3b: the attachment is an associated file of the document, its relation said, its type and date given.
        let archival = folder.appendingPathComponent("archival.pdf")
        XCTAssertEqual(try runTool(Fixture.binary.path, ["render", data.path, "-o", archival.path, "-q", "--pdfa", "3b"]).status, 0)
        let associated = try runTool("mutool", ["show", archival.path, "trailer/Root/AF"]).stdout
        let spec = try runTool("mutool", ["show", archival.path, try XCTUnwrap(associated.split(separator: " ").dropFirst().first.map(String.init))]).stdout
        XCTAssertTrue(spec.contains("/AFRelationship /Unspecified") && spec.contains("announcement.pdf"), spec)
        let stream = try runTool("mutool", ["show", archival.path, "trailer/Root/AF/1/EF/F"]).stdout
        XCTAssertTrue(stream.contains("/Subtype /application#2Fpdf") && stream.contains("/ModDate"), stream)
        // A file that is not a PDF is a located error.
        try Data("not a pdf".utf8).write(to: folder.appendingPathComponent("bad.pdf"))
        try Data(memo.replacingOccurrences(of: "announcement.pdf", with: "bad.pdf").utf8).write(to: data)
        let refused = try runTool(Fixture.binary.path, ["render", data.path, "-o", folder.appendingPathComponent("x.pdf").path])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("attachments") && refused.stderr.contains("is not a PDF saraban can read"), refused.stderr)
    }

    /// A measures report that says its kind renders as before; one whose kind is another's is told so.
    func testMeasuresReportMayNameItsKind() throws {
        let text = try String(contentsOf: Fixture.example, encoding: .utf8)
        let named = try Fixture.dataFile("kind: ita-measures\n" + text)
        XCTAssertEqual(try runTool(Fixture.binary.path, ["render", named.path, "-o", named.deletingPathExtension().path + ".pdf", "-q"]).status, 0)
    }
}
