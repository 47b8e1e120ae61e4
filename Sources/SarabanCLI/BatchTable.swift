import Foundation
import SwiftCSV
import SarabanITA
import SarabanBlocks
import SarabanData

/// The table of agencies a batch renders: CSV as spreadsheets export it (UTF-8 with or without a byte-order
/// mark, quoted fields, Windows line ends), one agency a row, columns named by the data file's fields.
///
/// Columns are the data file's scalar fields by path: `agency.name`, `agency.abbreviation` (required),
/// `agency.logo`; `year`, `measures_year`, `date`, `title`; `scores.1` … `scores.10`, or the sub-indicators
/// `scores.9.1` … `scores.10.2`; `published.total`, `published.rating`; `signatories.N.name`,
/// `signatories.N.role`, `signatories.N.positions` (lines separated by "|"), `signatories.N.signature`;
/// `options.numerals`, `options.table_numerals`; and `file` (the output's name). Image paths in cells are
/// relative to the table's folder. Any other column is an error.
struct BatchTable {
    struct Row {
        /// The row's number among the data rows, from 1 (the header is row 0).
        let number: Int
        let file: String
        /// For a workbook, the sheet's name: locations are then cells ("offices.xlsx:Sheet1!F7").
        var sheet: String? = nil
        let columns: [String]
        /// Column name → position, one dictionary shared by every row of the table.
        let positions: [String: Int]
        /// Where the row's cells are in the table's one buffer of cells.
        let cells: CellStore
        let firstCell: Int
        let cellCount: Int
        /// A cell of this row the table itself makes wrong (a merged cell that shows another row's value):
        /// its column (from 0) and what to do.
        var problem: (column: Int, message: String)? = nil
        /// In a batch of data files (`--data`), the file this row renders; its own locations are in that file.
        var dataFile: URL? = nil

        /// A cell as typed (nil where the row has no such column).
        func raw(_ column: String) -> String? {
            guard let index = positions[column], index < cellCount else { return nil }
            return cells.text(of: firstCell + index)
        }

        /// Where a column's value is: line = the row's number + 1 (the header's line), column = its position;
        /// in a workbook, the cell's name.
        func location(_ column: String) -> SourceLocation {
            if let dataFile { return SourceLocation(file: dataFile.path, line: 0, column: 0) }
            return BatchTable.locate(file: file, sheet: sheet, line: number + 1, column: (columns.firstIndex(of: column) ?? 0) + 1)
        }

        /// A cell without white space around it; nil when empty.
        func value(_ column: String) -> String? {
            guard let value = raw(column)?.trimmingSpaces(newlines: true), !value.isEmpty else { return nil }
            return value
        }
    }

    let file: String
    let columns: [String]
    let rows: [Row]

    static let fixedColumns = ["agency.name", "agency.abbreviation", "agency.logo", "year", "measures_year", "date", "title",
                               "published.total", "published.rating", "options.numerals", "options.table_numerals", "file"]
    static let signatoryFields = ["name", "role", "positions", "signature"]

    static func isKnown(_ column: String) -> Bool {
        if fixedColumns.contains(column) { return true }
        if column.hasPrefix("scores."), isIndicatorCode(String(column.dropFirst("scores.".count))) { return true }
        let parts = column.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "signatories" && (Int(parts[1]).map { (1...99).contains($0) } ?? false)
            && signatoryFields.contains(String(parts[2]))
    }

    /// A place in the table: "file:line:column" for a CSV, "file:Sheet!F7" for a workbook.
    static func locate(file: String, sheet: String?, line: Int, column: Int) -> SourceLocation {
        guard let sheet else { return SourceLocation(file: file, line: line, column: column) }
        return SourceLocation(file: "\(file):\(sheet)!\(WorkbookSheet.columnName(column - 1))\(line)", line: 0, column: 0)
    }

    /// The table's header and rows, as text cells, from a CSV file or a sheet of an .xlsx or .ods workbook.
    struct Source {
        var header: [String]
        /// Each data row with its line (CSV) or row number (sheet).
        var rows: [(line: Int, fields: [String])]
        var sheet: String?
        /// Rows (by line) with a cell the source makes wrong: its column (from 0) and what to do.
        var problems: [Int: (column: Int, message: String)] = [:]
    }

