import XCTest
@testable import SarabanITA
@testable import SarabanBlocks
@testable import SarabanCLI

final class ScoringTests: XCTestCase {
    func framework(_ year: Int = 2566) throws -> Framework { try RenderPipeline.framework(for: year) }

    /// The seed: 27.84 / 28.11 / 39.00, total 94.96, rating A (../shared/spec/ita.md's worked check).
    func testSeedScores() throws {
        let document = try MeasuresDocument.load(contentsOf: Fixture.example)
        let sheet = try document.scoreSheet(framework: framework())
        XCTAssertEqual(sheet.tools.map { ScoreFormat.table($0.weighted) }, ["27.84", "28.11", "39.00"])
        XCTAssertEqual(sheet.total, 94.9558, accuracy: 0.00005)
        XCTAssertEqual(ScoreFormat.table(sheet.roundedTotal), "94.96")
        XCTAssertEqual(sheet.rating, "A")
        XCTAssertEqual(sheet.score("9"), 95)
        XCTAssertEqual(sheet.score("10"), 100)
        XCTAssertEqual(sheet.bestIndicator?.number, 10)
        XCTAssertTrue(sheet.failingIndicators.isEmpty)
    }

    /// Every published row of ../shared/data: the computed total within 0.01 of the published one, same rating.
    func testPublishedScores() throws {
        let csv = try String(contentsOf: Fixture.publishedScores, encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertGreaterThanOrEqual(rows.count, 5)
        for row in rows {
            var scores: [String: Double] = [:]
            for index in 1...10 { scores[String(index)] = Double(row[index + 1]) }
            let sheet = ScoreSheet(framework: try framework(Int(row[1])!), given: scores)
            XCTAssertEqual(sheet.total, Double(row[12])!, accuracy: 0.01 + 1e-9, "\(row[0]) \(row[1])")
            XCTAssertEqual(sheet.rating, row[13], "\(row[0]) \(row[1])")
        }
    }

    func testRatingBoundaries() throws {
        let framework = try self.framework()
        func rating(_ total: Double) -> String {
            // Every indicator at `total` gives that total exactly.
            var scores: [String: Double] = [:]
            for index in 1...10 { scores[String(index)] = total }
            return ScoreSheet(framework: framework, given: scores).rating
        }
        XCTAssertEqual(rating(49.99), "F")
        XCTAssertEqual(rating(50), "E")
        XCTAssertEqual(rating(84.99), "B")
        XCTAssertEqual(rating(85), "A")
        XCTAssertEqual(rating(94.99), "A")
        XCTAssertEqual(rating(95), "AA")
        XCTAssertEqual(rating(100), "AA")
    }

    func testIndicatorComputedFromSubIndicators() throws {
        var scores: [String: Double] = [:]
        for index in 1...8 { scores[String(index)] = 90 }
        for (code, value) in ["9.1": 100.0, "9.2": 80, "9.3": 90, "9.4": 70, "9.5": 60, "10.1": 100, "10.2": 50] { scores[code] = value }
        let sheet = ScoreSheet(framework: try framework(), given: scores)
        XCTAssertEqual(sheet.score("9"), 80)
        XCTAssertEqual(sheet.score("10"), 75)
        XCTAssertEqual(sheet.tools[2].weighted, 77.5 * 0.4, accuracy: 1e-9)
    }

    func testThaiNumeralsKeepURLsAndLatinWords() {
        XCTAssertEqual(ThaiNumerals.convert("พ.ศ. 2566 ได้ 94.96 คะแนน"), "พ.ศ. ๒๕๖๖ ได้ ๙๔.๙๖ คะแนน")
        XCTAssertEqual(ThaiNumerals.convert("ดูที่ https://itas.nacc.go.th/2566 หรือ ita2566@nacc.go.th"),
                       "ดูที่ https://itas.nacc.go.th/2566 หรือ ita2566@nacc.go.th")
        XCTAssertEqual(ThaiNumerals.convert("มาตรฐาน ISO9001 ข้อ 4"), "มาตรฐาน ISO9001 ข้อ ๔")
        // A number after a Latin name is part of it; after a short capital abbreviation it is not.
        XCTAssertEqual(ThaiNumerals.convert("ใช้ Windows 11 และ ISO/IEC 27001:2022 กับ Wi-Fi 6 จำนวน 25 เครื่อง"),
                       "ใช้ Windows 11 และ ISO/IEC 27001:2022 กับ Wi-Fi 6 จำนวน ๒๕ เครื่อง")
        XCTAssertEqual(ThaiNumerals.convert("ผลการประเมิน ITA 2566 ได้ระดับ AA 95.50 คะแนน และ (OIT) 39.00"),
                       "ผลการประเมิน ITA ๒๕๖๖ ได้ระดับ AA ๙๕.๕๐ คะแนน และ (OIT) ๓๙.๐๐")
    }

    /// Words end at every kind of white space, and what is between them is kept exactly.
    func testThaiNumeralsSplitWordsAtAnyWhiteSpace() {
        XCTAssertEqual(ThaiNumerals.convert("ข้อ\u{00A0}12\nwww.a.go.th/3\tร้อยละ 80\u{2003}x1 "),
                       "ข้อ\u{00A0}๑๒\nwww.a.go.th/3\tร้อยละ ๘๐\u{2003}x1 ")
        XCTAssertEqual(ThaiNumerals.convert(" \u{0E48}5"), " \u{0E48}๕")
        XCTAssertEqual(ThaiNumerals.convert("ไม่มีตัวเลข"), "ไม่มีตัวเลข")
        XCTAssertEqual(ThaiNumerals.convert(""), "")
    }

    func testBoldMarkupSplitsAtDoubleStars() {
        func spans(_ text: String) -> [String] {
            InlineMarkup.parse(text).spans.map { $0.bold ? "<b>\($0.text)</b>" : $0.text }
        }
        XCTAssertEqual(spans("มาตรการ **เร่งด่วน** ทุกข้อ"), ["มาตรการ ", "<b>เร่งด่วน</b>", " ทุกข้อ"])
        XCTAssertEqual(spans("**ตัวชี้วัดที่ 9**"), ["<b>ตัวชี้วัดที่ 9</b>"])
        XCTAssertEqual(spans("ไม่ปิด **ตัวหนา"), ["ไม่ปิด **ตัวหนา"], "an unmatched ** stays as typed")
        XCTAssertEqual(spans("ดาว * ดวงเดียว"), ["ดาว * ดวงเดียว"])
        XCTAssertEqual(InlineMarkup.boldParts("***").map(String.init), ["", "*"])
        XCTAssertEqual(InlineMarkup.boldParts("").map(String.init), [""])
    }

    func testPlaceholdersExpandAndUnknownOnesFail() throws {
        let document = try MeasuresDocument.load(contentsOf: Fixture.example)
        let placeholders = Placeholders(document: document, sheet: try document.scoreSheet(framework: framework()))
        let location = SourceLocation(file: "x.yaml", line: 3, column: 4)
        XCTAssertEqual(try placeholders.expand(LocatedText("{{agency.abbreviation}} ได้ {{total}} ระดับ {{rating}}", at: location)),
                       "สพป.ตาก เขต 2 ได้ 94.96 ระดับ A")
        XCTAssertThrowsError(try placeholders.expand(LocatedText("{{agency.nmae}}", at: location, field: "summary"))) { error in
            XCTAssertEqual((error as? DataError)?.location, location)
            XCTAssertEqual((error as? DataError)?.field, "summary")
        }
        XCTAssertEqual(try placeholders.expand(LocatedText("ปี{{year}}{{ rating }}{ไม่ใช่} }", at: location)), "ปี2566A{ไม่ใช่} }")
        XCTAssertEqual(try placeholders.expand(LocatedText("ไม่มีตัวแทน", at: location)), "ไม่มีตัวแทน")
        XCTAssertThrowsError(try placeholders.expand(LocatedText("คะแนน {{total} ", at: location))) { error in
            XCTAssertTrue((error as? DataError)?.message.contains("not closed") ?? false)
        }
    }
}

/// The frameworks by year, and the word rating from 2567.
final class FrameworkTests: XCTestCase {
    func testEachYearHasItsFramework() throws {
        for year in [2564, 2565, 2566, 2567, 2568] {
            let framework = try RenderPipeline.framework(for: year)
            XCTAssertEqual(framework.indicators.count, 10, "\(year)")
            XCTAssertEqual(framework.tools.map(\.weight).reduce(0, +), 1, accuracy: 1e-9, "\(year)")
        }
        XCTAssertEqual(try RenderPipeline.framework(for: 2565).name(of: "9.3"), "การบริหารเงินงบประมาณ")
        XCTAssertEqual(try RenderPipeline.framework(for: 2566).name(of: "9.3"), "การจัดซื้อจัดจ้าง")
        XCTAssertTrue(try RenderPipeline.framework(for: 2566).ratingConfirmed)
        XCTAssertFalse(try RenderPipeline.framework(for: 2567).ratingConfirmed, "the word scheme is from a single source")
        XCTAssertThrowsError(try RenderPipeline.framework(for: 2540))
    }

    func testWordRatingFrom2567() throws {
        let framework = try RenderPipeline.framework(for: 2567)
        func rating(iit: Double, eit: Double, oit: Double) -> String {
            var scores: [String: Double] = [:]
            for index in 1...5 { scores[String(index)] = iit }
            for index in 6...8 { scores[String(index)] = eit }
            for index in 9...10 { scores[String(index)] = oit }
            return ScoreSheet(framework: framework, given: scores).rating
        }
        XCTAssertEqual(rating(iit: 95, eit: 95, oit: 95), "ผ่านดีเยี่ยม")
        XCTAssertEqual(rating(iit: 94, eit: 96, oit: 97), "ผ่านดี", "total 95.8 but a tool below 95")
        XCTAssertEqual(rating(iit: 85, eit: 85, oit: 85), "ผ่านดี")
        XCTAssertEqual(rating(iit: 80, eit: 90, oit: 90), "ผ่าน", "total 87, a tool below 85")
        XCTAssertEqual(rating(iit: 70, eit: 70, oit: 70), "ต้องปรับปรุง")
        XCTAssertEqual(rating(iit: 69.99, eit: 69.99, oit: 69.99), "ต้องปรับปรุงโดยด่วน")
    }
}
