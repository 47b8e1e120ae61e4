import XCTest
import Foundation

/// `--pdfa 1b|2b|3b`: PDF/A-1b validated by PDFBox Preflight (Debian's libpdfbox2-java); 2b and 3b, which
/// Preflight does not validate, checked part by part on the file.
final class ArchivalTests: XCTestCase {
    static let epoch = ["SOURCE_DATE_EPOCH": "1700000000"]

    func saraban(_ arguments: [String]) throws -> ToolResult {
        try runTool(Fixture.binary.path, arguments, environment: Self.epoch)
    }

    /// Preflight's verdict lines: "The file … is a valid PDF/A-1b file", or the errors.
    func preflight(_ pdf: URL) throws -> String {
        let jars = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "javax.activation", "jaxb-api", "commons-logging"]
            .map { "/usr/share/java/\($0).jar" }
        for jar in jars where !FileManager.default.fileExists(atPath: jar) {
            XCTFail("\(jar) is missing: make test installs libpdfbox2-java, libactivation-java and libjaxb-api-java")
        }
        let result = try runTool("java", ["-cp", jars.joined(separator: ":"), "org.apache.pdfbox.preflight.Validator_A1b", pdf.path])
        return result.stdout + result.stderr.split(separator: "\n").filter { $0.contains(" : ") }.joined(separator: "\n")
    }

    func render(_ input: URL, _ extra: [String], in folder: URL, name: String) throws -> URL {
        let pdf = folder.appendingPathComponent(name)
        let result = try saraban(["render", "-q", input.path, "-o", pdf.path] + extra)
        XCTAssertEqual(result.status, 0, result.stderr)
        return pdf
    }

    func testPDFA1bPassesPreflightSignedOrNot() throws {
        let folder = try Fixture.temporaryFolder()
        let plain = try render(Fixture.example, [], in: folder, name: "plain.pdf")
        XCTAssertFalse(try preflight(plain).contains("is a valid PDF/A-1b file"), "the plain PDF is not PDF/A: the check can fail")
        let archival = try render(Fixture.example, ["--pdfa", "1b"], in: folder, name: "a1b.pdf")
        let verdict = try preflight(archival)
        XCTAssertTrue(verdict.contains("is a valid PDF/A-1b file"), verdict)
        XCTAssertEqual(try runTool("qpdf", ["--check", archival.path]).status, 0)
        XCTAssertEqual(try runTool("pdftotext", [archival.path, "-"]).stdout, try runTool("pdftotext", [plain.path, "-"]).stdout,
                       "the text is what it was")
        let again = try render(Fixture.example, ["--pdfa", "1b"], in: folder, name: "again.pdf")
        XCTAssertEqual(try Data(contentsOf: again), try Data(contentsOf: archival), "the same input gives the same file, /ID included")
        // Signed after: the widget has an appearance and uses no font that is not embedded.
        let key = folder.appendingPathComponent("key.pem"), cert = folder.appendingPathComponent("cert.pem")
        let made = try runTool("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.path,
                                           "-out", cert.path, "-days", "30", "-subj", "/CN=Archive Test", "-addext", "keyUsage=digitalSignature,nonRepudiation"])
        XCTAssertEqual(made.status, 0, made.stderr)
        for visible in [[], ["--visible"]] {
            let signed = try render(Fixture.example, ["--pdfa", "1b", "--sign-key", key.path, "--sign-cert", cert.path] + visible,
                                    in: folder, name: "signed\(visible.count).pdf")
            let signedVerdict = try preflight(signed)
            XCTAssertTrue(signedVerdict.contains("is a valid PDF/A-1b file"), signedVerdict)
            let verified = try saraban(["verify", signed.path, "--trust", cert.path])
            XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
        }
    }

    func testPDFA2bAnd3bHaveWhatEachPartAsks() throws {
        let folder = try Fixture.temporaryFolder()
        for part in ["2b", "3b"] {
            let extra = part == "3b" ? ["--embed-data"] : []
            let pdf = try render(Fixture.batchTemplate, ["--pdfa", part] + extra, in: folder, name: "\(part).pdf")
            let trailer = try runTool("mutool", ["show", pdf.path, "trailer"]).stdout
            XCTAssertTrue(trailer.contains("/ID"), trailer)
            let metadata = try runTool("mutool", ["show", "-b", pdf.path, "trailer/Root/Metadata"]).stdout
            XCTAssertTrue(metadata.contains("<pdfaid:part>\(part.prefix(1))</pdfaid:part>") && metadata.contains("<pdfaid:conformance>B</pdfaid:conformance>"), metadata)
            XCTAssertTrue(metadata.contains("<dc:creator><rdf:Seq><rdf:li>สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2</rdf:li>"), "XMP says what Info says")
            XCTAssertTrue(metadata.contains("<xmp:CreateDate>2023-11-14T22:13:20Z</xmp:CreateDate>"), metadata)
            let info = try runTool("mutool", ["show", pdf.path, "trailer/Info/CreationDate"]).stdout
            XCTAssertTrue(info.contains("20231114221320Z"), info)
            let intent = try runTool("mutool", ["show", pdf.path, "trailer/Root/OutputIntents"]).stdout
            let intentNumber = try XCTUnwrap(intent.split(separator: " ").dropFirst().first.map(String.init))
            let intentText = try runTool("mutool", ["show", pdf.path, intentNumber]).stdout
            XCTAssertTrue(intentText.contains("/S /GTS_PDFA1") && intentText.contains("/DestOutputProfile"), intentText)
            let profile = try runTool("mutool", ["show", pdf.path, intentNumber + "/DestOutputProfile"]).stdout
            XCTAssertTrue(profile.contains("/N 3"), profile)
            let page = try runTool("mutool", ["show", pdf.path, "trailer/Root/Pages/Kids/0"]).stdout
            XCTAssertFalse(page.contains("/Group"), "no page transparency group")
            if part == "3b" {
                XCTAssertTrue(try runTool("mutool", ["show", pdf.path, "trailer/Root/AF"]).stdout.contains("R"), "the data as associated files")
            }
        }
        // A batch of data files as PDF/A-3b, each carrying its own file.
        let offices = folder.appendingPathComponent("offices")
        try FileManager.default.createDirectory(at: offices, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixture.example, to: offices.appendingPathComponent("tak2.yaml"))
        let batch = try saraban(["batch", "--data", offices.path, "-o", folder.appendingPathComponent("batch").path, "--pdfa", "3b", "--embed-data"])
        XCTAssertEqual(batch.status, 0, batch.stderr)
        let batchPDF = folder.appendingPathComponent("batch/tak2.pdf")
        XCTAssertTrue(try runTool("mutool", ["show", "-b", batchPDF.path, "trailer/Root/Metadata"]).stdout.contains("<pdfaid:part>3</pdfaid:part>"))
        XCTAssertTrue(try runTool("pdfdetach", ["-list", batchPDF.path]).stdout.contains("1: tak2.yaml"))
        let refused = try saraban(["render", Fixture.example.path, "-o", folder.appendingPathComponent("no.pdf").path, "--pdfa", "2b", "--embed-data"])
        assertRefused(refused, saying: "PDF/A-2b cannot carry embedded files", madeNothingAt: folder.appendingPathComponent("no.pdf"))
    }

    /// A layout may ask for PDF/A for every document set with it; --pdfa overrides it, none included.
    func testTheLayoutFileGivesTheDefaultPart() throws {
        let folder = try Fixture.temporaryFolder()
        let layout = folder.appendingPathComponent("archival.yaml")
        let text = try String(contentsOf: Fixture.layout, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "name: ita-measures\n", with: "name: ita-measures\npdfa: 2b\n").utf8).write(to: layout)
        func part(_ extra: [String], _ name: String) throws -> String {
            let pdf = try render(Fixture.example, ["--layout", layout.path] + extra, in: folder, name: name)
            return try runTool("mutool", ["show", "-b", pdf.path, "trailer/Root/Metadata"]).stdout
        }
        XCTAssertTrue(try part([], "default.pdf").contains("<pdfaid:part>2</pdfaid:part>"))
        XCTAssertTrue(try part(["--pdfa", "1b"], "chosen.pdf").contains("<pdfaid:part>1</pdfaid:part>"))
        XCTAssertFalse(try part(["--pdfa", "none"], "plain.pdf").contains("pdfaid"))
        try Data(text.replacingOccurrences(of: "name: ita-measures\n", with: "name: ita-measures\npdfa: 4u\n").utf8).write(to: layout)
        let refused = try saraban(["render", "-q", Fixture.example.path, "-o", folder.appendingPathComponent("no.pdf").path, "--layout", layout.path])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("pdfa") && refused.stderr.contains("4u"), refused.stderr)
    }

    /// A dated memo whose emblem has a transparent background (as a Garuda PNG usually has): PDF/A-1 forbids the
    /// soft mask, so the 1b file carries the image composited on white and passes Preflight, its Info and XMP dates
    /// agreeing; PDF/A-2b, which allows transparency, keeps the mask.
    func testATransparentEmblemIsFlattenedForPDFA1b() throws {
        let folder = try Fixture.temporaryFolder()
        let emblem = folder.appendingPathComponent("emblem.png")
        // A red disc on a transparent square (RGBA, colour type 6).
        let script = "import zlib,struct\nw,h=60,75\n"
            + "raw=b''.join(b'\\x00'+b''.join(bytes([200,30,30,255 if (x-30)**2+(y-37)**2<700 else 0]) for x in range(w)) for y in range(h))\n"
            + "def chunk(t,d): return struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)&0xffffffff)\n"
            + "open('\(emblem.path)','wb').write(b'\\x89PNG\\r\\n\\x1a\\n'+chunk(b'IHDR',struct.pack('>IIBBBBB',w,h,8,6,0,0,0))+chunk(b'IDAT',zlib.compress(raw))+chunk(b'IEND',b''))\n"
        XCTAssertEqual(try runTool("python3", ["-c", script]).status, 0)
        try FileManager.default.copyItem(at: Fixture.example, to: folder.appendingPathComponent(Fixture.example.lastPathComponent))
        let memo = folder.appendingPathComponent("memo.yaml")
        let example = Fixture.root.appendingPathComponent("Examples/memo-measures-approval.yaml")
        try Data((try String(contentsOf: example, encoding: .utf8) + "emblem: emblem.png\n").utf8).write(to: memo)

        let a1b = try render(memo, ["--pdfa", "1b"], in: folder, name: "memo-1b.pdf")
        let verdict = try preflight(a1b)
        XCTAssertTrue(verdict.contains("is a valid PDF/A-1b file"), verdict)
        let images = try runTool("mutool", ["show", a1b.path, "grep"]).stdout.split(separator: "\n").filter { $0.contains("/Subtype/Image") }
        XCTAssertFalse(images.isEmpty, "the emblem is still there")
        XCTAssertFalse(images.contains { $0.contains("/SMask") }, images.joined(separator: "\n"))
        XCTAssertTrue(try runTool("pdfimages", ["-list", a1b.path]).stdout.contains("image"), "the emblem is drawn")

        let a2b = try render(memo, ["--pdfa", "2b"], in: folder, name: "memo-2b.pdf")
        XCTAssertTrue(try runTool("mutool", ["show", a2b.path, "grep"]).stdout.contains("/SMask"), "PDF/A-2 keeps the transparency")
    }
}
