import XCTest
@testable import SarabanCLI
import Foundation

/// `saraban batch`: a template over a table of agencies.
final class BatchTests: XCTestCase {
    static let epoch = ["SOURCE_DATE_EPOCH": "1700000000"]

    func table(rows: Int) throws -> URL { try Fixture.generatedTable(rows: rows) }

    func batch(_ table: URL, _ output: URL, _ extra: [String] = []) throws -> ToolResult {
        try runTool(Fixture.binary.path, ["batch", Fixture.batchTemplate.path, "--table", table.path, "-o", output.path] + extra,
                    environment: Self.epoch)
    }

    struct Manifest: Decodable {
        struct Entry: Decodable {
            let row: Int, agency: String, file: String?, pages: Int?, sha256: String?, status: String
            let findings: [Finding]
        }
        struct Finding: Decodable { let code: String, severity: String, file: String, line: Int, column: Int, field: String, message: String }
        let rows: [Entry]
    }

    func manifest(_ folder: URL) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
    }

    func testA245RowTableRendersCompletely() throws {
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try batch(try table(rows: 245), output)
        XCTAssertEqual(result.status, 0, result.stderr.suffix(2000).description)
        let rows = try manifest(output).rows
        XCTAssertEqual(rows.count, 245)
        XCTAssertEqual(Set(rows.map(\.status)), ["rendered"])
        XCTAssertEqual(Set(rows.compactMap(\.file)).count, 245, "every agency has its own file")
        for entry in rows.prefix(20) {
            let data = try Data(contentsOf: output.appendingPathComponent(entry.file!))
            XCTAssertEqual(String(decoding: data.prefix(5), as: UTF8.self), "%PDF-")
        }
        let csv = try String(contentsOf: output.appendingPathComponent("manifest.csv"), encoding: .utf8)
        XCTAssertEqual(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 246)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasPrefix(".") && $0 != ".saraban-batch.lock" }, [],
                       "no temporary or partial file, and no journal, is left")
        // And the second run with --resume renders nothing.
        let again = try batch(try table(rows: 245), output, ["--resume"])
        XCTAssertEqual(again.status, 0)
        XCTAssertEqual(Set(try manifest(output).rows.map(\.status)), ["up-to-date"])
    }

    func testResumeRendersOnlyWhatChanged() throws {
        let folder = try Fixture.temporaryFolder()
        let tableURL = try table(rows: 4)
        let output = folder.appendingPathComponent("out")
        XCTAssertEqual(try batch(tableURL, output).status, 0)
        var text = try String(contentsOf: tableURL, encoding: .utf8)
        text = text.replacingOccurrences(of: "นายผู้รายงาน ที่3", with: "นางสาวผู้รายงาน ที่3")
        try Data(text.utf8).write(to: tableURL)
        try FileManager.default.removeItem(at: output.appendingPathComponent(try manifest(output).rows[0].file!))
        XCTAssertEqual(try batch(tableURL, output, ["--resume"]).status, 0)
        XCTAssertEqual(try manifest(output).rows.map(\.status), ["rendered", "up-to-date", "rendered", "up-to-date"])
    }

    func testABadRowFailsAlone() throws {
        let tableURL = try table(rows: 5)
        var lines = try String(contentsOf: tableURL, encoding: .utf8).components(separatedBy: "\r\n")
        var fields = lines[3].components(separatedBy: ",")
        fields[4] = "103.5"  // scores.3 of data row 3
        lines[3] = fields.joined(separator: ",")
        try Data(lines.joined(separator: "\r\n").utf8).write(to: tableURL)
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try batch(tableURL, output)
        XCTAssertEqual(result.status, 1, "some row failed")
        let rows = try manifest(output).rows
        XCTAssertEqual(rows.map(\.status), ["rendered", "rendered", "failed", "rendered", "rendered"])
        let finding = try XCTUnwrap(rows[2].findings.first)
        XCTAssertEqual(finding.code, "score-out-of-range")
        XCTAssertEqual(finding.field, "scores.3")
        XCTAssertEqual(finding.line, 4, "data row 3 is the table's line 4")
        XCTAssertEqual(finding.column, 5)
        XCTAssertTrue(result.stderr.contains("row 3"), result.stderr)
        XCTAssertTrue(result.stderr.contains("expected a score from 0 to 100"), result.stderr)
        XCTAssertNil(rows[2].file.flatMap { FileManager.default.contents(atPath: output.appendingPathComponent($0).path) })
    }

    func testShardsTogetherGiveOneRun() throws {
        let tableURL = try table(rows: 7)
        let folder = try Fixture.temporaryFolder()
        let whole = folder.appendingPathComponent("whole"), first = folder.appendingPathComponent("first"), second = folder.appendingPathComponent("second")
        XCTAssertEqual(try batch(tableURL, whole).status, 0)
        XCTAssertEqual(try batch(tableURL, first, ["--shard", "1/2"]).status, 0)
        XCTAssertEqual(try batch(tableURL, second, ["--shard", "2/2"]).status, 0)
        let parts = try manifest(first).rows + manifest(second).rows
        XCTAssertEqual(parts.map(\.row).sorted(), Array(1...7))
        XCTAssertEqual(Set(try manifest(first).rows.map(\.row)).intersection(try manifest(second).rows.map(\.row)), [])
        let byRow = Dictionary(uniqueKeysWithValues: parts.map { ($0.row, $0.sha256) })
        for entry in try manifest(whole).rows { XCTAssertEqual(byRow[entry.row], entry.sha256, "row \(entry.row) is the same file") }
        // Worker processes give the same files as threads.
        let processes = folder.appendingPathComponent("processes")
        XCTAssertEqual(try batch(tableURL, processes, ["--processes", "--jobs", "2"]).status, 0)
        XCTAssertEqual(try manifest(processes).rows.map(\.sha256), try manifest(whole).rows.map(\.sha256))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: processes.path).filter { $0.hasPrefix(".") && $0 != ".saraban-batch.lock" }, [])
        let bad = try batch(tableURL, folder.appendingPathComponent("bad"), ["--shard", "3/2"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--shard expects K/N"), bad.stderr)
    }

    /// The same inputs give the same bytes, and a row's output is what `saraban render` makes of the same data.
    func testReproducibleAndEqualToRender() throws {
        let folder = try Fixture.temporaryFolder()
        let row = """
        agency.name,agency.abbreviation,scores.1,scores.2,scores.3,scores.4,scores.5,scores.6,scores.7,scores.8,scores.9.1,scores.9.2,scores.9.3,scores.9.4,scores.9.5,scores.10.1,scores.10.2,published.total,published.rating,signatories.1.name
        สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2,สพป.ตาก เขต 2,98.10,93.51,90.85,91.39,90.23,94.41,94.29,92.41,100,100,100,100,75,100,100,94.96,A,นายเสกฐวุฒิ กลิ่นหอม

        """
        let tableURL = folder.appendingPathComponent("seed.csv")
        try Data(row.utf8).write(to: tableURL)
        let output = folder.appendingPathComponent("out")
        XCTAssertEqual(try batch(tableURL, output).status, 0)
        let rendered = folder.appendingPathComponent("rendered.pdf")
        XCTAssertEqual(try runTool(Fixture.binary.path, ["render", "-q", Fixture.batchTemplate.path, "-o", rendered.path], environment: Self.epoch).status, 0)
        let fromBatch = try Data(contentsOf: output.appendingPathComponent("สพป.ตาก_เขต_2.pdf"))
        XCTAssertEqual(fromBatch, try Data(contentsOf: rendered), "a row's output is byte-identical to render")
        let again = folder.appendingPathComponent("again.pdf")
        XCTAssertEqual(try runTool(Fixture.binary.path, ["render", "-q", Fixture.batchTemplate.path, "-o", again.path], environment: Self.epoch).status, 0)
        XCTAssertEqual(try Data(contentsOf: again), try Data(contentsOf: rendered), "rendering twice gives the same bytes")
    }

    func testSpreadsheetCSV() throws {
        // A byte-order mark, Windows line ends, quoted fields with commas and a line break.
        let text = "\u{FEFF}agency.name,agency.abbreviation,signatories.1.name,signatories.1.positions\r\n"
            + "\"สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2\",\"สพป.ตาก, เขต 2\",นายเสกฐวุฒิ กลิ่นหอม,\"ศึกษานิเทศก์ชำนาญการ|ผู้รายงาน\"\r\n"
        let folder = try Fixture.temporaryFolder()
        let tableURL = folder.appendingPathComponent("excel.csv")
        try Data(text.utf8).write(to: tableURL)
        let output = folder.appendingPathComponent("out")
        let result = try batch(tableURL, output, ["--name", "{row}-{abbreviation}"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let entry = try XCTUnwrap(try manifest(output).rows.first)
        XCTAssertEqual(entry.file, "1-สพป.ตาก,_เขต_2.pdf")
        let pdfText = try runTool("pdftotext", ["-layout", output.appendingPathComponent(entry.file!).path, "-"]).stdout
        XCTAssertTrue(pdfText.contains("ศึกษานิเทศก์ชำนาญการ"))
    }

    /// An .xlsx workbook read directly: its first sheet, shared and inline strings, numbers, an empty cell; a bad
    /// cell named as the spreadsheet names it ("offices.xlsx:Sheet!O3"); a sheet asked for that is not there.
    func testWorkbookTable() throws {
        let folder = try Fixture.temporaryFolder()
        let workbook = folder.appendingPathComponent("offices.xlsx")
        XCTAssertEqual(try runTool("python3", [Fixture.root.appendingPathComponent("Tests/make_xlsx.py").path, workbook.path]).status, 0)
        let output = folder.appendingPathComponent("out")
        let result = try batch(workbook, output)
        XCTAssertEqual(result.status, 1, "one row fails")
        let rows = try manifest(output).rows
        XCTAssertEqual(rows.count, 2)
        let rendered = try XCTUnwrap(rows.first { $0.status == "rendered" })
        let text = try runTool("pdftotext", [output.appendingPathComponent(rendered.file!).path, "-"]).stdout
        XCTAssertTrue(text.contains("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต ๒"), text)
        XCTAssertTrue(result.stdout.contains("\(workbook.path):สำนักงาน!O3: scores.9.5: expected a score from 0 to 100, found \"190\"")
                      || result.stderr.contains("\(workbook.path):สำนักงาน!O3: scores.9.5"), result.stdout + result.stderr)
        let missing = try batch(workbook, folder.appendingPathComponent("none"), ["--sheet", "Sheet9"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("the workbook has no sheet \"Sheet9\"; its sheets: สำนักงาน"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("none").path), "no folder for a table that cannot be read")
    }

    func testWorkbookCellValues() {
        XCTAssertEqual(WorkbookSheet.plain(94.960000000000008, as: "94.960000000000008"), "94.96")
        XCTAssertEqual(WorkbookSheet.plain(98.1, as: "98.1"), "98.1")
        XCTAssertEqual(WorkbookSheet.date(45306), "2024-01-15")
        XCTAssertEqual(WorkbookSheet.reference("AB12")?.column, 27)
        XCTAssertEqual(WorkbookSheet.reference("AB12")?.row, 12)
        XCTAssertEqual(WorkbookSheet.columnName(27), "AB")
        XCTAssertEqual(WorkbookSheet.columnName(0), "A")
    }

    func testUnknownColumnIsRefused() throws {
        let folder = try Fixture.temporaryFolder()
        let tableURL = folder.appendingPathComponent("t.csv")
        try Data("agency.name,agency.abbreviation,scroes.1\nก,ข,90\n".utf8).write(to: tableURL)
        let result = try batch(tableURL, folder.appendingPathComponent("out"))
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("t.csv:1:3: error[unknown-field]: scroes.1: unknown column \"scroes.1\"; did you mean \"scores.1\"?"), result.stderr)
    }

    func testInterruptedBatchKeepsWhatWasDone() throws {
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        let process = Process()
        process.executableURL = Fixture.binary
        process.arguments = ["batch", Fixture.batchTemplate.path, "--table", try table(rows: 245).path, "-o", output.path, "--jobs", "2"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        // Wait until some rows are done, then interrupt as Ctrl-C would.
        var seen = Data()
        while process.isRunning, seen.split(separator: 0x0A).count < 6 {
            seen += errors.fileHandleForReading.availableData
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130)
        let rows = try manifest(output).rows
        XCTAssertEqual(rows.count, 245)
        let rendered = rows.filter { $0.status == "rendered" }
        XCTAssertGreaterThan(rendered.count, 0)
        XCTAssertGreaterThan(rows.filter { $0.status == "not-run" }.count, 0, "interrupted before the end")
        for entry in rendered { XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent(entry.file!).path)) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasPrefix(".") && $0 != ".saraban-batch.lock" }, [],
                       "no partial file remains")
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".pdf") }
        XCTAssertEqual(pdfs.count, rendered.count, "every PDF on disk is in the manifest")
    }

    func testSignedBatchValidates() throws {
        let pki = try Fixture.temporaryFolder()
        XCTAssertEqual(try runTool("bash", [Fixture.root.appendingPathComponent("Tests/make-test-pki.sh").path, pki.path]).status, 0)
        let output = try Fixture.temporaryFolder().appendingPathComponent("signed")
        let result = try batch(try table(rows: 3), output, ["--sign-key", pki.appendingPathComponent("rsa-key.pem").path,
                                                           "--sign-cert", pki.appendingPathComponent("rsa-cert.pem").path, "--visible"])
        XCTAssertEqual(result.status, 0, result.stderr)
        for entry in try manifest(output).rows {
            let pdf = output.appendingPathComponent(entry.file!).path
            let poppler = try runTool("pdfsig", ["-nssdir", "sql:" + pki.appendingPathComponent("nssdb").path, pdf])
            XCTAssertTrue(poppler.stdout.contains("Signature is Valid."), poppler.stdout)
            XCTAssertTrue(poppler.stdout.contains("Certificate is Trusted."), poppler.stdout)
            let hanko = try runTool("pyhanko", ["sign", "validate", "--executive-summary", "--trust",
                                                pki.appendingPathComponent("root-cert.pem").path, "--trust-replace", "--no-revocation-check", pdf])
            XCTAssertEqual(hanko.status, 0, hanko.stdout + hanko.stderr)
        }
    }

    /// A row that cannot be signed fails alone, with the signing problem's own code in the manifest (here the
    /// documents have no fifth signatory's block to sign in), not a generic failure.
    func testRowsThatCannotBeSignedSayWhyWithTheCode() throws {
        let pki = try Fixture.temporaryFolder()
        XCTAssertEqual(try runTool("bash", [Fixture.root.appendingPathComponent("Tests/make-test-pki.sh").path, pki.path]).status, 0)
        let output = try Fixture.temporaryFolder().appendingPathComponent("signed")
        let result = try batch(try table(rows: 2), output, ["--sign-key", pki.appendingPathComponent("rsa-key.pem").path,
                                                           "--sign-cert", pki.appendingPathComponent("rsa-cert.pem").path,
                                                           "--visible", "--signer", "5"])
        XCTAssertEqual(result.status, 1, result.stderr)
        let rows = try manifest(output).rows
        XCTAssertEqual(rows.count, 2)
        for entry in rows {
            XCTAssertEqual(entry.status, "failed")
            XCTAssertEqual(entry.findings.first?.code, "no-signature-block", entry.findings.description)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent(entry.file ?? "none").path))
        }
    }

    // MARK: Nothing lost

    /// A table written from `lines` (the header first).
    func csv(_ lines: [String]) throws -> URL {
        let url = try Fixture.temporaryFolder().appendingPathComponent("offices.csv")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
    }

    static let office = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2"

    func testCollidingOutputNamesFailTheRowsInvolvedWithThreadsAndProcesses() throws {
        let table = try csv(["agency.name,agency.abbreviation,file", "\(Self.office),A,", "\(Self.office),B,same", "\(Self.office),C,SAME.pdf"])
        for mode in [[], ["--processes", "--jobs", "2"]] {
            let output = try Fixture.temporaryFolder().appendingPathComponent("out")
            let result = try batch(table, output, mode)
            XCTAssertEqual(result.status, 1, result.stderr)
            let rows = try manifest(output).rows.sorted { $0.row < $1.row }
            XCTAssertEqual(rows.map(\.status), ["rendered", "failed", "failed"], mode.description)
            XCTAssertEqual(rows[1].findings.first?.code, "output-name-collision")
            XCTAssertTrue(rows[1].findings.first?.message.contains("rows 2 and 3") ?? false, rows[1].findings.description)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent("same.pdf").path))
        }
    }

    func testAFileTheBatchDidNotWriteIsNeverReplaced() throws {
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output.appendingPathComponent("B.pdf"), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: output.appendingPathComponent("A.pdf"))
        let table = try csv(["agency.name,agency.abbreviation", "\(Self.office),A", "\(Self.office),B", "\(Self.office),C"])
        let result = try batch(table, output)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(try String(contentsOf: output.appendingPathComponent("A.pdf"), encoding: .utf8), "mine")
        var isFolder: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("B.pdf").path, isDirectory: &isFolder) && isFolder.boolValue)
        let rows = try manifest(output).rows.sorted { $0.row < $1.row }
        XCTAssertEqual(rows.map(\.status), ["failed", "failed", "rendered"])
        XCTAssertTrue(rows[0].findings.contains { $0.severity == "error" && $0.message.contains("saraban did not write it") })
        XCTAssertTrue(rows[1].findings.contains { $0.severity == "error" && $0.message.contains("it is a folder") })
        // Its own earlier output is replaced on the next run, as the manifest lists it.
        XCTAssertEqual(try batch(table, output).status, 1)
        XCTAssertEqual(try manifest(output).rows.sorted { $0.row < $1.row }[2].status, "rendered")
    }

    /// The window a random kill rarely hits: a row's PDF renamed into place, its journal line not yet written.
    /// The intent line journaled before the rename claims the file only if the file holds the bytes it names.
    func testAFileRenamedJustBeforeAKillIsClaimedOnlyByItsDigest() throws {
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        let table = try csv(["agency.name,agency.abbreviation", "\(Self.office),A", "\(Self.office),B"])
        XCTAssertEqual(try batch(table, output).status, 0)
        // Leave the folder as that kill would: no manifest, a journal of intents only.
        let manifestData = try Data(contentsOf: output.appendingPathComponent("manifest.json"))
        let rows = try XCTUnwrap((try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])?["rows"] as? [[String: Any]])
        let intents = try rows.map { row -> Data in
            var intent = row
            intent["status"] = "writing"
            return try JSONSerialization.data(withJSONObject: intent) + Data("\n".utf8)
        }
        try intents.reduce(Data(), +).write(to: output.appendingPathComponent(".saraban-journal.jsonl"))
        for name in ["manifest.json", "manifest.csv"] { try FileManager.default.removeItem(at: output.appendingPathComponent(name)) }
        // B.pdf is changed after the kill (by hand): it is no longer the file the intent names.
        try Data("edited".utf8).write(to: output.appendingPathComponent("B.pdf"))
        let resumed = try batch(table, output, ["--resume"])
        XCTAssertEqual(resumed.status, 1)
        let statuses = try manifest(output).rows.sorted { $0.row < $1.row }.map(\.status)
        XCTAssertEqual(statuses, ["up-to-date", "failed"])
        XCTAssertEqual(try String(contentsOf: output.appendingPathComponent("B.pdf"), encoding: .utf8), "edited")
    }

    func testBadCellsAndColumnsAreLocatedErrors() throws {
        let table = try csv(["agency.name,agency.abbreviation,signatories.1.positions",
                             "\(Self.office),A\u{0}X,", "\(Self.office),{{unknown}},", "\(Self.office),C,{{agency.nam}}", "\(Self.office),D,ผู้อำนวยการ|{{agency.name}}"])
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        XCTAssertEqual(try batch(table, output).status, 1)
        let rows = try manifest(output).rows.sorted { $0.row < $1.row }
        XCTAssertEqual(rows.map(\.status), ["failed", "failed", "failed", "rendered"])
        let errors = rows.map { $0.findings.filter { $0.severity == "error" } }
        XCTAssertEqual(errors[0].first?.line, 2)
        XCTAssertEqual(errors[0].first?.column, 2)
        XCTAssertTrue(errors[0].first?.message.contains("control character U+0000") ?? false, errors[0].description)
        XCTAssertEqual(errors[1].first?.code, "unknown-placeholder")
        XCTAssertEqual(errors[2].first?.code, "unknown-placeholder")
        XCTAssertEqual(errors[2].first?.column, 3)

        let duplicate = try csv(["agency.name,agency.abbreviation,agency.name", "\(Self.office),A,x"])
        let untouched = try Fixture.temporaryFolder().appendingPathComponent("out")
        let result = try batch(duplicate, untouched)
        XCTAssertEqual(result.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: untouched.path), "a bad table leaves no folder, lock or journal")
        XCTAssertTrue(result.stderr.contains("offices.csv:1:3: error[duplicate-field]: agency.name: the column \"agency.name\" is given twice"), result.stderr)
    }

    func testAFullDiskStopsTheBatchAtTheFirstFailedWrite() throws {
        // RLIMIT_FSIZE stands in for a full disk: a PDF (about 90 KB) cannot be written, the manifest (a few KB) can.
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        let command = [Fixture.binary.path, "batch", Fixture.batchTemplate.path, "--table", try table(rows: 8).path, "-o", output.path, "--jobs", "1"]
        let result = try runTool("sh", ["-c", "trap '' XFSZ; ulimit -f 40; exec \"$@\"", "sh"] + command, environment: Self.epoch)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("the batch stopped at the first write that failed"), result.stderr)
        let rows = try manifest(output).rows
        XCTAssertEqual(rows.filter { $0.status == "failed" }.count, 1)
        XCTAssertEqual(rows.filter { $0.status == "not-run" }.count, 7)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".pdf") || $0.hasSuffix(".tmp") }, [])
    }

    func testASecondBatchIntoTheSameFolderIsRefused() throws {
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        let first = Process()
        first.executableURL = Fixture.binary
        first.arguments = ["batch", Fixture.batchTemplate.path, "--table", try table(rows: 60).path, "-o", output.path, "--jobs", "1"]
        first.standardError = FileHandle.nullDevice
        try first.run()
        defer { first.terminate(); first.waitUntilExit() }
        // Wait until the first batch holds its lock (its journal appears with its first row).
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: output.appendingPathComponent(".saraban-journal.jsonl").path), Date() < deadline {
            usleep(20_000)
        }
        let second = try batch(try table(rows: 2), output)
        XCTAssertEqual(second.status, 1)
        XCTAssertTrue(second.stderr.contains("another batch is writing into"), second.stderr)
    }

    func testABatchKilledAtRandomMomentsResumesWithoutRedoingFinishedRows() throws {
        let output = try Fixture.temporaryFolder().appendingPathComponent("out")
        let table = try table(rows: 40)
        var generator = SystemRandomNumberGenerator()
        /// What a run (killed or not) finished: its journal's rows, or its manifest's once it completed; and a row
        /// journaled as about to be written whose file, killed or not, holds exactly the bytes the journal names.
        func finished() -> Set<String> {
            let journal = ((try? Data(contentsOf: output.appendingPathComponent(".saraban-journal.jsonl"))) ?? Data())
                .split(separator: 0x0A).compactMap { try? JSONDecoder().decode(Manifest.Entry.self, from: Data($0)) }
            let manifest = (try? self.manifest(output).rows) ?? []
            return Set((manifest + journal).filter { entry in
                if entry.status == "writing", let file = entry.file {
                    return BatchRunner.digest(ofFileAt: output.appendingPathComponent(file)) == entry.sha256
                }
                return entry.status == "rendered" || entry.status == "up-to-date"
            }.compactMap(\.file))
        }
        for trial in 0..<3 {
            let run = Process()
            run.executableURL = Fixture.binary
            run.arguments = ["batch", Fixture.batchTemplate.path, "--table", table.path, "-o", output.path, "--resume"]
            run.environment = ProcessInfo.processInfo.environment.merging(Self.epoch) { $1 }
            run.standardError = FileHandle.nullDevice
            run.standardOutput = FileHandle.nullDevice
            try run.run()
            usleep(UInt32.random(in: 100_000...700_000, using: &generator))
            kill(run.processIdentifier, SIGKILL)
            run.waitUntilExit()
            // What is recorded as finished is on the disk, whole.
            for file in finished() {
                XCTAssertEqual(try runTool("qpdf", ["--check", output.appendingPathComponent(file).path]).status, 0, "trial \(trial): \(file)")
            }
        }
        let before = finished()
        let last = try batch(table, output, ["--resume"])
        XCTAssertEqual(last.status, 0, last.stderr)
        let rows = try manifest(output).rows
        XCTAssertEqual(rows.count, 40)
        XCTAssertEqual(Set(rows.filter { $0.status == "up-to-date" }.compactMap(\.file)), before, "finished rows are not rendered again")
        XCTAssertEqual(rows.filter { $0.status == "rendered" }.count, 40 - before.count, "no row fails for a file an earlier run wrote")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".tmp") }, [])
    }

    /// The writer thread takes the workers' PDFs in the order given, every one of them before `finish` returns, and
    /// never lets more than its capacity wait: a worker that finds the queue full waits for room.
    func testTheWriterThreadKeepsOrderAndBoundsWhatWaits() {
        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var handled: [Int] = []
            var submitted = 0
            func add(_ update: (Tally) -> Void) { lock.lock(); update(self); lock.unlock() }
            var snapshot: (handled: [Int], submitted: Int) { lock.lock(); defer { lock.unlock() }; return (handled, submitted) }
        }
        let tally = Tally()
        let gate = DispatchSemaphore(value: 0)
        let writer = BatchWriter<Int>(capacity: 2) { job in
            gate.wait()
            tally.add { $0.handled.append(job) }
        }
        let submitter = Thread {
            for job in 0..<10 {
                writer.submit(job)
                tally.add { $0.submitted += 1 }
            }
        }
        submitter.start()
        usleep(300_000)
        // One job in the writer's hands (held at the gate) and two waiting: the fourth submit waits.
        XCTAssertLessThanOrEqual(tally.snapshot.submitted, 3)
        XCTAssertEqual(tally.snapshot.handled, [])
        for _ in 0..<10 { gate.signal() }
        while tally.snapshot.submitted < 10 { usleep(1_000) }
        writer.finish()
        XCTAssertEqual(tally.snapshot.handled, Array(0..<10))
    }

}
