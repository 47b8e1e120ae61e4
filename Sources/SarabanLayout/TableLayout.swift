import Foundation
import SarabanBlocks

/// A table cell ready to draw at any height: its box's x and width, its lines, and how to set them.
struct CellDrawing {
    var x: Double
    var width: Double
    var lines: [TextLine]
    var align: PageDesign.Alignment
    var pitch: Double
    var baselineOffset: Double
    var padding: Double
    var border: Double
    var size: Double
    var text: String
    /// The cell's node in the document's structure (`TH` or `TD`).
    var node: Int

    /// The cell's four borders and its lines, centred vertically in a box from `y` of `height`.
    func draw(y: Double, height: Double, placement: LinePlacement) -> [PageElement] {
        var elements: [PageElement] = [
            .rule(x0: x, y0: y, x1: x + width, y1: y, width: border),
            .rule(x0: x, y0: y + height, x1: x + width, y1: y + height, width: border),
            .rule(x0: x, y0: y, x1: x, y1: y + height, width: border),
            .rule(x0: x + width, y0: y, x1: x + width, y1: y + height, width: border),
        ]
        var lineTop = y + (height - Double(lines.count) * pitch) / 2
        for line in lines {
            elements += placement.place(line, x: x + padding, baseline: lineTop + baselineOffset,
                                        available: width - 2 * padding, align: align, size: size)
            lineTop += pitch
        }
        return elements.tagged(node)
    }
}

/// A cell spanning rows, drawn once the pages are known: on each page over the rows of its span that
/// landed there, its text repeated where the table continues.
struct SpanCell {
    var rows: Range<Int>
    var cell: CellDrawing
}

/// Lays out a table with bordered cells, some spanning rows or columns.
///
/// Column widths come from the layout file by column name. Each cell's text is broken to its width; a row
/// is as tall as its tallest single-row cell, and a cell spanning rows stretches the last of them if its
/// text needs more room. Each row is one flow item, never split; a page may break between any two rows.
/// Cells spanning rows travel beside the rows as `SpanCell`s and are drawn after pagination, so that
/// where the table continues on a new page the cell is repeated, not left empty. The header row is its
/// own item, repeated by the paginator at the top of each continuation.
struct TableLayout {
    let design: PageDesign
    let typesetter: Typesetter
    let placement: LinePlacement
    /// The layout's table section; `BlockLayout` lays out a table only when the layout has one.
    var tableDesign: PageDesign.TableDesign { design.table! }

    /// The table's rows as flow items; the table a node of `structure`, with a row (`TR`) for the header and
    /// each body row, and a cell (`TH` in the header, `TD` below) for each cell, with its spans.
    func items(for table: Table, id: Int, structure: StructureTree) throws -> [FlowItem] {
        let widths = try columnWidths(table)
        let lefts = widths.indices.map { design.marginLeft + widths[..<$0].reduce(0, +) }
        let tableNode = structure.add(.table)
        let header = try cells(table.header, widths: widths, lefts: lefts, table: nil,
                               row: structure.add(.tableRow, under: tableNode), cellRole: .headerCell, structure: structure)
        let headerHeight = header.map(\.height).max() ?? 0
        let headerElements = header.flatMap { $0.cell.draw(y: 0, height: headerHeight, placement: placement) }
        let rows = try table.rows.map {
            try cells($0, widths: widths, lefts: lefts, table: table, row: structure.add(.tableRow, under: tableNode), cellRole: .dataCell,
                      structure: structure)
        }
        let heights = rowHeights(table.rows, rows)

        var headerItem = FlowItem(kind: .tableHeader, height: headerHeight, spaceBefore: 0, elements: headerElements)
        headerItem.keepWithNext = true
        headerItem.tableID = id
        headerItem.text = header.map(\.cell.text).joined(separator: " ")
        headerItem.brokenWords = header.flatMap { $0.cell.lines.compactMap(\.brokenWord) }
        var items = [headerItem]
        for (index, row) in table.rows.enumerated() {
            var elements: [PageElement] = []
            var spans: [SpanCell] = []
            for (cell, drawing) in zip(row.cells, rows[index]) {
                if cell.rowSpan > 1 {
                    spans.append(SpanCell(rows: index..<min(table.rows.count, index + cell.rowSpan), cell: drawing.cell))
                } else {
                    elements += drawing.cell.draw(y: 0, height: heights[index], placement: placement)
                }
            }
            var item = FlowItem(kind: .tableRows, height: heights[index], spaceBefore: 0, elements: elements)
            item.tableID = id
            item.tableRow = index
            item.spans = spans
            item.tableHeader = headerElements
            item.tableHeaderHeight = headerHeight
            item.tableHeaderText = headerItem.text
            item.text = rows[index].map(\.cell.text).joined(separator: " ")
            item.brokenWords = rows[index].flatMap { $0.cell.lines.compactMap(\.brokenWord) }
            items.append(item)
        }
        keepRowsTogether(&items, rows: table.rows)
        return items
    }