    static func load(_ url: URL, sheet: String? = nil) throws -> BatchTable {
        let source: Source
        if ["xlsx", "ods"].contains(url.pathExtension.lowercased()) {
            source = try spreadsheet(url, sheet: sheet)
        } else {
            guard sheet == nil else {
                throw DataError(location: SourceLocation(file: url.path, line: 0, column: 0), field: "", message: "--sheet goes with an .xlsx or .ods workbook, not a CSV file")
            }
            source = try csvSource(url)
        }
        let locate = { (line: Int, column: Int) in Self.locate(file: url.path, sheet: source.sheet, line: line, column: column) }
        let columns = source.header.map { $0.trimmingSpaces() }
        try checkUnnamedColumns(columns, rows: source.rows, locate: locate)
        for (index, column) in columns.enumerated() where !column.isEmpty && !isKnown(column) {
            let candidates = fixedColumns + (1...10).map { "scores.\($0)" } + signatoryFields.map { "signatories.1.\($0)" }
            let near = YAMLValue.nearest(column, in: candidates).map { "; did you mean \"\($0)\"?" } ?? ""
            throw DataError(location: locate(1, index + 1), field: column,
                            message: "unknown column \"\(column)\"\(near)", code: "unknown-field",
                            thai: "ไม่รู้จักคอลัมน์ \"\(column)\"")
        }
        var seen: [String: Int] = [:]
        for (index, column) in columns.enumerated() where !column.isEmpty {
            if let first = seen[column] {
                throw DataError(location: locate(1, index + 1), field: column,
                                message: "the column \"\(column)\" is given twice (columns \(first + 1) and \(index + 1)); keep one",
                                code: "duplicate-field", thai: "คอลัมน์ \"\(column)\" ซ้ำกัน (คอลัมน์ที่ \(first + 1) และ \(index + 1)) ให้เหลือคอลัมน์เดียว")
            }
            seen[column] = index
        }
        for required in ["agency.name", "agency.abbreviation"] where !columns.contains(required) {
            throw DataError(location: locate(1, 1), field: required,
                            message: "the table has no column \"\(required)\"", code: "missing-field", thai: "ตารางไม่มีคอลัมน์ \"\(required)\"")
        }
        let positions = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var store = CellStore.Builder()
        var spans: [(number: Int, first: Int, count: Int)] = []
        for (line, fields) in source.rows {
            guard fields.contains(where: { !$0.trimmingSpaces().isEmpty }) else { continue }
            spans.append((line - 1, store.count, fields.count))
            store.append(fields)
        }
        let cells = store.finish()
        let rows = spans.map { Row(number: $0.number, file: url.path, sheet: source.sheet, columns: columns, positions: positions,
                                   cells: cells, firstCell: $0.first, cellCount: $0.count, problem: source.problems[$0.number + 1]) }
        return BatchTable(file: url.path, columns: columns, rows: rows)
    }

    /// A column without a name in the header is left out when it is empty all the way down (a spreadsheet often
    /// exports a few: cells once formatted, or a comma at each line's end); one that holds a value is an error at
    /// that value, since nothing says which field it would be.
    static func checkUnnamedColumns(_ columns: [String], rows: [(line: Int, fields: [String])], locate: (Int, Int) -> SourceLocation) throws {
        for (index, column) in columns.enumerated() where column.isEmpty {
            for (line, fields) in rows where index < fields.count && !fields[index].trimmingSpaces().isEmpty {
                throw DataError(location: locate(line, index + 1), field: "",
                                message: "column \(index + 1) has no name in the header row, but holds \"\(fields[index].trimmingSpaces())\"; name the column (such as scores.9.1) or clear it",
                                code: "unknown-field",
                                thai: "คอลัมน์ที่ \(index + 1) ไม่มีชื่อในแถวหัวตาราง แต่มีข้อมูล \"\(fields[index].trimmingSpaces())\" ให้ตั้งชื่อคอลัมน์ (เช่น scores.9.1) หรือลบข้อมูลออก")
            }
        }
    }

