import Foundation
import SarabanData

/// A central office's standard analysis: one block (findings, weaknesses, improvements, measures, activities,
/// steps, schedule) per indicator or sub-indicator code. Each agency's document takes from it the blocks its
/// own scores select, so a batch never prints one office's analysis under another office's score table.
public struct AnalysisLibrary: Sendable {
    /// The file the blocks were read from (the data file itself, or the file `analysis_library:` names).
    public let file: String
    /// Where the data file brings the library in, for errors about what it lacks.
    public let location: SourceLocation
    public let blocks: [String: MeasuresDocument.Analysis]

    public init(file: String, location: SourceLocation, blocks: [String: MeasuresDocument.Analysis]) {
        self.file = file
        self.location = location
        self.blocks = blocks
    }

    /// The block for a selected unit: its own code first, then its indicator's ("9" serves 9.1–9.5), so a
    /// library may be written per indicator and refined per sub-indicator where it matters.
    public func block(for unit: ScoreSheet.Ranked) -> MeasuresDocument.Analysis? {
        if let exact = blocks[unit.code] { return exact }
        guard let parent = unit.code.split(separator: ".").first.map(String.init), parent != unit.code,
              var general = blocks[parent] else { return nil }
        general.indicator = unit.code
        return general
    }
}

extension MeasuresDocument {
    /// The document whose analysis treats what its scores select: the weakest unit as the weakness to fix
    /// urgently and the next two as the points to develop (`ScoreSheet.selection`). A block the data file
    /// writes out for a selected unit is kept; the others come from the library. Without a library the
    /// document is returned as it is (its checks then compare the analysis with the scores).
    ///
    /// - Parameter row: where the scores came from (a batch row), named in the error when a block is missing.
    public func selectingAnalysis(framework: Framework, row: SourceLocation? = nil) throws -> MeasuresDocument {
        guard let library else { return self }
        let sheet = try scoreSheet(framework: framework)
        let selection = sheet.selection
        let written = [urgent].compactMap { $0 } + develop
        func block(_ unit: ScoreSheet.Ranked, role: (en: String, th: String)) throws -> Analysis {
            if let own = written.first(where: { $0.indicator == unit.code }) { return own }
            if let shared = library.block(for: unit) { return shared }
            throw missingBlock(unit, role: role, library: library, row: row)
        }
        var chosen = self
        chosen.urgent = try selection.urgent.map { try block($0, role: ("the weakness to fix urgently", "จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน")) }
        chosen.develop = try selection.develop.map { try block($0, role: ("a point to develop", "ประเด็นที่จะพัฒนาให้ดีขึ้น")) }
        return chosen
    }

    private func missingBlock(_ unit: ScoreSheet.Ranked, role: (en: String, th: String), library: AnalysisLibrary,
                              row: SourceLocation?) -> DataError {
        let parent = unit.code.split(separator: ".").first.map(String.init) ?? unit.code
        let keys = parent == unit.code ? "\"\(unit.code):\"" : "\"\(unit.code):\" (or \"\(parent):\" for the whole indicator)"
        let score = String(format: "%.2f", unit.score)
        return DataError(location: scoreLocations[unit.code] ?? row ?? library.location, field: "analysis_library.\(unit.code)",
                         message: "the analysis library (\(library.file)) has no block for \(unit.code) \(unit.name), "
                             + "\(role.en) by these scores (\(score)); add \(keys) to the library",
                         code: "library-block-missing",
                         thai: "คลังการวิเคราะห์ (\(library.file)) ไม่มีหัวข้อของตัวชี้วัด \(unit.code) \(unit.name) "
                             + "ซึ่งเป็น\(role.th)ตามคะแนน (\(score) คะแนน) ให้เพิ่ม \(keys) ในคลัง")
    }
}