    /// Where a table may break: every part holds at least `table.min_rows` body rows (the first part after
    /// its header, the last before the table's end), and the summary rows (total, rating) stay with that many
    /// body rows above them. A page holding only a total and a rating under a repeated header is never made.
    func keepRowsTogether(_ items: inout [FlowItem], rows: [TableRow]) {
        let least = tableDesign.minRows
        let bodyRows = rows.indices.filter { !rows[$0].isSummary }
        guard let firstSummary = rows.indices.first(where: { rows[$0].isSummary }) ?? rows.indices.last.map({ $0 + 1 }) else { return }
        // items[0] is the header; row r is items[r + 1].
        for row in bodyRows.prefix(least - 1) { items[row + 1].keepWithNext = true }
        let tailStart = max(0, firstSummary - least)
        for row in tailStart..<max(tailStart, rows.count - 1) { items[row + 1].keepWithNext = true }
    }

    func columnWidths(_ table: Table) throws -> [Double] {
        try table.columns.map { name in
            guard let column = tableDesign.columns[name] else {
                throw LayoutError(message: "\(design.file): table.columns: the layout gives no width for the column \"\(name)\"; expected the columns \(table.columns.joined(separator: ", "))")
            }
            return column.width
        }
    }

    func cells(_ row: TableRow, widths: [Double], lefts: [Double], table: Table?, row rowNode: Int, cellRole: StructureNode.Role,
               structure: StructureTree) throws -> [(cell: CellDrawing, height: Double)] {
        let style = tableDesign
        let metrics = typesetter.metrics(size: style.fontSize)
        let baseline = (style.linePitch - metrics.ascent - metrics.descent) / 2 + metrics.ascent
        return try row.cells.map { cell in
            let width = widths[cell.column..<min(widths.count, cell.column + cell.columnSpan)].reduce(0, +)
            let lines = try typesetter.lines(cell.text, .init(width: width - 2 * style.padding, size: style.fontSize, bold: cell.bold,
                                                              avoidRunts: false, ragged: alignment(cell, table: table) != .justify))
            if let word = lines.compactMap(\.brokenWord).first {
                // A cell breaks only between words: a word that does not fit is the layout's error, not the reader's.
                let column = table.map { $0.columns[cell.column] } ?? String(cell.column + 1)
                throw LayoutError(message: "\(design.file): table.columns: the word \"\(word)\" is wider than its cell in the column \"\(column)\" (\(PageDesign.cm(width)) cm); widen the column",
                                  thai: "คำ \"\(word)\" ยาวเกินช่องตารางในคอลัมน์ \"\(column)\" (กว้าง \(PageDesign.cm(width)) ซม.) ให้เว้นวรรคแบ่งคำนั้นในข้อมูล หรือขยายคอลัมน์ในไฟล์ layout (\(design.file))")
            }
            let drawing = CellDrawing(x: lefts[cell.column], width: width, lines: lines, align: alignment(cell, table: table),
                                      pitch: style.linePitch, baselineOffset: baseline, padding: style.padding,
                                      border: style.border, size: style.fontSize, text: cell.text.plainText,
                                      node: structure.add(cellRole, under: rowNode, rowSpan: cell.rowSpan, columnSpan: cell.columnSpan))
            return (drawing, Double(max(1, lines.count)) * style.linePitch + 2 * style.paddingVertical)
        }
    }

    /// Each row's height: its tallest single-row cell, then stretched where a spanning cell needs more.
    func rowHeights(_ rows: [TableRow], _ cells: [[(cell: CellDrawing, height: Double)]]) -> [Double] {
        let minimum = tableDesign.linePitch + 2 * tableDesign.paddingVertical
        var heights = zip(rows, cells).map { row, cells in
            zip(row.cells, cells).filter { $0.0.rowSpan == 1 }.map(\.1.height).max() ?? minimum
        }
        for (index, row) in rows.enumerated() {
            for (cell, drawing) in zip(row.cells, cells[index]) where cell.rowSpan > 1 {
                let last = min(rows.count, index + cell.rowSpan) - 1
                let available = heights[index...last].reduce(0, +)
                if drawing.height > available { heights[last] += drawing.height - available }
            }
        }
        return heights
    }

    func alignment(_ cell: TableCell, table: Table?) -> PageDesign.Alignment {
        if let own = cell.alignment { return PageDesign.Alignment(rawValue: own.rawValue) ?? .left }
        if let table, cell.column < table.columns.count, let column = tableDesign.columns[table.columns[cell.column]] {
            return column.align
        }
        return .left
    }
}