    /// A batch of data files (`--data`): each file a row, named by the file (offices/tak2.yaml → tak2.pdf).
    /// A pattern is a file, a folder (its .yaml, .yml and .json files) or a glob ("offices/*.yaml", quoted so
    /// that saraban expands it); files are taken in name order, so row numbers are the same on every run.
    static func dataFiles(_ patterns: [String]) throws -> BatchTable {
        var files: [URL] = []
        for pattern in patterns {
            let matches = try expand(pattern)
            guard !matches.isEmpty else {
                throw DataError(location: SourceLocation(file: pattern, line: 0, column: 0), field: "--data",
                                message: "no data file matches \"\(pattern)\"", code: "file-not-found",
                                thai: "ไม่พบไฟล์ข้อมูลที่ตรงกับ \"\(pattern)\"")
            }
            files += matches
        }
        var seen = Set<String>()
        files = files.map(\.standardizedFileURL).filter { seen.insert($0.path).inserted }
        let columns = ["file", "agency.abbreviation", "agency.name"]
        var store = CellStore.Builder()
        var firstCells: [Int] = []
        for url in files {
            firstCells.append(store.count)
            let base = url.deletingPathExtension().lastPathComponent
            store.append([base, base, ""])  // file, agency.abbreviation (for progress lines), agency.name (read at render)
        }
        let cells = store.finish()
        let positions = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        let rows = zip(files, firstCells).enumerated().map { index, file in
            Row(number: index + 1, file: file.0.path, columns: columns, positions: positions, cells: cells, firstCell: file.1,
                cellCount: columns.count, dataFile: file.0)
        }
        return BatchTable(file: patterns.joined(separator: " "), columns: columns, rows: rows)
    }

    /// A pattern's files: the file itself, a folder's data files, or a glob's matches, sorted by name.
    static func expand(_ pattern: String) throws -> [URL] {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: pattern, isDirectory: &isFolder) {
            guard isFolder.boolValue else { return [URL(fileURLWithPath: pattern)] }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: pattern)) ?? []
            return names.filter { ["yaml", "yml", "json"].contains(($0 as NSString).pathExtension.lowercased()) && !$0.hasPrefix(".") }
                .sorted().map { URL(fileURLWithPath: pattern).appendingPathComponent($0) }
        }
        var matches = glob_t()
        defer { globfree(&matches) }
        guard glob(pattern, 0, nil, &matches) == 0 else { return [] }
        return (0..<Int(matches.gl_pathc)).compactMap { matches.gl_pathv[$0].map { String(cString: $0) } }
            .filter { path in
                var folder: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && !folder.boolValue
            }
            .sorted().map { URL(fileURLWithPath: $0) }
    }

    static func csvSource(_ url: URL) throws -> Source {
        let data: Data
        do {
            data = try InputFile.read(url, what: "a CSV table", limit: InputFile.tableLimit)
        } catch let problem as InputFileError {
            throw DataError(location: SourceLocation(file: url.path, line: 0, column: 0), field: "", message: problem.reason,
                            code: problem.code, thai: "อ่านตารางไม่ได้: \(problem.thai)")
        }
        // Thai Excel's plain "CSV" is in Windows' Thai code page: read it as the same table.
        guard var text = String(data: data, encoding: .utf8) ?? ThaiWindowsText.decode(data) else {
            throw DataError(location: SourceLocation(file: url.path, line: 1, column: 1), field: "",
                            message: "the table is neither UTF-8 nor Thai Windows (874) text; export it from the spreadsheet as CSV UTF-8",
                            thai: "ตารางไม่ได้เข้ารหัสแบบ UTF-8 หรือภาษาไทยของ Windows (874) ให้บันทึกจากโปรแกรมตารางเป็น CSV UTF-8")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let csv: CSV<Enumerated>
        do {
            // A table copied out of a spreadsheet into a text file is separated by tabs, and some spreadsheets write
            // semicolons: the first of the three the header line uses, outside quotes, is the separator.
            csv = try CSV<Enumerated>(string: text, delimiter: CSVDelimiter.guessed(string: text), loadColumns: false)
        } catch {
            throw DataError(location: SourceLocation(file: url.path, line: 1, column: 1), field: "", message: "the table is not valid CSV: \(error)")
        }
        return Source(header: csv.header, rows: csv.rows.enumerated().map { ($0 + 2, $1) }, sheet: nil)
    }

    /// The first sheet of a workbook, .xlsx or .ods (or the sheet named), its first row the header.
    static func spreadsheet(_ url: URL, sheet: String?) throws -> Source {
        do {
            let isODS = url.pathExtension.lowercased() == "ods"
            try InputFile.checkRegular(url, what: isODS ? "an .ods spreadsheet" : "an .xlsx workbook", limit: InputFile.tableLimit)
            let read = isODS ? try ODSSheet.read(url, sheet: sheet) : try WorkbookSheet.read(url, sheet: sheet)
            guard let header = read.rows.first else {
                throw DataError(location: SourceLocation(file: "\(url.path):\(read.name)", line: 0, column: 0), field: "",
                                message: "the sheet is empty; its first row must name the columns")
            }
            var source = Source(header: header.cells, rows: read.rows.dropFirst().map { ($0.number, $0.cells) }, sheet: read.name)
            for range in read.merged where range.left != range.right || range.top != range.bottom {
                let cell = "\(url.path):\(read.name)!\(range.name)"
                if range.top <= header.number {
                    throw DataError(location: SourceLocation(file: cell, line: 0, column: 0), field: "",
                                    message: "the header's cells \(range.name) are merged; unmerge them so that each column has its own name in row \(header.number)",
                                    code: "invalid-table", thai: "หัวตาราง \(range.name) เป็นเซลล์ที่ผสานกันอยู่ ให้ยกเลิกการผสานเซลล์ แล้วตั้งชื่อทุกคอลัมน์ในแถว \(header.number)")
                }
                for line in stride(from: range.top + 1, through: range.bottom, by: 1) {
                    source.problems[line] = (range.left, "the cells \(range.name) are merged, so this row's cell is empty though the sheet shows a value; unmerge them and type the value in each row")
                }
                if range.left != range.right {
                    source.problems[range.top] = source.problems[range.top] ?? (range.left + 1, "the cells \(range.name) are merged across columns; unmerge them and type each column's value")
                }
            }
            return source
        } catch let problem as InputFileError {
            throw DataError(location: SourceLocation(file: url.path, line: 0, column: 0), field: "", message: problem.reason,
                            code: problem.code, thai: "อ่านตารางไม่ได้: \(problem.thai)")
        } catch let problem as WorkbookSheet.Problem {
            throw DataError(location: SourceLocation(file: url.path, line: 0, column: 0), field: "", message: problem.description,
                            code: "invalid-table", thai: "อ่านไฟล์ .\(url.pathExtension.lowercased()) ไม่ได้: \(problem.description)")
        }
    }

}

