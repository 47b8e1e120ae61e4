import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation
import SarabanData

/// One sheet of a workbook as text cells, the way a batch table reads a CSV. For an .xlsx workbook (an OpenDocument
/// spreadsheet is read in `ODSSheet.swift`), ZIPFoundation opens the workbook, Foundation's XMLParser reads its
/// parts (the workbook's sheet list and their relationships, the shared strings, the styles that say which numbers
/// are dates, the sheet). Numbers keep the digits Excel
/// stored, trimmed of binary noise (94.960000000000008 → 94.96); a date-formatted number becomes YYYY-MM-DD;
/// empty cells are empty text.
struct WorkbookSheet {
    let name: String
    /// Rows by their number in the sheet (from 1), each as cells by column (from 0).
    let rows: [(number: Int, cells: [String])]
    /// Merged ranges ("A5:A6"): only the top-left cell holds the value the spreadsheet shows in all of them.
    var merged: [MergedRange] = []

    init(name: String, rows: [(number: Int, cells: [String])], merged: [MergedRange] = []) {
        self.name = name
        self.rows = rows
        self.merged = merged
    }

    struct MergedRange {
        let name: String
        let top: Int, bottom: Int, left: Int, right: Int
    }

    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ url: URL, sheet wanted: String?) throws -> WorkbookSheet {
        let archive = try openArchive(url, kind: "an .xlsx workbook", saveAs: "Excel Workbook (.xlsx)")
        func part(_ path: String) throws -> Data? { try Self.part(path, of: archive) }
        guard let workbook = try part("xl/workbook.xml") else { throw Problem(description: "the workbook has no xl/workbook.xml") }
        let sheets = try XMLElements(workbook, part: "xl/workbook.xml", named: ["sheet"]).elements.map { ($0.attributes["name"] ?? "", $0.attributes["r:id"] ?? "") }
        guard let chosen = wanted.map({ name in sheets.first { $0.0 == name } }) ?? sheets.first else {
            let names = sheets.map(\.0).joined(separator: ", ")
            throw Problem(description: wanted.map { "the workbook has no sheet \"\($0)\"; its sheets: \(names)" } ?? "the workbook has no sheet")
        }
        let relations = try part("xl/_rels/workbook.xml.rels").map {
            try XMLElements($0, part: "xl/_rels/workbook.xml.rels", named: ["Relationship"]).elements
        } ?? []
        guard let target = relations.first(where: { $0.attributes["Id"] == chosen.1 })?.attributes["Target"] else {
            throw Problem(description: "the sheet \"\(chosen.0)\" has no part in the workbook")
        }
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard let sheetData = try part(path) else { throw Problem(description: "the workbook has no \(path)") }
        let shared = try part("xl/sharedStrings.xml").map(sharedStrings) ?? []
        let dateStyles = try part("xl/styles.xml").map(dateStyleIndexes) ?? []
        // One pass over the sheet: its cells, and its merged ranges.
        let parsed = try XMLElements(sheetData, part: path, named: ["mergeCell"], textOf: "v", alsoTextOf: "t")
        var sheet = WorkbookSheet(name: chosen.0, rows: try cells(parsed, shared: shared, dateStyles: dateStyles))
        sheet.merged = mergedRanges(parsed)
        return sheet
    }

    /// The workbook as a ZIP archive, or a plain message that it is not one.
    static func openArchive(_ url: URL, kind: String, saveAs: String) throws -> Archive {
        do { return try Archive(url: url, accessMode: .read) } catch {
            throw Problem(description: "not \(kind) (it is not a ZIP archive); save it from the spreadsheet as \(saveAs)")
        }
    }

    /// One part of the archive, whole, within the table's size limit; nil if the archive has no such part.
    static func part(_ path: String, of archive: Archive) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= UInt64(InputFile.tableLimit) else { throw Problem(description: "\(path) is too large") }
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return data
    }

    /// The sheet's <mergeCell ref="A5:B6"/> ranges.
    static func mergedRanges(_ parsed: XMLElements) -> [MergedRange] {
        parsed.elements.filter { $0.name == "mergeCell" }.compactMap { element in
            guard let name = element.attributes["ref"] else { return nil }
            let ends = name.split(separator: ":").map(String.init)
            guard ends.count == 2, let start = reference(ends[0]), let end = reference(ends[1]) else { return nil }
            return MergedRange(name: name, top: min(start.row, end.row), bottom: max(start.row, end.row),
                               left: min(start.column, end.column), right: max(start.column, end.column))
        }
    }

    /// Each <si>'s text: its <t> runs joined (rich text has several).
    static func sharedStrings(_ data: Data) throws -> [String] {
        try XMLElements(data, part: "xl/sharedStrings.xml", named: ["si", "t"], textOf: "t", groupBy: "si").groups
    }

    /// The cell formats (cellXfs, by index) whose number format is a date.
    static func dateStyleIndexes(_ data: Data) throws -> Set<Int> {
        let parsed = try XMLElements(data, part: "xl/styles.xml", named: ["numFmt", "cellXfs", "xf"])
        let custom = Dictionary(parsed.elements.filter { $0.name == "numFmt" }.compactMap { element -> (Int, String)? in
            guard let id = element.attributes["numFmtId"].flatMap(Int.init), let code = element.attributes["formatCode"] else { return nil }
            return (id, code.lowercased())
        }, uniquingKeysWith: { first, _ in first })
        let formats = parsed.elements.filter { $0.name == "xf" && $0.insideCellFormats }.map { $0.attributes["numFmtId"].flatMap(Int.init) ?? 0 }
        return Set(formats.enumerated().compactMap { index, id in
            let builtInDate = (14...22).contains(id) || (45...47).contains(id)
            let customDate = custom[id].map { $0.contains("d") && $0.contains("y") } ?? false
            return builtInDate || customDate ? index : nil
        })
    }

    static func cells(_ parsed: XMLElements, shared: [String], dateStyles: Set<Int>) throws -> [(number: Int, cells: [String])] {
        var rows: [(number: Int, cells: [String])] = []
        for cell in parsed.cells {
            guard let (column, row) = reference(cell.reference) else {
                throw Problem(description: "a cell has no readable reference (\"\(cell.reference)\")")
            }
            if rows.last?.number != row { rows.append((row, [])) }
            var text = cell.value
            switch cell.type {
            case "s":
                guard let index = Int(text), index < shared.count else { throw Problem(description: "cell \(cell.reference) names a missing shared string") }
                text = shared[index]
            case "b": text = text == "1" ? "TRUE" : "FALSE"
            case "inlineStr", "str", "e": break
            default:
                if let number = Double(text) {
                    text = cell.style.map(dateStyles.contains) == true ? date(number) : plain(number, as: text)
                }
            }
            while rows[rows.count - 1].cells.count < column { rows[rows.count - 1].cells.append("") }
            rows[rows.count - 1].cells.append(text)
        }
        return rows
    }

    /// "F7" → (5, 7).
    static func reference(_ text: String) -> (column: Int, row: Int)? {
        let letters = text.prefix { $0.isASCII && $0.isLetter }
        guard !letters.isEmpty, let row = Int(text.dropFirst(letters.count)), row > 0 else { return nil }
        let column = letters.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
        return (column, row)
    }

    /// 0 → "A", 26 → "AA".
    static func columnName(_ index: Int) -> String {
        var name = "", value = index + 1
        while value > 0 {
            let digit = (value - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            value = (value - 1) / 26
        }
        return name
    }

    /// The number as typed: Excel stores binary doubles, so 94.96 may come back as 94.960000000000008.
    static func plain(_ number: Double, as stored: String) -> String {
        guard stored.count > 15 else { return stored }
        var text = String(format: "%.10f", number)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Excel's day number (from 1899-12-30) as YYYY-MM-DD.
    static func date(_ serial: Double) -> String {
        let date = Date(timeIntervalSince1970: (serial.rounded(.down) - 25_569) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}

/// The elements of an XML part that a reader needs, gathered in one pass of Foundation's XMLParser.
final class XMLElements: NSObject, XMLParserDelegate {
    struct Element {
        let name: String
        let attributes: [String: String]
        let insideCellFormats: Bool
    }
    struct Cell {
        var reference: String, type: String?, style: Int?, value: String
    }

    private(set) var elements: [Element] = []
    private(set) var groups: [String] = []
    private(set) var cells: [Cell] = []
    private let wanted: Set<String>, textOf: String?, alsoTextOf: String?, groupBy: String?
    private var collecting = false
    private var text = ""
    private var inCellFormats = false
    private var cell: Cell?

    /// A part that is not well-formed (a workbook cut short, say) is an error: what was read before the damage
    /// would otherwise pass for the whole sheet, and rows would be lost without a word.
    init(_ data: Data, part: String, named: Set<String>, textOf: String? = nil, alsoTextOf: String? = nil, groupBy: String? = nil) throws {
        wanted = named
        self.textOf = textOf
        self.alsoTextOf = alsoTextOf
        self.groupBy = groupBy
        super.init()
        let parser = XMLParser(data: data)
        parser.delegate = self
        // Foundation's parser on Linux answers true for a document that ends too soon, and says so only in its error.
        guard parser.parse(), parser.parserError == nil else {
            throw WorkbookSheet.Problem(description: "\(part) is not well-formed XML (line \(parser.lineNumber)): the workbook is damaged or cut short; save it again from the spreadsheet")
        }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "cellXfs" { inCellFormats = true }
        if wanted.contains(name) { elements.append(Element(name: name, attributes: attributes, insideCellFormats: inCellFormats)) }
        if name == groupBy { groups.append("") }
        if name == "c" { cell = Cell(reference: attributes["r"] ?? "", type: attributes["t"], style: attributes["s"].flatMap(Int.init), value: "") }
        if name == textOf || name == alsoTextOf {
            collecting = true
            text = ""
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "cellXfs" { inCellFormats = false }
        if name == textOf || name == alsoTextOf {
            collecting = false
            if groupBy != nil, !groups.isEmpty { groups[groups.count - 1] += text }
            cell?.value += text
        }
        if name == "c", let finished = cell {
            cells.append(finished)
            cell = nil
        }
    }
}
