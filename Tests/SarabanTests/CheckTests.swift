import XCTest
@testable import SarabanITA
@testable import SarabanCheck
@testable import SarabanCLI
import SarabanThai

/// `saraban check`: each check with a file that trips it and one that does not.
final class CheckTests: XCTestCase {
    func check(_ url: URL) -> CheckReport { RenderPipeline().check(url) }

    func codes(_ report: CheckReport) -> [String] { report.findings.map(\.code) }

    /// A small complete document; `extra` is appended as more top-level YAML.
    func minimal(year: Int = 2566, scores: String = "{1: 90, 2: 91, 3: 92, 4: 93, 5: 94, 6: 95, 7: 96, 8: 97, 9: 98, 10: 80}",
                 analysis: String = "", text: String = "ข้อความทดสอบ", extra: String = "") throws -> URL {
        try Fixture.dataFile("""
        agency: {name: สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2, abbreviation: สพป.ตาก เขต 2}
        year: \(year)
        scores: \(scores)
        introduction: "\(text)"
        \(analysis)
        signatories: [{name: นายทดสอบ ระบบ, positions: ผู้อำนวยการ}]
        \(extra)
        """)
    }

    let fullAnalysis = """
    analysis:
      urgent:
        indicator: "10"
        findings: [ผลการวิเคราะห์]
        measures: [{text: มาตรการ, responsible: กลุ่มอำนวยการ}]
        schedule: [{text: กิจกรรม, entries: [{task: งาน, quarters: [1]}]}]
      develop:
        - {indicator: "1", findings: [ผล]}
        - {indicator: "2", findings: [ผล]}
    """

    func testCleanDocumentHasNoFindings() throws {
        let report = check(try minimal(analysis: fullAnalysis))
        XCTAssertEqual(codes(report), [])
        XCTAssertEqual(report.exitCode(strict: true), 0)
    }

    func testExamplePassesWithoutError() {
        let report = check(Fixture.example)
        XCTAssertEqual(report.errors, 0, report.text(.en))
        // The seed promises the weakest indicator and the next two, and treats one: that is a warning.
        XCTAssertTrue(codes(report).contains("develop-missing"))
        XCTAssertEqual(report.exitCode(strict: false), 0)
        XCTAssertEqual(report.exitCode(strict: true), 1)
    }