/// Every cell of a table as one UTF-8 buffer and the end of each cell in it. A batch holds its table for the
/// whole run: a string per cell (or a dictionary per row, before) left a table of 2,000 rows spread over
/// tens of thousands of small allocations, and the batch's peak memory grew with the table; one buffer is
/// one allocation, given back whole when the batch ends.
final class CellStore: Sendable {
    private let bytes: [UInt8]
    private let ends: [UInt32]

    init(bytes: [UInt8], ends: [UInt32]) {
        self.bytes = bytes
        self.ends = ends
    }

    func text(of cell: Int) -> String {
        let start = cell == 0 ? 0 : Int(ends[cell - 1])
        return String(decoding: bytes[start..<Int(ends[cell])], as: UTF8.self)
    }

    /// Collects the cells while the table is read.
    struct Builder {
        private var bytes: [UInt8] = []
        private var ends: [UInt32] = []
        var count: Int { ends.count }

        mutating func append(_ fields: [String]) {
            for field in fields {
                bytes.append(contentsOf: field.utf8)
                // The table's size limit (64 MB) keeps every offset inside UInt32.
                ends.append(UInt32(bytes.count))
            }
        }

        func finish() -> CellStore { CellStore(bytes: bytes, ends: ends) }
    }
}

extension BatchTable.Row {
    /// The template with this row's values in place; every mistake names the row and the column.
    func document(over template: MeasuresDocument) throws -> MeasuresDocument {
        try checkCells()
        func text(_ column: String) throws -> LocatedText {
            guard let value = value(column) else {
                throw DataError(location: location(column), field: column, message: "empty; expected text", code: "missing-field",
                                thai: "ช่องว่าง ต้องมีข้อความ")
            }
            return LocatedText(value, at: location(column), field: column)
        }
        let agency = MeasuresDocument.Agency(name: try text("agency.name"), abbreviation: try text("agency.abbreviation"),
                                             logo: template.agency.logo)
        var scores: [String: Double] = [:], scoreLocations: [String: SourceLocation] = [:]
        for column in columns where column.hasPrefix("scores.") {
            guard let raw = value(column) else { continue }
            let code = String(column.dropFirst("scores.".count))
            guard let score = Double(raw.withArabicDigits()), (0...100).contains(score) else {
                throw DataError(location: location(column), field: column, message: "expected a score from 0 to 100, found \"\(raw)\"",
                                code: "score-out-of-range", thai: "คะแนนต้องอยู่ระหว่าง 0 ถึง 100 แต่พบ \"\(raw)\"")
            }
            scores[code] = score
            scoreLocations[code] = location(column)
        }
        // The template's published figures belong to the template's own scores: a row that gives its own scores
        // is compared only with the figures it gives itself, never with another office's.
        var published = scores.isEmpty ? template.published
            : MeasuresDocument.Published(total: nil, totalLocation: nil, rating: nil, ratingLocation: nil)
        if value("published.total") != nil || value("published.rating") != nil {
            var total: Double?
            if let raw = value("published.total") {
                guard let value = Double(raw.withArabicDigits()), (0...100).contains(value) else {
                    throw DataError(location: location("published.total"), field: "published.total",
                                    message: "expected a total from 0 to 100, found \"\(raw)\"", code: "score-out-of-range",
                                    thai: "คะแนนรวมต้องอยู่ระหว่าง 0 ถึง 100 แต่พบ \"\(raw)\"")
                }
                total = value
            }
            published = MeasuresDocument.Published(total: total, totalLocation: total.map { _ in location("published.total") },
                                                   rating: value("published.rating"),
                                                   ratingLocation: value("published.rating").map { _ in location("published.rating") })
        }
        var document = template.replacing(agency: agency, scores: scores.isEmpty ? nil : scores,
                                          scoreLocations: scores.isEmpty ? nil : scoreLocations,
                                          published: published, signatories: try signatories(over: template.signatories))
        try setScalars(of: &document, template: template)
        return document
    }

