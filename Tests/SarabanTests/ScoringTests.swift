import XCTest
@testable import SarabanModel
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
        let csv = try String(contentsOf: Fixture.shared.appendingPathComponent("data/ita-published-scores.csv"), encoding: .utf8)
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
    }
}