    /// A character the layout's font has no glyph for is found by the checks, at its line and column, before any
    /// layout: the web page shows it beside its field as one types, and the render stops with it. Spaces and invisible
    /// format characters (a no-break space, a zero-width space) are drawn without a glyph of their own: not found.
    func testCharactersTheFontCannotDrawAreFoundAtTheirPlace() throws {
        let url = try Fixture.exampleVariant(replacing: "      - text: พัฒนาระบบและเครื่องมือการเปิดเผยข้อมูล",
                                             with: "      - text: พัฒนาระบบ ✓ และเครื่องมือ 😀 การเปิดเผยข้อมูล")
        let report = check(url)
        let finding = try XCTUnwrap(report.findings.first { $0.code == "font-lacks-character" }, report.text(.en))
        XCTAssertEqual(finding.severity, .error)
        let line = try XCTUnwrap(String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n").firstIndex { $0.contains("✓") }) + 1
        XCTAssertEqual([finding.location.line, finding.location.column], [line, 25], "at the tick itself")
        XCTAssertEqual(finding.field, "analysis.urgent.measures[2].text")
        XCTAssertTrue(finding.message(.en).contains("the font \"Laksaman\" cannot draw \"✓\" U+2713, \"😀\" U+1F600"), finding.message(.en))
        XCTAssertTrue(finding.message(.th).contains("ไม่มีอักขระ \"✓\" U+2713"), finding.message(.th))
        let invisible = check(try Fixture.exampleVariant(replacing: "      - text: พัฒนาระบบและเครื่องมือการเปิดเผยข้อมูล",
                                                         with: "      - text: \"พัฒนาระบบ\\u00A0และ\\u200Bเครื่องมือการเปิดเผยข้อมูล\""))
        XCTAssertFalse(codes(invisible).contains("font-lacks-character"), invisible.text(.en))
    }

    // MARK: Numbers

    func testPublishedTotal() throws {
        let off = check(try Fixture.exampleVariant(replacing: "  total: 94.96", with: "  total: 94.94"))
        let finding = try XCTUnwrap(off.findings.first { $0.code == "published-total-mismatch" })
        XCTAssertEqual(finding.severity, .error)
        XCTAssertTrue(finding.english.contains("94.94") && finding.english.contains("94.96"), finding.english)
        XCTAssertEqual(off.exitCode(strict: false), 2)
        // The seed's parts add to 94.95: within the 0.01 the method allows.
        XCTAssertFalse(codes(check(try Fixture.exampleVariant(replacing: "  total: 94.96", with: "  total: 94.95"))).contains("published-total-mismatch"))
        XCTAssertFalse(codes(check(Fixture.example)).contains("published-total-mismatch"))
    }

    func testPublishedRating() throws {
        let off = check(try Fixture.exampleVariant(replacing: "  rating: A\n", with: "  rating: AA\n"))
        let finding = try XCTUnwrap(off.findings.first { $0.code == "published-rating-mismatch" })
        XCTAssertTrue(finding.english.contains("AA") && finding.english.contains(" A"), finding.english)
        XCTAssertFalse(codes(check(Fixture.example)).contains("published-rating-mismatch"))
    }

    func testScoreOutOfRangeAndMissingIndicator() throws {
        XCTAssertEqual(codes(check(try minimal(scores: "{1: 101, 2: 91, 3: 92, 4: 93, 5: 94, 6: 95, 7: 96, 8: 97, 9: 98, 10: 80}"))), ["score-out-of-range"])
        XCTAssertEqual(codes(check(try minimal(scores: "{1: 90, 2: 91, 3: 92, 4: 93, 5: 94, 6: 95, 7: 96, 8: 97, 9: 98}"))), ["missing-indicator"])
    }

    func testSubIndicatorDisagreeingWithItsIndicator() throws {
        let disagree = check(try Fixture.exampleVariant(replacing: "  9.1: 100", with: "  9: 96\n  9.1: 100"))
        XCTAssertEqual(disagree.findings.first { $0.code == "sub-indicator-mismatch" }?.field, "scores.9")
        let agree = check(try Fixture.exampleVariant(replacing: "  9.1: 100", with: "  9: 95\n  9.1: 100"))
        XCTAssertFalse(codes(agree).contains("sub-indicator-mismatch"))
    }

    // MARK: Names

    func testAnotherOfficeNamed() throws {
        let url = try Fixture.exampleVariant(replacing: "บุคลากรใน{{agency.name}}บางส่วน", with: "บุคลากรในสำนักงานเขตพื้นที่การศึกษามัธยมศึกษาบุรีรัมย์บางส่วน")
        let finding = try XCTUnwrap(check(url).findings.first { $0.code == "other-agency" })
        XCTAssertEqual(finding.severity, .error)
        XCTAssertTrue(finding.english.contains("\"สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาบุรีรัมย์\""), finding.english)
        XCTAssertEqual(finding.field, "constraints.people.limitations[2]")
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        let line = try XCTUnwrap(lines.lastIndex { $0.contains("บุคลากรในสำนักงานเขตพื้นที่การศึกษามัธยมศึกษาบุรีรัมย์") }) + 1
        XCTAssertEqual(finding.location.line, line)
        let column = lines[line - 1].unicodeScalars.distance(from: lines[line - 1].unicodeScalars.startIndex,
                                                              to: lines[line - 1].range(of: "สำนักงานเขตพื้นที่การศึกษามัธยม")!.lowerBound) + 1
        XCTAssertEqual(finding.location.column, column)
    }

    func testOwnNamesAndOtherNames() throws {
        let cases: [(String, Bool)] = [
            ("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2 ดำเนินการ", false),
            ("สพป.ตาก เขต 2 ดำเนินการ", false),
            ("สพป.ตาก เขต 1 ดำเนินการ", true),
            ("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 1", true),
            ("สพม.ตาก ดำเนินการ", true),
            ("ในจังหวัดตาก", false),
            ("ในจังหวัดบุรีรัมย์", true),
            ("โรงเรียนในสังกัดทุกแห่ง", false),
            ("โครงการโรงเรียนสุจริต", false),
            ("โรงเรียนบ้านแม่ระมาด", true),
            ("สำนักงานเขตพื้นที่การศึกษากำหนดมาตรการ", false),
        ]
        for (text, foreign) in cases {
            let found = codes(check(try minimal(analysis: fullAnalysis, text: text))).contains("other-agency")
            XCTAssertEqual(found, foreign, text)
        }
    }

    /// Another office named on purpose — a study visit, listed under other_agencies — is not an error, nor is its
    /// short name or its province; an office not listed still is.
    func testOtherAgenciesNamedOnPurpose() throws {
        let text = "ศึกษาดูงานที่สพป.เชียงใหม่ เขต 1 ในจังหวัดเชียงใหม่"
        XCTAssertTrue(codes(check(try minimal(analysis: fullAnalysis, text: text))).contains("other-agency"))
        let listed = "other_agencies: [สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 1]"
        XCTAssertFalse(codes(check(try minimal(analysis: fullAnalysis, text: text, extra: listed))).contains("other-agency"))
        let another = check(try minimal(analysis: fullAnalysis, text: text + " และสพป.ลำปาง เขต 1", extra: listed))
        let finding = try XCTUnwrap(another.findings.first { $0.code == "other-agency" })
        XCTAssertTrue(finding.english.contains("สพป.ลำปาง เขต 1") && finding.english.contains("other_agencies"), finding.english)
    }

    // MARK: The analysis

    func testWeaknessMissingOrOther() throws {
        XCTAssertTrue(codes(check(try minimal())).contains("weakness-missing"))
        let other = fullAnalysis.replacingOccurrences(of: "indicator: \"10\"", with: "indicator: \"1\"")
        let report = check(try minimal(analysis: other))
        let finding = try XCTUnwrap(report.findings.first { $0.code == "weakness-other-indicator" })
        XCTAssertTrue(finding.english.contains("indicator 10 การป้องกันการทุจริต (80)"), finding.english)
    }

    func testSubIndicatorsSelectedAndParentAccepted() throws {
        let scores = "{1: 98, 2: 93, 3: 90.85, 4: 91, 5: 90.23, 6: 94, 7: 94, 8: 92, 9.1: 100, 9.2: 100, 9.3: 100, 9.4: 100, 9.5: 75, 10: 100}"
        let sheet = ScoreSheet(framework: try RenderPipeline.framework(for: 2566),
                               given: ["1": 98, "2": 93, "3": 90.85, "4": 91, "5": 90.23, "6": 94, "7": 94, "8": 92,
                                       "9.1": 100, "9.2": 100, "9.3": 100, "9.4": 100, "9.5": 75, "10": 100])
        XCTAssertEqual(sheet.selection.urgent?.code, "9.5")
        XCTAssertEqual(sheet.selection.develop.map(\.code), ["5", "3"])
        let parent = fullAnalysis.replacingOccurrences(of: "indicator: \"10\"", with: "indicator: \"9\"")
            .replacingOccurrences(of: "indicator: \"1\"", with: "indicator: \"5\"").replacingOccurrences(of: "indicator: \"2\"", with: "indicator: \"3\"")
        XCTAssertEqual(codes(check(try minimal(scores: scores, analysis: parent))), [])
    }

    func testTiesGoByIndicatorOrder() throws {
        var scores: [String: Double] = [:]
        for index in 1...10 { scores[String(index)] = 90 }
        let sheet = ScoreSheet(framework: try RenderPipeline.framework(for: 2566), given: scores)
        XCTAssertEqual(sheet.selection.urgent?.code, "1")
        XCTAssertEqual(sheet.selection.develop.map(\.code), ["2", "3"])
    }

    func testPointsToDevelop() throws {
        let none = fullAnalysis.components(separatedBy: "  develop:")[0]
        XCTAssertTrue(codes(check(try minimal(analysis: none))).contains("develop-missing"))
        let other = fullAnalysis.replacingOccurrences(of: "indicator: \"2\"", with: "indicator: \"8\"")
        let finding = try XCTUnwrap(check(try minimal(analysis: other)).findings.first { $0.code == "develop-other-indicator" })
        XCTAssertTrue(finding.english.contains("8"), finding.english)
    }

    func testMeasureWithoutResponsibleOrSchedule() throws {
        let bare = fullAnalysis.replacingOccurrences(of: "{text: มาตรการ, responsible: กลุ่มอำนวยการ}", with: "มาตรการ")
            .replacingOccurrences(of: "    schedule: [{text: กิจกรรม, entries: [{task: งาน, quarters: [1]}]}]\n", with: "")
        XCTAssertEqual(Set(codes(check(try minimal(analysis: bare)))), ["measure-without-responsible", "measures-without-schedule"])
    }

    // MARK: Wording

    func testRepeatedWord() throws {
        XCTAssertTrue(codes(check(try minimal(analysis: fullAnalysis, text: "เพื่อให้เป็นเป็นรูปธรรม"))).contains("repeated-word"))
        XCTAssertFalse(codes(check(try minimal(analysis: fullAnalysis, text: "เพื่อให้เป็นรูปธรรม ต่าง ๆ นานา"))).contains("repeated-word"))
    }

    /// The letters' pre-check passes over only texts the dictionary would find no repeated word in, and the search of
    /// only the stretches between spaces it flags finds what a search of the whole text finds: every text of the
    /// examples as written, and each with each of its Thai words typed twice.
    func testRepeatedWordPreCheckMissesNone() throws {
        let texts = try [Fixture.example, Fixture.batchTemplate].flatMap { try MeasuresDocument.load(contentsOf: $0).allTexts.map(\.value) }
        var doubled: [String] = []
        for text in texts {
            for found in ThaiWords.words(text) {
                var copy = text
                copy.insert(contentsOf: found.word, at: found.start)
                doubled.append(copy)
            }
        }
        XCTAssertGreaterThan(doubled.count, 1500)
        let searched = texts.filter { WordingChecks.hasRepeatedThaiLetters(Array($0.unicodeScalars)) }.count
        XCTAssertLessThan(searched * 2, texts.count, "the pre-check passes over most texts: \(searched) of \(texts.count) searched")
        var found = 0
        for text in texts + doubled + ["เป็นเป็น", "ต่าง ๆ นานา", "กกต. ตรวจ", "ITA ITA", "abcabc ได้ได้"] {
            let expected = WordingChecks.repeatedWordsByDictionary(text)
            XCTAssertEqual(WordingChecks.repeatedWords(text), expected, text)
            found += expected.isEmpty ? 0 : 1
        }
        XCTAssertGreaterThan(found, 200, "the doubled texts have repeated words for the dictionary to find")
        // A long stretch without a space is left to the dictionary at once, not searched letter by letter (which
        // grows with the square of its length: 200,000 letters would take minutes).
        let long = Array(String(repeating: "กขคงจฉชซฌญ", count: 20_000).unicodeScalars)
        XCTAssertTrue(WordingChecks.hasRepeatedThaiLetters(long))
        // A stretch as long as is searched, without letters repeated in a row anywhere (a square-free word over
        // three letters: how many 1s stand between the 0s of the Thue–Morse sequence).
        let thueMorse = (0..<2_000).map { $0.nonzeroBitCount % 2 }
        let zeros = thueMorse.indices.filter { thueMorse[$0] == 0 }
        let squareFree = zip(zeros, zeros.dropFirst()).prefix(500).map { ["ก", "ข", "ค"][$1 - $0 - 1] }.joined()
        XCTAssertEqual(squareFree.unicodeScalars.count, 500)
        XCTAssertFalse(WordingChecks.hasRepeatedThaiLetters(Array(squareFree.unicodeScalars)))
    }

    func testUnbalancedBold() throws {
        XCTAssertTrue(codes(check(try minimal(analysis: fullAnalysis, text: "มาตรการที่มีประสิทธิภาพ**"))).contains("unbalanced-bold"))
        XCTAssertFalse(codes(check(try minimal(analysis: fullAnalysis, text: "มาตรการ **ที่มีประสิทธิภาพ**"))).contains("unbalanced-bold"))
    }

    /// A year after the last one saraban's frameworks are known to hold for is set with the latest framework,
    /// and the user is told so; a year a framework covers is not.
    func testYearWithoutItsOwnFrameworkIsSaid() throws {
        for year in [2561, 2565, 2566, 2567, 2568] {
            XCTAssertFalse(codes(check(try minimal(year: year, analysis: fullAnalysis))).contains("framework-year-unknown"), "\(year)")
        }
        let report = check(try minimal(year: 2569, analysis: fullAnalysis))
        let finding = try XCTUnwrap(report.findings.first { $0.code == "framework-year-unknown" })
        XCTAssertEqual(finding.severity, .warning)
        XCTAssertTrue(finding.english.contains("2569") && finding.english.contains("2567–2568"), finding.english)
        XCTAssertTrue(finding.thai.contains("๒๕๖๙") || finding.thai.contains("2569"), finding.thai)
        XCTAssertEqual(report.errors, 0, report.text(.en))
    }

    func testGregorianYear() throws {
        XCTAssertTrue(codes(check(try minimal(analysis: fullAnalysis, text: "ในปี 2023 หน่วยงาน"))).contains("gregorian-year"))
        XCTAssertTrue(codes(check(try minimal(analysis: fullAnalysis, text: "ในปี ๒๐๒๓ หน่วยงาน"))).contains("gregorian-year"))
        for text in ["พ.ศ. 2566", "ค.ศ. 2023", "https://itas.nacc.go.th/2023/report", "คะแนน 94.96", "ร้อยละ 90.00"] {
            XCTAssertFalse(codes(check(try minimal(analysis: fullAnalysis, text: text))).contains("gregorian-year"), text)
        }
    }

    // MARK: Output and the render

    func testJSONAndThaiOutput() throws {
        let url = try Fixture.exampleVariant(replacing: "  rating: A\n", with: "  rating: B\n")
        let report = check(url)
        let json = try JSONSerialization.jsonObject(with: Data(try report.json(.th).utf8)) as? [String: Any]
        XCTAssertEqual(json?["errors"] as? Int, 1)
        let findings = try XCTUnwrap(json?["findings"] as? [[String: Any]])
        let rating = try XCTUnwrap(findings.first { $0["code"] as? String == "published-rating-mismatch" })
        XCTAssertEqual(rating["severity"] as? String, "error")
        XCTAssertEqual(rating["file"] as? String, url.path)
        XCTAssertGreaterThan(rating["line"] as? Int ?? 0, 0)
        XCTAssertTrue((rating["message"] as? String ?? "").contains("ระดับผลการประเมินที่ประกาศ B"))
        XCTAssertTrue(report.text(.th).contains("ข้อผิดพลาด 1 รายการ"))
    }

    func testCommandExitCodes() throws {
        XCTAssertEqual(try runTool(Fixture.binary.path, ["check", try minimal(analysis: fullAnalysis).path]).status, 0)
        XCTAssertEqual(try runTool(Fixture.binary.path, ["check", Fixture.example.path]).status, 0)
        XCTAssertEqual(try runTool(Fixture.binary.path, ["check", "--strict", Fixture.example.path]).status, 1)
        let bad = try Fixture.exampleVariant(replacing: "  rating: A\n", with: "  rating: B\n")
        XCTAssertEqual(try runTool(Fixture.binary.path, ["check", bad.path]).status, 2)
    }

    func testRenderRunsTheChecksFirst() throws {
        let bad = try Fixture.exampleVariant(replacing: "บุคลากรใน{{agency.name}}บางส่วน", with: "บุคลากรในสำนักงานเขตพื้นที่การศึกษามัธยมศึกษาบุรีรัมย์บางส่วน")
        let output = bad.deletingLastPathComponent().appendingPathComponent("out.pdf")
        let result = try runTool(Fixture.binary.path, ["render", bad.path, "-o", output.path, "--lang", "en"])
        assertRefused(result, saying: "error[other-agency]", madeNothingAt: output)
        // Warnings are printed and the PDF is written.
        let good = try runTool(Fixture.binary.path, ["render", Fixture.example.path, "-o", output.path, "--lang", "en"])
        XCTAssertEqual(good.status, 0)
        XCTAssertTrue(good.stderr.contains("warning[develop-missing]"), good.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.path))
    }
}
