import Foundation

extension MeasuresDocument {
    /// The score sheet of this document under `framework`, after checking that every indicator has a
    /// score (given, or computed from all of its sub-indicators) and that every code is the framework's.
    public func scoreSheet(framework: Framework) throws -> ScoreSheet {
        let known = Set(framework.allCodes)
        for (code, location) in scoreLocations where !known.contains(code) {
            throw DataError(location: location, field: "scores.\(code)",
                            message: "the ITA framework of \(framework.year) has no indicator \(code); expected one of \(framework.allCodes.joined(separator: ", "))",
                            code: "unknown-indicator", thai: "กรอบการประเมิน ITA ปี \(framework.year) ไม่มีตัวชี้วัด \(code)")
        }
        let sheet = ScoreSheet(framework: framework, given: scores)
        let where_ = scoreLocations.values.min { ($0.line, $0.column) < ($1.line, $1.column) }
            ?? SourceLocation(file: file, line: 1, column: 1)
        for indicator in framework.indicators where sheet.score(String(indicator.number)) == nil {
            let subs = indicator.subIndicators.map(\.code)
            let missingSubs = subs.filter { scores[$0] == nil }
            let expected = subs.isEmpty ? "a score from 0 to 100"
                : "a score from 0 to 100, or the scores of all its sub-indicators \(subs.joined(separator: ", "))"
                    + (missingSubs.count < subs.count ? " (missing: \(missingSubs.joined(separator: ", ")))" : "")
            throw DataError(location: where_, field: "scores.\(indicator.number)",
                            message: "missing the score of indicator \(indicator.number) (\(indicator.name)): expected \(expected)",
                            code: "missing-indicator",
                            thai: "ไม่มีคะแนนตัวชี้วัดที่ \(indicator.number) (\(indicator.name))" + (subs.isEmpty ? "" : " หรือตัวชี้วัดย่อย \(subs.joined(separator: ", ")) ให้ครบ"))
        }
        return sheet
    }
}
