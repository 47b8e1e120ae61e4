import Foundation
import SarabanITA

/// The data file's text, to point a finding at the exact line and column of a phrase inside a field
/// (the parser only knows where the field's value starts).
struct SourceText {
    let lines: [Substring]

    init(url: URL) {
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        // Split as bytes: splitting the String would find every Thai grapheme's bounds first.
        lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// Where `phrase` first appears at or after `start`; `start` itself if it is not written there literally
    /// (it came through a placeholder, or a folded line split it).
    func locate(_ phrase: String, from start: SourceLocation) -> SourceLocation {
        guard start.line >= 1, start.line <= lines.count, !phrase.isEmpty else { return start }
        for index in (start.line - 1)..<min(lines.count, start.line + 40) {
            let line = lines[index]
            let searchFrom: Substring
            if index == start.line - 1 {
                // Columns count Unicode scalars, as libyaml does.
                let scalars = line.unicodeScalars
                let offset = min(max(0, start.column - 1), scalars.count)
                searchFrom = Substring(scalars[scalars.index(scalars.startIndex, offsetBy: offset)...])
            } else {
                searchFrom = line
            }
            if let range = searchFrom.range(of: phrase) {
                let column = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: range.lowerBound) + 1
                return SourceLocation(file: start.file, line: index + 1, column: column)
            }
        }
        return start
    }
}
