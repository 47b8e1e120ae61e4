import XCTest
@testable import SarabanITA
@testable import SarabanCLI

/// The data file: what decodes, and the message each kind of mistake gives.
final class DecodingTests: XCTestCase {
    func testExampleDecodes() throws {
        let document = try MeasuresDocument.load(contentsOf: Fixture.example)
        XCTAssertEqual(document.agency.name.value, "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2")
        XCTAssertEqual(document.year, 2566)
        XCTAssertEqual(document.measuresYear, 2567)
        XCTAssertEqual(document.scores["9.5"], 75)
        XCTAssertEqual(document.urgent?.indicator, "9.5")
        XCTAssertEqual(document.urgent?.measures.count, 6)
        XCTAssertEqual(document.urgent?.steps[4].details.count, 3)
        XCTAssertEqual(document.signatories.first?.positions.count, 2)
        XCTAssertEqual(document.options.numerals, .thai)
    }

    func testMeasuresYearDefaultsToTheNextYear() throws {
        let url = try Fixture.exampleVariant(replacing: "measures_year: 2567 ", with: "# measures_year: 2567 ")
        XCTAssertEqual(try MeasuresDocument.load(contentsOf: url).measuresYear, 2567)
    }

    func testJSONIsAccepted() throws {
        let json = """
        {"agency": {"name": "สำนักงานทดสอบ", "abbreviation": "สท."}, "year": 2566,
         "scores": {"1": 90, "2": 90, "3": 90, "4": 90, "5": 90, "6": 90, "7": 90, "8": 90, "9": 80, "10": 70},
         "signatories": [{"name": "นายทดสอบ ระบบ", "positions": "ผู้อำนวยการ"}]}
        """
        let document = try MeasuresDocument.load(contentsOf: Fixture.dataFile(json, name: "data.json"))
        XCTAssertEqual(document.scores["10"], 70)
        XCTAssertEqual(document.signatories[0].positions.map(\.value), ["ผู้อำนวยการ"])
    }

    // MARK: Mistakes, each with file, line, column, field and what was expected

