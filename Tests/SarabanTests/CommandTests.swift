import XCTest

/// The `saraban` command as a user meets it: exit codes, messages, files left behind.
final class CommandTests: XCTestCase {
    func saraban(_ arguments: [String], environment: [String: String] = [:]) throws -> ToolResult {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Fixture.binary.path), "build saraban first")
        return try runTool(Fixture.binary.path, arguments, environment: environment)
    }

    func testRenderWritesThePDF() throws {
        let folder = try Fixture.temporaryFolder()
        let output = folder.appendingPathComponent("sub/ita.pdf")
        let result = try saraban(["render", Fixture.example.path, "-o", output.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("wrote \(output.path)"))
        let head = try FileHandle(forReadingFrom: output).readData(ofLength: 5)
        XCTAssertEqual(String(decoding: head, as: UTF8.self), "%PDF-")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path), ["ita.pdf"],
                       "no temporary file is left beside the PDF")
    }

    /// Where there is a second core a render lays out on two threads (a second typesetter sets paragraphs from the
    /// document's end); on one (`SARABAN_LAYOUT_THREADS=1`, as the web server's renders run) the PDF is the same, byte
    /// for byte: the report alone, and a memo with the report set in, whose two sessions' fonts are embedded once each.
    func testOneOrTwoLayoutThreadsGiveTheSamePDF() throws {
        let folder = try Fixture.temporaryFolder()
        for input in [Fixture.batchTemplate, Fixture.root.appendingPathComponent("Examples/memo-measures-approval.yaml")] {
            var made: [Data] = []
            for threads in ["1", "2"] {
                let output = folder.appendingPathComponent("\(input.deletingPathExtension().lastPathComponent)-\(threads).pdf")
                let result = try saraban(["render", "-q", input.path, "-o", output.path],
                                         environment: ["SARABAN_LAYOUT_THREADS": threads, "SOURCE_DATE_EPOCH": "1700000000"])
                XCTAssertEqual(result.status, 0, result.stderr)
                made.append(try Data(contentsOf: output))
            }
            XCTAssertEqual(made[0], made[1], input.lastPathComponent)
            let fonts = try runTool("pdffonts", [folder.appendingPathComponent("\(input.deletingPathExtension().lastPathComponent)-2.pdf").path])
            XCTAssertEqual(fonts.stdout.split(separator: "\n").count - 2, 2, "Laksaman and Laksaman Bold, once each: \(fonts.stdout)")
        }
    }

    func testFailedRenderLeavesNoPDFAndSaysWhere() throws {
        let text = try String(contentsOf: Fixture.example, encoding: .utf8).replacingOccurrences(of: "  3: 90.85", with: "  3: 190.85")
        let input = try Fixture.dataFile(text)
        let output = input.deletingLastPathComponent().appendingPathComponent("out.pdf")
        let result = try saraban(["render", input.path, "-o", output.path, "--lang", "en"])
        assertRefused(result, saying: "\(input.path):38:6: error[score-out-of-range]: scores.3: expected a score from 0 to 100, found 190.85", madeNothingAt: output)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: input.deletingLastPathComponent().path), ["data.yaml"])
    }

    /// The checks run beside the layout: their error still stops the render before anything is written, and it is
    /// the error reported when the layout fails too (here for a font without Thai), since it says more.
    func testCheckErrorStopsTheRenderEvenWhenTheLayoutFails() throws {
        let text = try String(contentsOf: Fixture.example, encoding: .utf8).replacingOccurrences(of: "  3: 90.85", with: "  3: 190.85")
        let input = try Fixture.dataFile(text)
        let output = input.deletingLastPathComponent().appendingPathComponent("out.pdf")
        try Data("%PDF-earlier".utf8).write(to: output)
        let expected = "\(input.path):38:6: error[score-out-of-range]: scores.3: expected a score from 0 to 100, found 190.85"
        let laidOut = try saraban(["render", input.path, "-o", output.path, "--lang", "en"])
        XCTAssertEqual(laidOut.status, 1)
        XCTAssertTrue(laidOut.stderr.contains(expected), laidOut.stderr)
        let layout = try String(contentsOf: Fixture.layout, encoding: .utf8)
            .replacingOccurrences(of: "families: [TH Sarabun New, TH SarabunPSK, Laksaman]", with: "families: [DejaVu Sans]")
        let layoutFile = try Fixture.dataFile(layout, name: "layout.yaml")
        let failedLayout = try saraban(["render", input.path, "--layout", layoutFile.path, "-o", output.path, "--lang", "en"])
        XCTAssertEqual(failedLayout.status, 1)
        XCTAssertTrue(failedLayout.stderr.contains(expected), failedLayout.stderr)
        XCTAssertFalse(failedLayout.stderr.contains("no Thai glyphs"), failedLayout.stderr)
        XCTAssertEqual(try String(contentsOf: output, encoding: .utf8), "%PDF-earlier")
    }

    /// A character the font has no glyph for is named, with its code point, whether Pango finds no font for it or
    /// fontconfig finds one of another family; and a letter's data mistake is said as the checks say it, in Thai.
    func testCharactersTheFontCannotDrawAreNamed() throws {
        let letter = try String(contentsOf: Fixture.root.appendingPathComponent("Examples/letter-measures-to-nacc.yaml"), encoding: .utf8)
        for (typed, named) in [("✓", "\"✓\" U+2713"), ("你好", "\"你\" U+4F60, \"好\" U+597D")] {
            let input = try Fixture.dataFileBesideTheReport(letter.replacingOccurrences(of: "subject: ", with: "subject: \(typed) "))
            let output = input.deletingLastPathComponent().appendingPathComponent("out.pdf")
            let result = try saraban(["render", input.path, "-o", output.path])
            assertRefused(result, saying: "the font \"Laksaman\" cannot draw \(named)", madeNothingAt: output)
        }
        let input = try Fixture.dataFileBesideTheReport(letter.replacingOccurrences(of: "subject: ", with: "subjct: "))
        let output = input.deletingLastPathComponent().appendingPathComponent("out.pdf")
        let result = try saraban(["render", input.path, "-o", output.path, "--lang", "th"])
        assertRefused(result, saying: "ผิดพลาด[unknown-field]", madeNothingAt: output)
    }

    func testUnwritableOutputSaysWhichFileAndWhy() throws {
        let folder = try Fixture.temporaryFolder()
        let notAFolder = folder.appendingPathComponent("report.txt")
        try Data("x".utf8).write(to: notAFolder)
        let output = notAFolder.appendingPathComponent("ita.pdf")
        let result = try saraban(["render", Fixture.example.path, "-o", output.path])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("cannot write \(output.path): \(notAFolder.path) is a file, not a folder"), result.stderr)
        XCTAssertFalse(result.stderr.contains("NSCocoaErrorDomain"), result.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["report.txt"])
    }

    func testFailedRenderKeepsAnEarlierPDF() throws {
        let input = try Fixture.dataFile("agency: {name: x}\n")
        let output = input.deletingLastPathComponent().appendingPathComponent("out.pdf")
        try Data("%PDF-earlier".utf8).write(to: output)
        let result = try saraban(["render", input.path, "-o", output.path])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(try String(contentsOf: output, encoding: .utf8), "%PDF-earlier")
    }

    func testFontWithoutThaiFailsTheRender() throws {
        let layout = try String(contentsOf: Fixture.layout, encoding: .utf8)
            .replacingOccurrences(of: "families: [TH Sarabun New, TH SarabunPSK, Laksaman]", with: "families: [DejaVu Sans]")
        let layoutFile = try Fixture.dataFile(layout, name: "layout.yaml")
        let output = layoutFile.deletingLastPathComponent().appendingPathComponent("out.pdf")
        let result = try saraban(["render", Fixture.example.path, "--layout", layoutFile.path, "-o", output.path, "--lang", "en"])
        assertRefused(result, saying: "the font \"DejaVu Sans\" has no Thai glyphs", madeNothingAt: output)
        // In Thai for an official who asks for it (the web page asks for it too).
        let thai = try saraban(["render", Fixture.example.path, "--layout", layoutFile.path, "-o", output.path, "--lang", "th"])
        assertRefused(thai, saying: "saraban: ผิดพลาด: ฟอนต์ \"DejaVu Sans\" ไม่มีอักษรไทย", madeNothingAt: output)
    }

    /// A layout file that is missing or broken is said as a data file's mistake is: located, with its code, and in Thai
    /// for an official who asks for it.
    func testALayoutFilesMistakeIsLocated() throws {
        let folder = try Fixture.temporaryFolder()
        let output = folder.appendingPathComponent("out.pdf")
        let missing = folder.appendingPathComponent("no-layout.yaml").path
        assertRefused(try saraban(["render", Fixture.example.path, "--layout", missing, "-o", output.path, "--lang", "en"]),
                      saying: "\(missing): error[file-not-found]: no such file", madeNothingAt: output)
        assertRefused(try saraban(["render", Fixture.example.path, "--layout", missing, "-o", output.path, "--lang", "th"]),
                      saying: "\(missing): ผิดพลาด[file-not-found]: ไม่พบไฟล์", madeNothingAt: output)
        let broken = try Fixture.dataFile("name: x\npage: [\n", name: "broken-layout.yaml")
        assertRefused(try saraban(["render", Fixture.example.path, "--layout", broken.path, "-o", output.path, "--lang", "en"]),
                      saying: "\(broken.path):3:1: error[yaml-syntax]", madeNothingAt: output)
    }

    func testFontFolders() throws {
        let folder = try Fixture.temporaryFolder()
        let missing = try saraban(["render", Fixture.example.path, "-o", folder.appendingPathComponent("a.pdf").path,
                                   "--fonts", folder.appendingPathComponent("nowhere").path])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("font folder not found"), missing.stderr)
        // A folder of font files is added to what fontconfig knows.
        let fonts = folder.appendingPathComponent("fonts")
        try FileManager.default.createDirectory(at: fonts, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/usr/share/fonts/truetype/tlwg/Laksaman.ttf", toPath: fonts.appendingPathComponent("Laksaman.ttf").path)
        let added = try saraban(["render", "-q", Fixture.example.path, "-o", folder.appendingPathComponent("b.pdf").path, "--fonts", fonts.path])
        XCTAssertEqual(added.status, 0, added.stderr)
    }

    func testNumeralsOption() throws {
        let folder = try Fixture.temporaryFolder()
        let output = folder.appendingPathComponent("arabic.pdf")
        XCTAssertEqual(try saraban(["render", Fixture.example.path, "--numerals", "arabic", "-o", output.path]).status, 0)
        let text = try runTool("pdftotext", ["-layout", output.path, "-"]).stdout
        XCTAssertTrue(text.contains("พ.ศ. 2566"))
        XCTAssertFalse(text.contains("พ.ศ. ๒๕๖๖"))
        let bad = try saraban(["render", Fixture.example.path, "--numerals", "roman"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("thai") && bad.stderr.contains("arabic"), bad.stderr)
    }

    func testSchemaValidatesTheExampleAndTheStarterFile() throws {
        let folder = try Fixture.temporaryFolder()
        let schema = try saraban(["schema"])
        XCTAssertEqual(schema.status, 0)
        try Data(schema.stdout.utf8).write(to: folder.appendingPathComponent("schema.json"))
        let starter = folder.appendingPathComponent("starter.yaml")
        XCTAssertEqual(try saraban(["init", starter.path]).status, 0)
        // YAML reads `9.1:` as a number; the data file's keys are strings, as saraban reads them.
        let script = """
        import json, os, sys, yaml, jsonschema
        schema = json.load(open(sys.argv[1]))
        for path in sys.argv[2:]:
            data = yaml.safe_load(open(path))
            data["scores"] = {str(k): v for k, v in data["scores"].items()}
            jsonschema.validate(data, schema)
            if "analysis_library" in data:
                # The library inline, and every wording key of Layouts/ita-measures-texts.yaml changed under texts:.
                folder = os.path.dirname(path)
                library = yaml.safe_load(open(os.path.join(folder, data["analysis_library"])))
                data["analysis_library"] = {str(k): v for k, v in library.items()}
                data["texts"] = yaml.safe_load(open(sys.argv[1].replace("schema.json", "texts.yaml")))
                jsonschema.validate(data, schema)
        bad = {"agency": {"name": "x", "abbreviation": "y"}, "year": 2566, "scores": {"1": 101}, "signatories": [{"name": "n", "positions": "p"}]}
        try:
            jsonschema.validate(bad, schema)
            sys.exit("a score of 101 passed the schema")
        except jsonschema.ValidationError:
            pass
        """
        try FileManager.default.copyItem(at: Fixture.root.appendingPathComponent("Layouts/ita-measures-texts.yaml"),
                                         to: folder.appendingPathComponent("texts.yaml"))
        let result = try runTool("python3", ["-c", script, folder.appendingPathComponent("schema.json").path,
                                             Fixture.example.path, starter.path, Fixture.batchTemplate.path])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testInitWritesARenderableStarterAndNeverOverwrites() throws {
        let folder = try Fixture.temporaryFolder()
        let starter = folder.appendingPathComponent("มาตรการ.yaml")
        XCTAssertEqual(try saraban(["init", starter.path]).status, 0)
        let text = try String(contentsOf: starter, encoding: .utf8)
        XCTAssertTrue(text.contains("# ชื่อเต็มของหน่วยงาน"))
        // A starter an official runs `check` on first says nothing is wrong: no error and no warning.
        let check = try saraban(["check", starter.path])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        XCTAssertFalse((check.stdout + check.stderr).contains("warning["), check.stdout + check.stderr)
        let render = try saraban(["render", starter.path])
        XCTAssertEqual(render.status, 0, render.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("มาตรการ.pdf").path))
        let again = try saraban(["init", starter.path])
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("already exists"), again.stderr)
    }
}
