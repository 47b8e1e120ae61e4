import XCTest
import Foundation

/// Batches as a central office runs them: each office's analysis chosen from a library by its own scores, tables
/// from spreadsheets, and folders of data files.
final class LibraryBatchTests: XCTestCase {
    static let epoch = ["SOURCE_DATE_EPOCH": "1700000000"]

    func saraban(_ arguments: [String]) throws -> ToolResult {
        try runTool(Fixture.binary.path, arguments, environment: Self.epoch)
    }

    struct Manifest: Decodable {
        struct Entry: Decodable {
            let row: Int, agency: String, file: String?, sha256: String?, status: String
            let findings: [Finding]
        }
        struct Finding: Decodable { let code: String, severity: String, file: String, line: Int, column: Int, field: String, message: String }
        let rows: [Entry]
    }

    func manifest(_ folder: URL) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
    }

    /// The rule of the assessment, stated here on its own: the units are indicators 1–8 and the sub-indicators
    /// of 9 and 10; the lowest is the weakness to fix urgently and the next two are the points to develop; equal
    /// scores go in the framework's order.
    static let units = (1...8).map(String.init) + ["9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"]

    static func expectedSelection(_ scores: [String: Double]) -> [String] {
        Array(units.enumerated().sorted { a, b in
            (scores[a.element]!, a.offset) < (scores[b.element]!, b.offset)
        }.prefix(3).map(\.element))
    }

    /// The indicator or sub-indicator codes the analysis headings of section 2 name, in order: a sub-indicator's
    /// heading stands for it (its indicator's line above it is its parent, not a unit of its own).
    static func analysedCodes(_ text: String) -> [String] {
        let arabic = String(text.unicodeScalars.map { scalar -> Character in
            (0x0E50...0x0E59).contains(scalar.value) ? Character(UnicodeScalar(scalar.value - 0x0E50 + 48)!) : Character(scalar)
        })
        guard let start = arabic.range(of: "2.1 การกำหนดมาตรการ"), let end = arabic.range(of: "3. การวิเคราะห์ข้อจำกัด") else { return [] }
        let section = String(arabic[start.upperBound..<end.lowerBound])
        let pattern = try! NSRegularExpression(pattern: "ตัวชี้วัด(ย่อย)?ที่ ([0-9]+(?:\\.[0-9]+)?)")
        let matches = pattern.matches(in: section, range: NSRange(section.startIndex..., in: section)).map {
            String(section[Range($0.range(at: 2), in: section)!])
        }
        var codes: [String] = []
        for (index, code) in matches.enumerated() {
            let next = index + 1 < matches.count ? matches[index + 1] : ""
            if !code.contains("."), next.hasPrefix(code + ".") { continue }
            codes.append(code)
        }
        return codes
    }

    static func scores(inCSV url: URL) throws -> [Int: [String: Double]] {
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = lines[0].components(separatedBy: ",")
        var byRow: [Int: [String: Double]] = [:]
        for (index, line) in lines.dropFirst().enumerated() {
            let cells = line.components(separatedBy: ",")
            var scores: [String: Double] = [:]
            for (column, name) in header.enumerated() where name.hasPrefix("scores.") {
                scores[String(name.dropFirst("scores.".count))] = Double(cells[column])
            }
            byRow[index + 1] = scores
        }
        return byRow
    }

    // MARK: The library

    func testEveryOfficeAnalysesTheUnitsItsOwnScoresSelect() throws {
        let table = try Fixture.generatedTable(rows: 245)
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try saraban(["batch", Fixture.batchTemplate.path, "--table", table.path, "-o", output.path])
        XCTAssertEqual(result.status, 0, String(result.stderr.suffix(2000)))
        let rows = try manifest(output).rows
        XCTAssertEqual(rows.count, 245)
        let contradictions = rows.flatMap(\.findings).filter { $0.code.hasSuffix("-other-indicator") }
        XCTAssertEqual(contradictions.map(\.message), [], "no analysis contradicts its row's scores")
        let scores = try Self.scores(inCSV: table)
        var selections = Set<[String]>()
        for entry in rows {
            let expected = Self.expectedSelection(scores[entry.row]!)
            selections.insert(expected)
            let text = try runTool("pdftotext", [output.appendingPathComponent(try XCTUnwrap(entry.file)).path, "-"]).stdout
            XCTAssertEqual(Self.analysedCodes(text), expected, "row \(entry.row) analyses what its scores select")
        }
        XCTAssertGreaterThan(selections.count, 50, "the table's offices are weak in different places")
    }

    func testTheDevelopBlocksAreNotLabelledUrgent() throws {
        let output = try Fixture.temporaryFolder().appendingPathComponent("one.pdf")
        XCTAssertEqual(try saraban(["render", "-q", Fixture.batchTemplate.path, "-o", output.path]).status, 0)
        let text = try runTool("pdftotext", [output.path, "-"]).stdout
        let urgent = "ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน"
        let develop = "ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่จะพัฒนาให้ดีขึ้น"
        let section22 = try XCTUnwrap(text.range(of: "๒.๒ การกำหนดมาตรการ"))
        XCTAssertEqual(text[..<section22.lowerBound].components(separatedBy: urgent).count - 1, 1, "one urgent block, labelled urgent")
        XCTAssertFalse(text[section22.upperBound...].contains(urgent), "no develop block says urgent")
        XCTAssertEqual(text[section22.upperBound...].components(separatedBy: develop).count - 1, 2, "each develop block says develop")
    }

    func testADataFileChangesTheWordingUnderTexts() throws {
        let text = try String(contentsOf: Fixture.example, encoding: .utf8)
        let changed = try Fixture.dataFile(text + "\ntexts:\n  labels:\n    findings: ผลการวิเคราะห์ของหน่วยงาน\n  sections:\n    ict: ด้านเทคโนโลยีสารสนเทศ\n")
        let output = changed.deletingLastPathComponent().appendingPathComponent("out.pdf")
        let result = try saraban(["render", "-q", changed.path, "-o", output.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let pdf = try runTool("pdftotext", [output.path, "-"]).stdout
        XCTAssertTrue(pdf.contains("ผลการวิเคราะห์ของหน่วยงาน"), pdf)
        XCTAssertTrue(pdf.contains("๓.๓ ด้านเทคโนโลยีสารสนเทศ"), pdf)
        let misspelt = try Fixture.dataFile(text + "\ntexts:\n  labels:\n    findngs: ผล\n")
        let refused = try saraban(["check", misspelt.path])
        XCTAssertNotEqual(refused.status, 0)
        let line = text.components(separatedBy: "\n").count + 3
        XCTAssertTrue(refused.stdout.contains("\(misspelt.path):\(line):5: error[unknown-field]: texts.labels.findngs: unknown field \"findngs\"; did you mean \"findings\"?"),
                      refused.stdout + refused.stderr)
    }

    func testARowNeedingABlockTheLibraryLacksFailsAlone() throws {
        let folder = try Fixture.temporaryFolder()
        // The library without indicator 9's blocks, so a sub-indicator of 9 has nothing to fall back on.
        let library = try String(contentsOf: Fixture.root.appendingPathComponent("Examples/batch/analysis-library.yaml"), encoding: .utf8)
        var kept: [String] = [], dropping = false
        for line in library.components(separatedBy: "\n") {
            if line.hasPrefix("\"") { dropping = line.hasPrefix("\"9\"") || line.hasPrefix("\"9.") }
            if !dropping { kept.append(line) }
        }
        try Data(kept.joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("analysis-library.yaml"))
        try FileManager.default.copyItem(at: Fixture.batchTemplate, to: folder.appendingPathComponent("template.yaml"))
        let header = "agency.name,agency.abbreviation," + Self.units.map { "scores.\($0)" }.joined(separator: ",")
        func row(_ office: String, _ scores: [Double]) -> String {
            "สำนักงานเขตพื้นที่การศึกษาประถมศึกษา\(office),สพป.\(office)," + scores.map { String($0) }.joined(separator: ",")
        }
        let table = [header,
                     row("ตาก เขต 1", [60, 70, 80, 90, 95, 95, 95, 95, 100, 100, 100, 100, 100, 100, 100]),
                     row("ตาก เขต 2", [90, 90, 90, 90, 90, 90, 90, 90, 100, 25, 100, 100, 100, 100, 100]),
                     row("ตาก เขต 3", [95, 95, 95, 95, 95, 70, 60, 80, 100, 100, 100, 100, 100, 100, 100])].joined(separator: "\n") + "\n"
        let tableURL = folder.appendingPathComponent("offices.csv")
        try Data(table.utf8).write(to: tableURL)
        let output = folder.appendingPathComponent("out")
        let result = try saraban(["batch", folder.appendingPathComponent("template.yaml").path, "--table", tableURL.path, "-o", output.path])
        XCTAssertEqual(result.status, 1, "one row failed")
        let rows = try manifest(output).rows
        XCTAssertEqual(rows.map(\.status), ["rendered", "failed", "rendered"])
        let finding = try XCTUnwrap(rows[1].findings.first { $0.severity == "error" })
        XCTAssertEqual(finding.code, "library-block-missing")
        XCTAssertTrue(finding.message.contains("9.2"), finding.message)
        XCTAssertTrue(result.stderr.contains("row 2"), result.stderr)
        XCTAssertEqual([finding.file, String(finding.line), String(finding.column)], [tableURL.path, "3", "12"], "the 9.2 score's cell")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent("สพป.ตาก_เขต_2.pdf").path))
    }

    // MARK: Spreadsheets

    /// The bundled example's offices as CSV, as an .xlsx workbook, as an .ods spreadsheet and as the plain "CSV" Thai
    /// Excel writes (Windows' Thai code page 874): the same PDFs, byte for byte. A table in another encoding is refused.
    func testTheExampleWorkbookAndCSVGiveIdenticalPDFs() throws {
        let folder = try Fixture.temporaryFolder()
        let csv = Fixture.root.appendingPathComponent("Examples/batch/offices.csv")
        let thaiWindows = folder.appendingPathComponent("offices-874.csv")
        let converted = try runTool("iconv", ["-f", "UTF-8", "-t", "CP874", "-o", thaiWindows.path, csv.path])
        XCTAssertEqual(converted.status, 0, converted.stderr)
        XCTAssertNil(String(data: try Data(contentsOf: thaiWindows), encoding: .utf8), "the converted table is not UTF-8")
        var digests: [[String?]] = []
        for name in ["offices.csv", "offices.xlsx", "offices.ods", thaiWindows.path] {
            let output = folder.appendingPathComponent(URL(fileURLWithPath: name).lastPathComponent + ".out")
            let table = name.hasPrefix("/") ? URL(fileURLWithPath: name) : Fixture.root.appendingPathComponent("Examples/batch/\(name)")
            let result = try saraban(["batch", Fixture.batchTemplate.path, "--table", table.path, "-o", output.path])
            XCTAssertEqual(result.status, 0, String(result.stderr.suffix(2000)))
            let rows = try manifest(output).rows
            XCTAssertGreaterThanOrEqual(rows.count, 30)
            XCTAssertEqual(rows.flatMap(\.findings).filter { $0.severity == "error" }.map(\.message), [])
            digests.append(rows.map(\.sha256))
        }
        XCTAssertEqual(digests[0], digests[1])
        XCTAssertEqual(digests[0], digests[2])
        XCTAssertEqual(digests[0], digests[3])
        let unknown = folder.appendingPathComponent("unknown.csv")
        try Data([0x61, 0x2C, 0x62, 0x0A, 0x81, 0x2C, 0x82, 0x0A]).write(to: unknown)
        let refused = try saraban(["batch", Fixture.batchTemplate.path, "--table", unknown.path, "-o", folder.appendingPathComponent("unknown.out").path])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("unknown.csv:1:1: error[invalid-data]: the table is neither UTF-8 nor Thai Windows (874) text"), refused.stderr)
    }

    /// The same three offices as spreadsheets and hands export them: separated by tabs (cells copied out of a
    /// spreadsheet into a text file) or semicolons, with empty unnamed columns at each line's end, with scores in
    /// Thai digits. The same PDFs as the plain CSV; a value under a column without a name is an error at its cell.
    func testTablesAsSpreadsheetsExportThemGiveTheSamePDFs() throws {
        let folder = try Fixture.temporaryFolder()
        let lines = try String(contentsOf: Fixture.root.appendingPathComponent("Examples/batch/offices.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).prefix(4).map(String.init)
        let thaiDigits = Dictionary(uniqueKeysWithValues: zip("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
        let variants: [(String, [String])] = [
            ("plain.csv", lines),
            ("tabs.csv", lines.map { $0.replacingOccurrences(of: ",", with: "\t") }),
            ("semicolons.csv", lines.map { $0.replacingOccurrences(of: ",", with: ";") }),
            ("unnamed.csv", lines.map { $0 + ",," }),
            ("thai-digits.csv", [lines[0]] + lines.dropFirst().map { line in
                // Scores (the third column on) in Thai digits; the names keep theirs.
                let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                return (cells.prefix(2) + cells.dropFirst(2).map { String($0.map { thaiDigits[$0] ?? $0 })[...] }).joined(separator: ",")
            }),
        ]
        var digests: [[String?]] = []
        for (name, table) in variants {
            let url = folder.appendingPathComponent(name)
            try Data((table.joined(separator: "\n") + "\n").utf8).write(to: url)
            let output = folder.appendingPathComponent(name + ".out")
            let result = try saraban(["batch", Fixture.batchTemplate.path, "--table", url.path, "-o", output.path])
            XCTAssertEqual(result.status, 0, "\(name): \(result.stderr.suffix(1000))")
            digests.append(try manifest(output).rows.map(\.sha256))
        }
        XCTAssertEqual(digests[0].count, 3)
        for (index, digest) in digests.enumerated() { XCTAssertEqual(digest, digests[0], variants[index].0) }
        let valued = folder.appendingPathComponent("valued.csv")
        try Data(([lines[0] + ",", lines[1] + ",x"].joined(separator: "\n") + "\n").utf8).write(to: valued)
        let refused = try saraban(["batch", Fixture.batchTemplate.path, "--table", valued.path, "-o", folder.appendingPathComponent("valued.out").path])
        XCTAssertNotEqual(refused.status, 0)
        let column = lines[0].split(separator: ",").count + 1
        XCTAssertTrue(refused.stderr.contains("valued.csv:2:\(column): error[unknown-field]: column \(column) has no name in the header row, but holds \"x\""), refused.stderr)
    }

    /// A workbook broken as a user might break it, .xlsx (written by Tests/make_xlsx.py) and .ods (written from the
    /// example's CSV by Tests/make_ods.py, with repeated empty rows and cells, a comment and a second sheet): each
    /// mistake named by its cell.
    func testMalformedWorkbooksGiveLocatedErrors() throws {
        let folder = try Fixture.temporaryFolder()
        let csv = Fixture.root.appendingPathComponent("Examples/batch/offices.csv")
        let xlsx = try run(in: folder, format: "xlsx") { ["Tests/make_xlsx.py", $0.path, $1] }
        try assertMistakesLocated(xlsx, kind: "an .xlsx workbook", mergedRows: "S3: signatories.1.name: the cells S2:S3 are merged")
        // A sheet cut short is an error, not the rows before the damage passed off as the whole table.
        let (cutSheet, cutSheetFile, cutSheetOut) = try xlsx("cut-short", [])
        assertRefused(cutSheet, saying: "\(cutSheetFile.path): error[invalid-table]: xl/worksheets/sheet1.xml is not well-formed XML", madeNothingAt: cutSheetOut)
        let ods = try run(in: folder, format: "ods") { ["Tests/make_ods.py", csv.path, $0.path, $1] }
        try assertMistakesLocated(ods, kind: "an .ods spreadsheet", mergedRows: "V3: signatories.2.name: the cells V2:V3 are merged")
        let (missing, missingFile, _) = try ods("plain", ["--sheet", "Sheet9"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("\(missingFile.path): error[invalid-table]: the spreadsheet has no sheet \"Sheet9\"; its sheets: สำนักงาน, หมายเหตุ"), missing.stderr)
        let (cut, cutFile, cutOut) = try ods("cut-short", [])
        assertRefused(cut, saying: "\(cutFile.path): error[invalid-table]: content.xml ends inside the sheet \"สำนักงาน\"", madeNothingAt: cutOut)
    }

    typealias WorkbookRun = (_ variant: String, _ extra: [String]) throws -> (ToolResult, URL, URL)

    /// Writes the variant's workbook with the given script (arguments: the workbook, the variant) and batches it.
    func run(in folder: URL, format: String, script: @escaping (URL, String) -> [String]) throws -> WorkbookRun {
        { variant, extra in
            let workbook = folder.appendingPathComponent("\(variant).\(format)")
            var arguments = script(workbook, variant)
            arguments[0] = Fixture.root.appendingPathComponent(arguments[0]).path
            XCTAssertEqual(try runTool("python3", arguments).status, 0)
            let output = folder.appendingPathComponent("\(variant)-\(format)-out")
            return (try self.saraban(["batch", Fixture.batchTemplate.path, "--table", workbook.path, "-o", output.path] + extra), workbook, output)
        }
    }

    /// Not a ZIP and a merged header stop the batch before anything is made; a formula error and merged rows cost
    /// their own row only (the second office's, in the sheet's row 3).
    func assertMistakesLocated(_ run: WorkbookRun, kind: String, mergedRows: String) throws {
        let (notZip, notZipFile, notZipOut) = try run("not-zip", [])
        XCTAssertNotEqual(notZip.status, 0)
        XCTAssertTrue(notZip.stderr.contains("\(notZipFile.path): error[invalid-table]: not \(kind) (it is not a ZIP archive)"), notZip.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: notZipOut.path), "nothing is made for a table that cannot be read")

        let (header, headerFile, headerOut) = try run("merged-header", [])
        assertRefused(header, saying: "\(headerFile.path):สำนักงาน!A1:B1: error[invalid-table]: the header's cells A1:B1 are merged", madeNothingAt: headerOut)

        let (formula, formulaFile, formulaOut) = try run("formula-error", [])
        XCTAssertEqual(formula.status, 1)
        let formulaRows = try manifest(formulaOut).rows
        XCTAssertEqual(formulaRows.filter { $0.status == "failed" }.map(\.row), [2])
        XCTAssertEqual(formulaRows.filter { $0.status == "rendered" }.count, formulaRows.count - 1)
        XCTAssertTrue(formula.stderr.contains("\(formulaFile.path):สำนักงาน!C3: scores.1: the cell holds the formula error #DIV/0!"), formula.stderr)

        let (merged, mergedFile, mergedOut) = try run("merged-rows", [])
        XCTAssertEqual(merged.status, 1)
        XCTAssertEqual(try manifest(mergedOut).rows.filter { $0.status == "failed" }.map(\.row), [2])
        XCTAssertTrue(merged.stderr.contains("\(mergedFile.path):สำนักงาน!\(mergedRows)"), merged.stderr)
    }

    func testAFormulaErrorExportedToCSVIsALocatedError() throws {
        let folder = try Fixture.temporaryFolder()
        let table = folder.appendingPathComponent("t.csv")
        try Data("agency.name,agency.abbreviation,published.total\nสำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2,สพป.ตาก เขต 2,#VALUE!\n".utf8).write(to: table)
        let result = try saraban(["batch", Fixture.batchTemplate.path, "--table", table.path, "-o", folder.appendingPathComponent("out").path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("\(table.path):2:3: published.total: the cell holds the formula error #VALUE!"), result.stderr)
    }

    // MARK: Folders of data files

    func testAFolderOfDataFilesWithOneBadFileRendersTheRest() throws {
        let folder = try Fixture.temporaryFolder()
        let offices = folder.appendingPathComponent("offices")
        try FileManager.default.createDirectory(at: offices, withIntermediateDirectories: true)
        let example = try String(contentsOf: Fixture.example, encoding: .utf8)
        for (name, agency) in [("tak1", "ตาก เขต 1"), ("tak2", "ตาก เขต 2"), ("tak3", "ตาก เขต 3")] {
            try Data(example.replacingOccurrences(of: "ตาก เขต 2", with: agency).utf8).write(to: offices.appendingPathComponent("\(name).yaml"))
        }
        try Data(example.replacingOccurrences(of: "  1: 98.10", with: "  1: 9810").utf8).write(to: offices.appendingPathComponent("bad.yaml"))
        try FileManager.default.copyItem(at: Fixture.root.appendingPathComponent("Examples/letter-measures-to-nacc.yaml"),
                                         to: offices.appendingPathComponent("letter.yaml"))
        try Data("not a data file".utf8).write(to: offices.appendingPathComponent("notes.txt"))
        let output = folder.appendingPathComponent("out")
        let result = try saraban(["batch", "--data", offices.path + "/*.yaml", "-o", output.path, "--jobs", "2"])
        XCTAssertEqual(result.status, 1, "one file failed")
        let rows = try manifest(output).rows
        XCTAssertEqual(rows.map(\.file), ["bad.pdf", "letter.pdf", "tak1.pdf", "tak2.pdf", "tak3.pdf"], "files in name order, named after them")
        XCTAssertEqual(rows.map(\.status), ["failed", "rendered", "rendered", "rendered", "rendered"])
        let bad = try XCTUnwrap(rows[0].findings.first { $0.severity == "error" })
        XCTAssertEqual(bad.file, offices.appendingPathComponent("bad.yaml").path)
        XCTAssertEqual(bad.line, 36)
        XCTAssertEqual(bad.field, "scores.1")
        XCTAssertEqual(rows[2].agency, "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 1")
        let tak3 = try runTool("pdftotext", [output.appendingPathComponent("tak3.pdf").path, "-"]).stdout
        XCTAssertTrue(tak3.contains("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต ๓"), tak3)
        // A file rendered by the batch is the file `saraban render` makes of it.
        let single = folder.appendingPathComponent("letter.pdf")
        XCTAssertEqual(try saraban(["render", "-q", offices.appendingPathComponent("letter.yaml").path, "-o", single.path]).status, 0)
        XCTAssertEqual(try Data(contentsOf: single), try Data(contentsOf: output.appendingPathComponent("letter.pdf")))
        // Resumed: only the changed file renders again.
        try Data(example.replacingOccurrences(of: "ตาก เขต 2", with: "ตาก เขต 4").utf8).write(to: offices.appendingPathComponent("tak2.yaml"))
        XCTAssertEqual(try saraban(["batch", "--data", offices.path, "-o", output.path, "--resume"]).status, 1)
        XCTAssertEqual(try manifest(output).rows.map(\.status), ["failed", "up-to-date", "up-to-date", "rendered", "up-to-date"])
        // No file matched, or a template with --data: said plainly, nothing made.
        let none = try saraban(["batch", "--data", folder.path + "/none/*.yaml", "-o", folder.appendingPathComponent("none-out").path])
        XCTAssertNotEqual(none.status, 0)
        XCTAssertTrue(none.stderr.contains("no data file matches"), none.stderr)
        let both = try saraban(["batch", Fixture.batchTemplate.path, "--data", offices.path, "-o", folder.appendingPathComponent("both").path])
        XCTAssertNotEqual(both.status, 0)
        XCTAssertTrue(both.stderr.contains("give either --data or a template with --table"), both.stderr)
    }
}