    /// A cell as the scalar field its column names, read with the data file's own checks.
    func cell(_ column: String) -> YAMLValue? {
        value(column).map { YAMLValue.cell($0, path: column, at: location(column)) }
    }

    /// Image paths in a table are relative to the table's folder, where a central office keeps its offices' files.
    var fields: FieldDecoder { FieldDecoder(folder: URL(fileURLWithPath: file).deletingLastPathComponent()) }

    /// The other scalar fields a row may give: the year, dates, title, logo and options.
    func setScalars(of document: inout MeasuresDocument, template: MeasuresDocument) throws {
        if let logo = cell("agency.logo") {
            document.agency = .init(name: document.agency.name, abbreviation: document.agency.abbreviation, logo: try fields.image(logo))
        }
        if let year = cell("year") {
            document.year = try year.int(in: 2500...2700, what: "a B.E. year")
            document.yearLocation = year.location
            // The template's measures year followed its year: it follows the row's.
            if template.measuresYear == template.year + 1 { document.measuresYear = document.year + 1 }
        }
        if let year = cell("measures_year") { document.measuresYear = try year.int(in: 2500...2700, what: "a B.E. year") }
        if let date = cell("date") { document.date = try fields.date(date) }
        if let title = cell("title") { document.title = try title.text() }
        let choices = MeasuresDocument.Numerals.allCases.map(\.rawValue)
        if let numerals = cell("options.numerals") { document.options.numerals = .init(rawValue: try numerals.oneOf(choices))! }
        if let numerals = cell("options.table_numerals") { document.options.tableNumerals = .init(rawValue: try numerals.oneOf(choices))! }
    }

    /// Columns whose text goes through placeholders when printed (a position may name {{agency.name}}).
    static let expandedColumns: Set<String> = ["positions", "role", "title"]

