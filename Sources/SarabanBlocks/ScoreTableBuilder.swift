import Foundation
import SarabanITA

/// The assessment table, as in the seed: one row per indicator and sub-indicator, the tool and the
/// weighted score spanning the rows of their indicators, then the total and the rating.
struct ScoreTableBuilder {
    let sheet: ScoreSheet
    let numerals: MeasuresDocument.Numerals

    static let columns = ["number", "indicator", "score", "tool", "weighted"]

    func table() -> Table {
        let header = TableRow(["ลำดับ", "ตัวชี้วัด", "คะแนน", "เครื่องมือ", "คะแนนหลังถ่วงน้ำหนัก"].enumerated().map {
            TableCell(RichText(plain: $1, bold: true), column: $0, alignment: .center, bold: true)
        })
        var rows: [TableRow] = []
        for tool in sheet.tools {
            let indicators = sheet.framework.indicators.filter { $0.tool == tool.tool.code }
            let span = indicators.reduce(0) { $0 + 1 + $1.subIndicators.count }
            for (index, indicator) in indicators.enumerated() {
                var cells = [
                    TableCell(plain(String(indicator.number)), column: 0, alignment: .center),
                    TableCell(RichText(plain: indicator.name), column: 1),
                    TableCell(plain(score(String(indicator.number))), column: 2, alignment: .center),
                ]
                if index == 0 {
                    cells.append(TableCell(RichText(plain: tool.tool.code), column: 3, rowSpan: span, alignment: .center))
                    cells.append(TableCell(plain(ScoreFormat.table(tool.weighted)), column: 4, rowSpan: span, alignment: .center))
                }
                rows.append(TableRow(cells))
                for sub in indicator.subIndicators {
                    rows.append(TableRow([
                        TableCell(RichText(plain: ""), column: 0),
                        TableCell(plain("\(sub.code) \(sub.name)"), column: 1),
                        TableCell(plain(score(sub.code)), column: 2, alignment: .center),
                    ]))
                }
            }
        }
        rows.append(TableRow([
            TableCell(RichText(plain: "คะแนนคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงาน", bold: true),
                      column: 0, columnSpan: 4, alignment: .center, bold: true),
            TableCell(plain(ScoreFormat.table(sheet.roundedTotal), bold: true), column: 4, alignment: .center, bold: true),
        ], isSummary: true))
        rows.append(TableRow([
            TableCell(RichText(plain: "ระดับผลการประเมิน (Rating Score)", bold: true), column: 0, columnSpan: 4,
                      alignment: .center, bold: true),
            TableCell(RichText(plain: sheet.rating, bold: true), column: 4, alignment: .center, bold: true),
        ], isSummary: true))
        return Table(columns: Self.columns, header: header, rows: rows)
    }

    func score(_ code: String) -> String { sheet.score(code).map(ScoreFormat.table) ?? "–" }

    func plain(_ string: String, bold: Bool = false) -> RichText {
        RichText(plain: numerals == .thai ? ThaiNumerals.thaiDigits(string) : string, bold: bold)
    }
}
