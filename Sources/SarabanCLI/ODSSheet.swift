import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One sheet of an OpenDocument spreadsheet (.ods, LibreOffice's own format) as text cells, the same shape as an
/// .xlsx sheet (`WorkbookSheet`), so a batch reads either the same way.
///
/// The sheets are in one part, `content.xml`: `<table:table table:name="…">`, rows of `<table:table-cell>`. What
/// a reader must know of it:
/// - a cell's value is in attributes by its type (`office:value` for numbers, percentages and money,
///   `office:date-value`, `office:boolean-value`), else its text: the `<text:p>` paragraphs joined by line ends,
///   with `<text:s text:c="N"/>` standing for N spaces and `<text:tab/>` for a tab; a cell's comment
///   (`<office:annotation>`) is not its text;
/// - `table:number-columns-repeated` and `table:number-rows-repeated` stand for copies: a sheet ends with a row
///   repeated to the millionth, and a row with a cell repeated to the last column, so empty copies are counted,
///   never made;
/// - a merged cell spans `table:number-columns-spanned` × `table:number-rows-spanned`, and the cells it covers are
///   `<table:covered-table-cell>`, empty.
enum ODSSheet {
    /// Copies of one non-empty row or cell made at most: more is not a table of offices.
    static let maxRepeats = 10_000

    static func read(_ url: URL, sheet wanted: String?) throws -> WorkbookSheet {
        let archive = try WorkbookSheet.openArchive(url, kind: "an .ods spreadsheet", saveAs: "ODF Spreadsheet (.ods)")
        guard let content = try WorkbookSheet.part("content.xml", of: archive) else {
            throw WorkbookSheet.Problem(description: "the spreadsheet has no content.xml")
        }
        let reader = ContentReader(wanted: wanted)
        let parser = XMLParser(data: content)
        parser.delegate = reader
        guard parser.parse() || reader.found != nil else {
            throw WorkbookSheet.Problem(description: "content.xml is not well-formed XML (line \(parser.lineNumber)): \(parser.parserError.map { "\($0)" } ?? "")")
        }
        if let problem = reader.problem { throw WorkbookSheet.Problem(description: problem) }
        if reader.found == nil, let cut = reader.unfinishedSheet {
            throw WorkbookSheet.Problem(description: "content.xml ends inside the sheet \"\(cut)\" (line \(parser.lineNumber)): the file is cut short; save it again from the spreadsheet")
        }
        guard let found = reader.found else {
            let names = reader.sheetNames.joined(separator: ", ")
            throw WorkbookSheet.Problem(description: wanted.map { "the spreadsheet has no sheet \"\($0)\"; its sheets: \(names)" } ?? "the spreadsheet has no sheet")
        }
        return found
    }

    /// Reads content.xml in one pass, keeping the wanted sheet (the first, or the one named).
    final class ContentReader: NSObject, XMLParserDelegate {
        let wanted: String?
        private(set) var sheetNames: [String] = []
        private(set) var found: WorkbookSheet?
        private(set) var problem: String?
        /// The wanted sheet's name if the part ended before the sheet did.
        var unfinishedSheet: String? { inWantedSheet ? sheetName : nil }

        private var inWantedSheet = false
        private var sheetName = ""
        private var rows: [(number: Int, cells: [String])] = []
        private var merged: [WorkbookSheet.MergedRange] = []
        /// The sheet's row number of the row being read (from 1), and how many times it repeats.
        private var rowNumber = 0
        private var rowRepeats = 1
        private var rowCells: [String] = []
        /// The next cell's column (from 0): empty cells are only counted until a cell with a value comes.
        private var column = 0
        private var cell: Cell?
        private var paragraphs = 0
        private var paragraphDepth = 0
        private var annotationDepth = 0

        struct Cell {
            var value: String?
            var text = ""
            var repeats = 1
            var columnsSpanned = 1, rowsSpanned = 1
        }

        init(wanted: String?) {
            self.wanted = wanted
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            switch name {
            case "table:table":
                let sheet = attributes["table:name"] ?? ""
                sheetNames.append(sheet)
                inWantedSheet = found == nil && (wanted == nil || wanted == sheet) && !(wanted == nil && sheetNames.count > 1)
                sheetName = sheet
                rows = []
                merged = []
                rowNumber = 0
            case _ where !inWantedSheet:
                break
            case "table:table-row":
                rowRepeats = count(attributes["table:number-rows-repeated"])
                rowNumber += 1
                rowCells = []
                column = 0
            case "table:table-cell", "table:covered-table-cell":
                cell = Cell(value: value(attributes), repeats: count(attributes["table:number-columns-repeated"]),
                            columnsSpanned: count(attributes["table:number-columns-spanned"]),
                            rowsSpanned: count(attributes["table:number-rows-spanned"]))
                paragraphs = 0
                paragraphDepth = 0
            case "office:annotation":
                annotationDepth += 1
            case "text:p" where cell != nil && annotationDepth == 0:
                if paragraphs > 0 { cell?.text += "\n" }
                paragraphs += 1
                paragraphDepth += 1
            case "text:s" where cell != nil && annotationDepth == 0:
                cell?.text += String(repeating: " ", count: count(attributes["text:c"]))
            case "text:tab" where cell != nil && annotationDepth == 0:
                cell?.text += "\t"
            case "text:line-break" where cell != nil && annotationDepth == 0:
                cell?.text += "\n"
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inWantedSheet, cell != nil, annotationDepth == 0, paragraphDepth > 0 { cell?.text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard inWantedSheet else { return }
            switch name {
            case "office:annotation":
                annotationDepth -= 1
            case "text:p" where cell != nil && annotationDepth == 0:
                paragraphDepth -= 1
            case "table:table-cell", "table:covered-table-cell":
                if let finished = cell { endCell(finished) }
                cell = nil
            case "table:table-row":
                endRow()
            case "table:table":
                found = WorkbookSheet(name: sheetName, rows: rows, merged: merged)
                inWantedSheet = false
            default:
                break
            }
        }

        /// A cell's value where its type puts it in an attribute; nil for text.
        func value(_ attributes: [String: String]) -> String? {
            switch attributes["office:value-type"] {
            case "float", "percentage", "currency":
                return attributes["office:value"].map { stored in Double(stored).map { WorkbookSheet.plain($0, as: stored) } ?? stored }
            case "date":
                // "2024-01-15" or "2024-01-15T00:00:00": the day, as an .xlsx date cell reads.
                return attributes["office:date-value"].map { String($0.prefix(10)) }
            case "boolean":
                return attributes["office:boolean-value"] == "true" ? "TRUE" : "FALSE"
            default:
                return nil
            }
        }

        func endCell(_ finished: Cell) {
            let text = finished.value ?? finished.text
            if finished.columnsSpanned > 1 || finished.rowsSpanned > 1 {
                let first = WorkbookSheet.columnName(column), last = WorkbookSheet.columnName(column + finished.columnsSpanned - 1)
                merged.append(WorkbookSheet.MergedRange(name: "\(first)\(rowNumber):\(last)\(rowNumber + finished.rowsSpanned - 1)",
                                                        top: rowNumber, bottom: rowNumber + finished.rowsSpanned - 1,
                                                        left: column, right: column + finished.columnsSpanned - 1))
            }
            guard !text.isEmpty else {
                column += finished.repeats
                return
            }
            guard finished.repeats <= ODSSheet.maxRepeats else {
                problem = "row \(rowNumber) repeats a cell \(finished.repeats) times; a table of offices has one column a field"
                column += finished.repeats
                return
            }
            while rowCells.count < column { rowCells.append("") }
            rowCells += Array(repeating: text, count: finished.repeats)
            column += finished.repeats
        }

        func endRow() {
            defer { rowNumber += rowRepeats - 1 }
            guard !rowCells.isEmpty else { return }
            guard rowRepeats <= ODSSheet.maxRepeats else {
                problem = "row \(rowNumber) is repeated \(rowRepeats) times; type each office's row"
                return
            }
            for copy in 0..<rowRepeats { rows.append((rowNumber + copy, rowCells)) }
        }

        /// A repeat or span count: 1 when absent, never below 1.
        func count(_ attribute: String?) -> Int {
            max(1, attribute.flatMap { Int($0) } ?? 1)
        }
    }
}