    /// Every cell: no control character (a NUL would cut the name short in the PDF, a tab or line break would
    /// print as a box or break the line), and no placeholder where none is filled in or none is known.
    func checkCells() throws {
        if let problem, problem.column < columns.count {
            let column = columns[problem.column]
            throw DataError(location: location(column), field: column, message: problem.message, code: "invalid-table",
                            thai: "เซลล์ที่ผสานกันทำให้ช่องนี้ว่าง ให้ยกเลิกการผสานเซลล์แล้วพิมพ์ค่าในทุกแถว")
        }
        for column in columns {
            guard let raw = raw(column) else { continue }
            let trimmed = raw.trimmingSpaces()
            if let error = Self.formulaErrors.first(where: { trimmed == $0 }) {
                throw DataError(location: location(column), field: column,
                                message: "the cell holds the formula error \(error); correct the formula in the spreadsheet or type the value",
                                code: "invalid-value", thai: "ช่องนี้มีข้อผิดพลาดของสูตร \(error) ให้แก้สูตรในสเปรดชีตหรือพิมพ์ค่าเอง")
            }
            if let bad = raw.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
                throw DataError(location: location(column), field: column,
                                message: "the cell holds the control character U+\(String(format: "%04X", bad.value)); retype it as plain text",
                                code: "invalid-value", thai: "ช่องนี้มีอักขระควบคุม U+\(String(format: "%04X", bad.value)) ให้พิมพ์ข้อความใหม่")
            }
            guard raw.contains("{{") || raw.contains("}}") else { continue }
            let kind = column.split(separator: ".").last.map(String.init) ?? column
            let names = Self.placeholderNames(in: raw)
            if !Self.expandedColumns.contains(kind) || names.contains(where: { !Placeholders.isKnown($0) }) || names.isEmpty {
                throw DataError(location: location(column), field: column,
                                message: Self.expandedColumns.contains(kind)
                                    ? "unknown placeholder in \"\(raw)\"; known: \(Placeholders.names.map { "{{\($0)}}" }.joined(separator: ", "))"
                                    : "a placeholder ({{…}}) is not filled in this column; write the text itself",
                                code: "unknown-placeholder", thai: "ใช้ตัวแทน {{…}} ในช่องนี้ไม่ได้ หรือไม่รู้จักตัวแทนนี้ ให้พิมพ์ข้อความเอง")
            }
        }
    }

    /// What a spreadsheet shows (and exports to CSV) for a formula that failed.
    static let formulaErrors = ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!", "#GETTING_DATA"]

    static func placeholderNames(in text: String) -> [String] {
        text.components(separatedBy: "{{").dropFirst().compactMap { part in
            part.range(of: "}}").map { part[..<$0.lowerBound].trimmingSpaces() }
        }
    }

    /// The template's signatories, with what the row gives for each.
    func signatories(over template: [MeasuresDocument.Signatory]) throws -> [MeasuresDocument.Signatory] {
        var result = template
        let numbers = Set(columns.compactMap { column -> Int? in
            let parts = column.split(separator: ".")
            return parts.count == 3 && parts[0] == "signatories" ? Int(parts[1]) : nil
        }).sorted()
        for number in numbers {
            let prefix = "signatories.\(number)."
            guard BatchTable.signatoryFields.contains(where: { value(prefix + $0) != nil }) else { continue }
            let base = number <= result.count ? result[number - 1] : nil
            guard let name = value(prefix + "name").map({ LocatedText($0, at: location(prefix + "name"), field: prefix + "name") }) ?? base?.name else {
                throw DataError(location: location(prefix + "name"), field: prefix + "name",
                                message: "signatory \(number) needs a name", code: "missing-field", thai: "ผู้ลงนามคนที่ \(number) ต้องมีชื่อ")
            }
            let positions = value(prefix + "positions").map { raw in
                raw.split(separator: "|").map { LocatedText($0.trimmingSpaces(), at: location(prefix + "positions"),
                                                            field: prefix + "positions") }
            } ?? base?.positions ?? []
            let role = value(prefix + "role").map { LocatedText($0, at: location(prefix + "role"), field: prefix + "role") } ?? base?.role
            let signature = try cell(prefix + "signature").map(fields.image) ?? base?.signature
            let signatory = MeasuresDocument.Signatory(role: role, name: name, positions: positions, signature: signature)
            if number <= result.count { result[number - 1] = signatory } else { result.append(signatory) }
        }
        return result
    }
}
