import XCTest
import Foundation
@testable import SarabanCLI

/// The data a PDF was made from, carried inside it (`--embed-data`), taken out again (`extract`) and re-checked
/// (`check FILE.pdf`).
final class SourceDataTests: XCTestCase {
    static let epoch = ["SOURCE_DATE_EPOCH": "1700000000"]

    func saraban(_ arguments: [String]) throws -> ToolResult {
        try runTool(Fixture.binary.path, arguments, environment: Self.epoch)
    }

    func embeddedPDF(in folder: URL) throws -> URL {
        let pdf = folder.appendingPathComponent("report.pdf")
        let result = try saraban(["render", "-q", Fixture.batchTemplate.path, "-o", pdf.path, "--embed-data"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return pdf
    }

    func testTheDataAndTheLibraryComeBackByteForByte() throws {
        let folder = try Fixture.temporaryFolder()
        let pdf = try embeddedPDF(in: folder)
        XCTAssertEqual(try runTool("qpdf", ["--check", pdf.path]).status, 0)
        let listed = try runTool("pdfdetach", ["-list", pdf.path]).stdout
        XCTAssertTrue(listed.contains("1: template.yaml") && listed.contains("2: analysis-library.yaml"), listed)
        // Associated files of the catalog, related as the document's source, with their type and checksum.
        let catalog = try runTool("mutool", ["show", pdf.path, "trailer/Root/AF"]).stdout
        let specNumber = try XCTUnwrap(catalog.split(separator: " ").dropFirst().first.map(String.init))
        let spec = try runTool("mutool", ["show", pdf.path, specNumber]).stdout
        XCTAssertTrue(spec.contains("/AFRelationship /Source"), spec)
        let ef = try XCTUnwrap(spec.range(of: "/EF <<"))
        let streamNumber = try XCTUnwrap(spec[ef.upperBound...].split(whereSeparator: \.isWhitespace).dropFirst().first.map(String.init))
        let stream = try runTool("mutool", ["show", pdf.path, streamNumber]).stdout
        XCTAssertTrue(stream.contains("/Subtype /application#2Fyaml") && stream.contains("/CheckSum <"), stream)
        let out = folder.appendingPathComponent("out")
        let extracted = try saraban(["extract", pdf.path, "-o", out.path])
        XCTAssertEqual(extracted.status, 0, extracted.stderr)
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("template.yaml")), try Data(contentsOf: Fixture.batchTemplate))
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("analysis-library.yaml")),
                       try Data(contentsOf: Fixture.root.appendingPathComponent("Examples/batch/analysis-library.yaml")))
        // Never over a file it did not write, unless asked.
        let again = try saraban(["extract", pdf.path, "-o", out.path])
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("exists and saraban did not write it"), again.stderr)
        XCTAssertEqual(try saraban(["extract", pdf.path, "-o", out.path, "--force"]).status, 0)
        // The pages are the same with or without the data inside.
        let plain = folder.appendingPathComponent("plain.pdf")
        XCTAssertEqual(try saraban(["render", "-q", Fixture.batchTemplate.path, "-o", plain.path]).status, 0)
        XCTAssertEqual(try runTool("pdftotext", [pdf.path, "-"]).stdout, try runTool("pdftotext", [plain.path, "-"]).stdout)
    }

    /// A memo that sets the report into its PDF carries the report's data too: `extract` gives back both, and
    /// `check` on the PDF re-checks the report and compares its total and rating with the pages.
    func testAMemoCarriesTheReportItSetsIn() throws {
        let memo = try Fixture.dataFileBesideTheReport(try String(contentsOf: Fixture.root.appendingPathComponent("Examples/memo-measures-approval.yaml"), encoding: .utf8),
                                                       name: "memo.yaml")
        let pdf = memo.deletingPathExtension().appendingPathExtension("pdf")
        XCTAssertEqual(try saraban(["render", "-q", memo.path, "-o", pdf.path, "--embed-data"]).status, 0)
        let out = memo.deletingLastPathComponent().appendingPathComponent("out")
        XCTAssertEqual(try saraban(["extract", pdf.path, "-o", out.path]).status, 0)
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("memo.yaml")), try Data(contentsOf: memo))
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent(Fixture.example.lastPathComponent)), try Data(contentsOf: Fixture.example))
        let checked = try saraban(["check", pdf.path])
        XCTAssertEqual(checked.status, 0, checked.stdout + checked.stderr)
        XCTAssertTrue(checked.stdout.contains("\(pdf.path)#\(Fixture.example.lastPathComponent):") && checked.stdout.contains("\(pdf.path)#memo.yaml: 0 errors"),
                      checked.stdout)
        XCTAssertFalse(checked.stdout.contains("pdf-shows-other-numbers"), checked.stdout)
    }

    func testCheckRunsOnTheEmbeddedDataAndCatchesATamperedFile() throws {
        let folder = try Fixture.temporaryFolder()
        let pdf = try embeddedPDF(in: folder)
        let checked = try saraban(["check", pdf.path])
        XCTAssertEqual(checked.status, 0, checked.stdout + checked.stderr)
        XCTAssertTrue(checked.stdout.contains("\(pdf.path)#template.yaml: 0 errors"), checked.stdout)
        // The same length, one digit changed inside the embedded file: the checksum no longer matches.
        var bytes = [UInt8](try Data(contentsOf: pdf))
        let needle = Array("measures_year: 2567".utf8)
        let at = try XCTUnwrap((0...(bytes.count - needle.count)).first { Array(bytes[$0..<$0 + needle.count]) == needle })
        bytes[at + needle.count - 1] = UInt8(ascii: "8")
        let tampered = folder.appendingPathComponent("tampered.pdf")
        try Data(bytes).write(to: tampered)
        for command in [["check", tampered.path], ["extract", tampered.path, "-o", folder.appendingPathComponent("t").path]] {
            let result = try saraban(command)
            XCTAssertEqual(result.status, command[0] == "check" ? 2 : 1, command.joined(separator: " "))
            XCTAssertTrue(result.stderr.contains("the embedded template.yaml does not match the checksum recorded when the PDF was made"), result.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("t").path), "nothing written from an altered PDF")
        let none = folder.appendingPathComponent("none.pdf")
        XCTAssertEqual(try saraban(["render", "-q", Fixture.example.path, "-o", none.path]).status, 0)
        XCTAssertTrue(try saraban(["extract", none.path]).stderr.contains("carries no source data"))
    }

    /// Data that is intact but not what the pages show (another file attached to the PDF afterwards, or pages
    /// edited): the checksum holds, the total and rating the data computes are not on the pages, and check says so.
    func testCheckComparesTheTotalAndRatingWithThePages() throws {
        let folder = try Fixture.temporaryFolder()
        let pages = folder.appendingPathComponent("pages.pdf")
        try RenderPipeline().render(Fixture.example, to: pages)
        let original = try String(contentsOf: Fixture.example, encoding: .utf8)
        let published = "published:          # as NACC published them; saraban's computation must agree\n  total: 94.96\n  rating: A\n"
        XCTAssertTrue(original.contains(published) && original.contains("  1: 98.10\n"))
        let other = try Fixture.dataFile(original.replacingOccurrences(of: published, with: "").replacingOccurrences(of: "  1: 98.10\n", with: "  1: 96.10\n"))
        XCTAssertEqual(try saraban(["check", other.path]).status, 0, "the other data is sound in itself")
        let mismatched = folder.appendingPathComponent("mismatched.pdf")
        try SourceData.embedding(other, in: try Data(contentsOf: pages)).write(to: mismatched)
        let checked = try saraban(["check", mismatched.path])
        XCTAssertEqual(checked.status, 2, checked.stdout + checked.stderr)
        XCTAssertTrue(checked.stdout.contains("error[pdf-shows-other-numbers]") && checked.stdout.contains("the PDF does not show"), checked.stdout)
        let matched = folder.appendingPathComponent("matched.pdf")
        try SourceData.embedding(Fixture.example, in: try Data(contentsOf: pages)).write(to: matched)
        XCTAssertEqual(try saraban(["check", matched.path]).status, 0)
    }

    func testABatchOfDataFilesCarriesEachFile() throws {
        let folder = try Fixture.temporaryFolder()
        let offices = folder.appendingPathComponent("offices")
        try FileManager.default.createDirectory(at: offices, withIntermediateDirectories: true)
        for name in ["letter-measures-to-nacc.yaml", "order-ita-working-group.yaml"] {
            try FileManager.default.copyItem(at: Fixture.root.appendingPathComponent("Examples/\(name)"), to: offices.appendingPathComponent(name))
        }
        let output = folder.appendingPathComponent("out")
        let result = try saraban(["batch", "--data", offices.path, "-o", output.path, "--embed-data"])
        XCTAssertEqual(result.status, 0, result.stderr)
        for name in ["letter-measures-to-nacc", "order-ita-working-group"] {
            let back = folder.appendingPathComponent("back-\(name)")
            XCTAssertEqual(try saraban(["extract", output.appendingPathComponent("\(name).pdf").path, "-o", back.path]).status, 0)
            XCTAssertEqual(try Data(contentsOf: back.appendingPathComponent("\(name).yaml")),
                           try Data(contentsOf: offices.appendingPathComponent("\(name).yaml")))
        }
    }

    /// A table batch carries each row's own data: the template with the row's cells in it, which reads back as that
    /// office's document — re-rendered from what `extract` gives, it shows the same text as the batch's PDF, and
    /// `check FILE.pdf` finds the row's own total and rating on its pages.
    func testATableBatchCarriesEachRowsOwnData() throws {
        let folder = try Fixture.temporaryFolder()
        let table = folder.appendingPathComponent("offices.csv")
        let lines = try String(contentsOf: Fixture.root.appendingPathComponent("Examples/batch/offices.csv"), encoding: .utf8)
            .components(separatedBy: .newlines).filter { !$0.isEmpty }
        try Data((lines.prefix(5).joined(separator: "\r\n") + "\r\n").utf8).write(to: table)
        let output = folder.appendingPathComponent("out")
        let result = try saraban(["batch", Fixture.batchTemplate.path, "--table", table.path, "-o", output.path, "--embed-data"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".pdf") }.sorted()
        XCTAssertEqual(pdfs.count, 4)
        var totals = Set<String>()
        for name in pdfs {
            let pdf = output.appendingPathComponent(name), base = String(name.dropLast(4))
            let listed = try runTool("pdfdetach", ["-list", pdf.path]).stdout
            XCTAssertTrue(listed.contains("1: \(base).yaml") && listed.contains("2: analysis-library.yaml"), listed)
            let checked = try saraban(["check", pdf.path])
            XCTAssertEqual(checked.status, 0, checked.stdout + checked.stderr)
            let back = folder.appendingPathComponent("back-\(base)")
            XCTAssertEqual(try saraban(["extract", pdf.path, "-o", back.path]).status, 0)
            let data = back.appendingPathComponent("\(base).yaml")
            let again = back.appendingPathComponent("again.pdf")
            XCTAssertEqual(try saraban(["render", "-q", data.path, "-o", again.path]).status, 0)
            XCTAssertEqual(try runTool("pdftotext", ["-layout", again.path, "-"]).stdout, try runTool("pdftotext", ["-layout", pdf.path, "-"]).stdout,
                           "\(name): the carried data renders as the row did")
            let json = try saraban(["check", "--format", "json", data.path]).stdout
            let computed = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["computed"] as? [String: Any])
            totals.insert(try XCTUnwrap(computed["total"] as? String))
        }
        XCTAssertEqual(totals.count, 4, "each PDF carries its own office's scores, not the template's: \(totals)")
    }
}