    func assertError(_ url: URL, line: Int, column: Int? = nil, field: String, contains message: String,
                     file: StaticString = #filePath, sourceLine: UInt = #line) {
        do {
            let document = try MeasuresDocument.load(contentsOf: url)
            _ = try document.scoreSheet(framework: RenderPipeline.framework(for: document.year))
            XCTFail("expected an error", file: file, line: sourceLine)
        } catch let error as DataError {
            XCTAssertEqual(error.location.file, url.path, file: file, line: sourceLine)
            XCTAssertEqual(error.location.line, line, "\(error)", file: file, line: sourceLine)
            if let column { XCTAssertEqual(error.location.column, column, "\(error)", file: file, line: sourceLine) }
            XCTAssertEqual(error.field, field, file: file, line: sourceLine)
            XCTAssertTrue(error.message.contains(message), "\(error)", file: file, line: sourceLine)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: sourceLine)
        }
    }

    func lineNumber(of text: String, in url: URL) throws -> Int {
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        return try XCTUnwrap(lines.firstIndex { $0.contains(text) }) + 1
    }

    func testScoreOutOfRange() throws {
        let url = try Fixture.exampleVariant(replacing: "  3: 90.85", with: "  3: 190.85")
        assertError(url, line: try lineNumber(of: "3: 190.85", in: url), column: 6, field: "scores.3",
                    contains: "expected a score from 0 to 100, found 190.85")
    }

    func testMisspeltField() throws {
        let url = try Fixture.exampleVariant(replacing: "\nscores:", with: "\nsores:")
        assertError(url, line: try lineNumber(of: "sores:", in: url), column: 1, field: "sores",
                    contains: "unknown field \"sores\"; did you mean \"scores\"?")
    }

    func testMisspeltNestedField() throws {
        let url = try Fixture.exampleVariant(replacing: "    findings:", with: "    findigns:")
        assertError(url, line: try lineNumber(of: "findigns:", in: url), column: 5, field: "analysis.urgent.findigns",
                    contains: "did you mean \"findings\"?")
    }

    func testMissingIndicator() throws {
        let url = try Fixture.exampleVariant(replacing: "  3: 90.85\n", with: "")
        assertError(url, line: try lineNumber(of: "  1: 98.10", in: url), field: "scores.3",
                    contains: "missing the score of indicator 3 (การใช้อำนาจ)")
    }

    func testMissingSubIndicatorNamesWhatIsMissing() throws {
        let url = try Fixture.exampleVariant(replacing: "  9.4: 100\n", with: "")
        assertError(url, line: try lineNumber(of: "  1: 98.10", in: url), field: "scores.9", contains: "(missing: 9.4)")
    }

    func testMissingRequiredField() throws {
        let url = try Fixture.exampleVariant(replacing: "  abbreviation: สพป.ตาก เขต 2\n", with: "")
        assertError(url, line: try lineNumber(of: "  name: สำนักงานเขต", in: url), field: "agency.abbreviation",
                    contains: "missing field \"abbreviation\"")
    }

    /// What text pasted from Word brings along and no page prints: each refused where it stands, named by its code
    /// point and what it is, in both languages.
    func testUnprintableCharactersPastedFromWordAreRefused() throws {
        let lineBreak = try Fixture.exampleVariant(replacing: "  abbreviation: สพป.ตาก เขต 2", with: "  abbreviation: \"สพป.ตาก\\vเขต 2\"")
        assertError(lineBreak, line: try lineNumber(of: "  abbreviation:", in: lineBreak), column: 17, field: "agency.abbreviation",
                    contains: "character 8 of the text, after \"สพป.ตาก\", is U+000B (a line break inside a paragraph, as Word copies it)")
        let bullet = try Fixture.exampleVariant(replacing: "  abbreviation: สพป.ตาก เขต 2", with: "  abbreviation: \"\\uF0B7 สพป.ตาก เขต 2\"")
        assertError(bullet, line: try lineNumber(of: "  abbreviation:", in: bullet), field: "agency.abbreviation",
                    contains: "is U+F0B7 (a symbol from Word's Symbol or Wingdings font")
        do {
            _ = try MeasuresDocument.load(contentsOf: bullet)
        } catch let error as DataError {
            XCTAssertEqual(error.code, "unprintable-character")
            XCTAssertTrue(error.thai?.contains("อักขระที่ 1 ของข้อความ") == true && error.thai?.contains("ซึ่งพิมพ์ไม่ได้") == true, "\(error.thai ?? "")")
        }
        // A tab is white space, and a soft hyphen or a zero-width space prints as nothing: both are kept.
        let tab = try Fixture.exampleVariant(replacing: "  abbreviation: สพป.ตาก เขต 2", with: "  abbreviation: \"สพป.ตาก\\tเขต\\u200B2\"")
        XCTAssertEqual(try MeasuresDocument.load(contentsOf: tab).agency.abbreviation.value, "สพป.ตาก\tเขต\u{200B}2")
    }

    /// A right-to-left override or mark shows text in another order than its characters, the order a reader copies
    /// out (and set in a run of its own, it used to stop the render): refused where it stands; a left-to-right mark,
    /// which changes nothing in Thai, is kept.
    func testDirectionOverridesAreRefused() throws {
        for (escape, code) in [("\\u202E", "U+202E"), ("\\u200F", "U+200F"), ("\\u2067", "U+2067"), ("\\u202B", "U+202B")] {
            let url = try Fixture.exampleVariant(replacing: "  abbreviation: สพป.ตาก เขต 2", with: "  abbreviation: \"สพป.ตาก \(escape)เขต 2\"")
            assertError(url, line: try lineNumber(of: "  abbreviation:", in: url), field: "agency.abbreviation",
                        contains: "is \(code) (a right-to-left mark or a direction override")
        }
        let mark = try Fixture.exampleVariant(replacing: "  abbreviation: สพป.ตาก เขต 2", with: "  abbreviation: \"สพป.ตาก\\u200Eเขต 2\"")
        XCTAssertEqual(try MeasuresDocument.load(contentsOf: mark).agency.abbreviation.value, "สพป.ตาก\u{200E}เขต 2")
    }

    func testBadYAML() throws {
        let url = try Fixture.dataFile("agency:\n  name: [unclosed\nyear: 2566\n")
        assertError(url, line: 3, field: "", contains: "not valid YAML")
    }

    /// The commonest hand-typing slips are said plainly, in both languages, beside libyaml's own words.
    func testYAMLSlipsAreExplained() throws {
        let colon = try Fixture.dataFile("agency:\n  name: สำนักงานทดสอบ\nyear: 2566\nintroduction: เรื่อง: การประเมิน\n")
        assertError(colon, line: 4, field: "", contains: "must be put in double quotes")
        let tab = try Fixture.dataFile("agency:\n  name: สำนักงานทดสอบ\n\tabbreviation: สท.\n")
        assertError(tab, line: 3, field: "", contains: "indent with spaces, not the Tab key")
        do {
            _ = try MeasuresDocument.load(contentsOf: colon)
        } catch let error as DataError {
            XCTAssertTrue(error.thai?.contains("ต้องอยู่ในเครื่องหมายคำพูด") ?? false, "\(error)")
        }
    }

    /// A date typed day first, as Thai forms write it, is refused with the date written the right way; a day the
    /// month does not have is refused; Thai digits are read.
    func testDatesAreReadOrExplained() throws {
        let dayFirst = try Fixture.exampleVariant(replacing: "year: 2566", with: "date: 31/01/2567\nyear: 2566")
        assertError(dayFirst, line: try lineNumber(of: "date: 31/01/2567", in: dayFirst), field: "date", contains: "write 2567-01-31")
        let missing = try Fixture.exampleVariant(replacing: "year: 2566", with: "date: 2567-02-30\nyear: 2566")
        assertError(missing, line: try lineNumber(of: "date: 2567-02-30", in: missing), field: "date", contains: "does not exist")
        let thai = try Fixture.exampleVariant(replacing: "year: 2566", with: "date: ๒๕๖๗-๐๑-๓๑\nyear: 2566")
        let date = try XCTUnwrap(try MeasuresDocument.load(contentsOf: thai).date)
        XCTAssertEqual([date.year, date.month, date.day], [2024, 1, 31])
    }

    /// A year or a score typed in Thai digits means what it says.
    func testThaiDigitsInNumbersAreRead() throws {
        let url = try Fixture.exampleVariant(replacing: "year: 2566", with: "year: ๒๕๖๖")
        let document = try MeasuresDocument.load(contentsOf: url)
        XCTAssertEqual(document.year, 2566)
        let scores = try Fixture.exampleVariant(replacing: "  9.5: 75", with: "  9.5: ๗๕.๐๐")
        XCTAssertEqual(try MeasuresDocument.load(contentsOf: scores).scores["9.5"], 75)
    }

    func testWrongType() throws {
        let url = try Fixture.exampleVariant(replacing: "year: 2566 ", with: "year: สองห้าหกหก ")
        assertError(url, line: try lineNumber(of: "year: สองห้าหกหก", in: url), column: 7, field: "year",
                    contains: "expected a B.E. year, found \"สองห้าหกหก\"")
    }

    /// An official reading Thai gets the common mistakes in Thai: the message names the field and what it holds, but
    /// says what is wrong in Thai words, not an English sentence after a Thai "invalid value".
    func testCommonMistakesAreSaidInThai() throws {
        let mistakes: [(replacing: String, with: String, thai: String)] = [
            ("year: 2566 ", "year: [2566] ", "ต้องเป็นจำนวนเต็ม แต่พบรายการ"),
            ("  3: 90.85", "  3: สูง", "ต้องเป็นตัวเลข แต่พบ \"สูง\""),
            ("  name: สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2", "  name: \"\"", "ช่องนี้ต้องมีข้อความ แต่ยังว่างอยู่"),
            ("  numerals: thai", "  numerals: roman", "ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: thai, arabic แต่พบ \"roman\""),
        ]
        for mistake in mistakes {
            let url = try Fixture.exampleVariant(replacing: mistake.replacing, with: mistake.with)
            do {
                _ = try MeasuresDocument.load(contentsOf: url)
                XCTFail("expected an error for \(mistake.with)")
            } catch let error as DataError {
                let thai = try XCTUnwrap(error.thai)
                XCTAssertTrue(thai.contains(mistake.thai), "\(mistake.with): \(thai)")
                XCTAssertNil(thai.range(of: "expected|found", options: .regularExpression), "\(mistake.with): \(thai)")
            }
        }
    }

    func testMissingImage() throws {
        let url = try Fixture.exampleVariant(replacing: "    name: นายเสกฐวุฒิ กลิ่นหอม\n",
                                             with: "    name: นายเสกฐวุฒิ กลิ่นหอม\n    signature: lost.png\n")
        assertError(url, line: try lineNumber(of: "signature: lost.png", in: url), column: 16,
                    field: "signatories[1].signature", contains: "image not found")
    }

    func testImageThatIsNotPNG() throws {
        let url = try Fixture.exampleVariant(replacing: "    name: นายเสกฐวุฒิ กลิ่นหอม\n",
                                             with: "    name: นายเสกฐวุฒิ กลิ่นหอม\n    signature: sign.png\n")
        try Data("not a png".utf8).write(to: url.deletingLastPathComponent().appendingPathComponent("sign.png"))
        assertError(url, line: try lineNumber(of: "signature: sign.png", in: url), field: "signatories[1].signature",
                    contains: "expected a PNG image")
    }

    func testUnknownIndicatorCode() throws {
        let url = try Fixture.exampleVariant(replacing: "  9.5: 75", with: "  9.5: 75\n  9.7: 80")
        assertError(url, line: try lineNumber(of: "9.7: 80", in: url), field: "scores.9.7",
                    contains: "has no indicator 9.7")
    }

    func testMissingFile() {
        let url = URL(fileURLWithPath: "/nonexistent/data.yaml")
        XCTAssertThrowsError(try MeasuresDocument.load(contentsOf: url)) { error in
            XCTAssertEqual("\(error)", "/nonexistent/data.yaml: no such file")
        }
    }

    func testEditDistanceSuggestsOnlyNearNames() {
        XCTAssertEqual(YAMLValue.nearest("sigantories", in: MeasuresDocument.topLevelFields), "signatories")
        XCTAssertNil(YAMLValue.nearest("zzzzzz", in: MeasuresDocument.topLevelFields))
    }
}
