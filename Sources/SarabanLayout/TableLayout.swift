import Foundation
import SarabanBlocks

/// Lays out a table with bordered cells, some spanning rows or columns.
///
/// Column widths come from the layout file by column name. Each cell's text is broken to its width;
/// a row is as tall as its tallest single-row cell, and a cell spanning rows stretches the last of
/// them if its text needs more room. Rows joined by a spanning cell form a group that is never split
/// across pages; the header row is its own item, repeated by the paginator where the table continues.
struct TableLayout {
    let design: PageDesign
    let typesetter: Typesetter
    let placement: LinePlacement

    struct PlacedCell {
        var cell: TableCell
        var row: Int
        var lines: [TextLine]
        var contentHeight: Double
    }

    func items(for table: Table, id: Int) throws -> [FlowItem] {
        let widths = try columnWidths(table)
        let lefts = widths.indices.map { design.marginLeft + widths[..<$0].reduce(0, +) }
        let header = try rowBox(table.header, widths: widths, lefts: lefts)
        let rows = try table.rows.enumerated().map { index, row in try cells(row, index: index, widths: widths) }
        let heights = rowHeights(rows, count: table.rows.count)
        var items: [FlowItem] = []
        var headerItem = FlowItem(kind: .tableHeader, height: header.height, spaceBefore: 0, elements: header.elements)
        headerItem.keepWithNext = true
        headerItem.tableID = id
        items.append(headerItem)
        for group in groups(rows, count: table.rows.count) {
            let top = heights[..<group.lowerBound].reduce(0, +)
            var elements: [PageElement] = []
            for placed in group.flatMap({ rows[$0] }) {
                let y = heights[..<placed.row].reduce(0, +) - top
                let height = heights[placed.row..<placed.row + placed.cell.rowSpan].reduce(0, +)
                elements += draw(placed, x: lefts[placed.cell.column], y: y,
                                 width: span(widths, placed.cell), height: height, table: table)
            }
            var item = FlowItem(kind: .tableRows, height: heights[group].reduce(0, +), spaceBefore: 0, elements: elements)
            item.tableID = id
            item.tableHeader = header.elements
            item.tableHeaderHeight = header.height
            items.append(item)
        }
        return items
    }

    func columnWidths(_ table: Table) throws -> [Double] {
        try table.columns.map { name in
            guard let column = design.table.columns[name] else {
                throw LayoutError(message: "\(design.file): table.columns: the layout gives no width for the column \"\(name)\"; expected the columns \(table.columns.joined(separator: ", "))")
            }
            return column.width
        }
    }

    func span(_ widths: [Double], _ cell: TableCell) -> Double {
        widths[cell.column..<min(widths.count, cell.column + cell.columnSpan)].reduce(0, +)
    }

    func cells(_ row: TableRow, index: Int, widths: [Double]) throws -> [PlacedCell] {
        let table = design.table
        let pitch = table.linePitch
        return try row.cells.map { cell in
            let width = span(widths, cell) - 2 * table.padding
            let lines = try typesetter.lines(cell.text, .init(width: width, size: table.fontSize, bold: cell.bold))
            return PlacedCell(cell: cell, row: index, lines: lines,
                              contentHeight: Double(max(1, lines.count)) * pitch + 2 * table.paddingVertical)
        }
    }

    /// Each row's height: its tallest single-row cell, then stretched where a spanning cell needs more.
    func rowHeights(_ rows: [[PlacedCell]], count: Int) -> [Double] {
        let minimum = design.table.linePitch + 2 * design.table.paddingVertical
        var heights = rows.map { row in row.filter { $0.cell.rowSpan == 1 }.map(\.contentHeight).max() ?? minimum }
        for placed in rows.joined() where placed.cell.rowSpan > 1 {
            let last = min(count, placed.row + placed.cell.rowSpan) - 1
            let available = heights[placed.row...last].reduce(0, +)
            if placed.contentHeight > available { heights[last] += placed.contentHeight - available }
        }
        return heights
    }

    /// Runs of rows that a spanning cell ties together.
    func groups(_ rows: [[PlacedCell]], count: Int) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var start = 0
        var end = 0
        for index in 0..<count {
            for placed in rows[index] { end = max(end, index + placed.cell.rowSpan) }
            if index + 1 >= end {
                groups.append(start..<index + 1)
                start = index + 1
                end = index + 1
            }
        }
        return groups
    }

    func rowBox(_ row: TableRow, widths: [Double], lefts: [Double]) throws -> (height: Double, elements: [PageElement]) {
        let placed = try cells(row, index: 0, widths: widths)
        let height = placed.map(\.contentHeight).max() ?? 0
        let elements = placed.flatMap { draw($0, x: lefts[$0.cell.column], y: 0, width: span(widths, $0.cell), height: height, table: nil) }
        return (height, elements)
    }

    /// A cell's four borders and its lines, centred vertically.
    func draw(_ placed: PlacedCell, x: Double, y: Double, width: Double, height: Double, table: Table?) -> [PageElement] {
        let design = self.design.table
        let border = design.border
        var elements: [PageElement] = [
            .rule(x0: x, y0: y, x1: x + width, y1: y, width: border),
            .rule(x0: x, y0: y + height, x1: x + width, y1: y + height, width: border),
            .rule(x0: x, y0: y, x1: x, y1: y + height, width: border),
            .rule(x0: x + width, y0: y, x1: x + width, y1: y + height, width: border),
        ]
        let metrics = typesetter.metrics(size: design.fontSize)
        let baseline = (design.linePitch - metrics.ascent - metrics.descent) / 2 + metrics.ascent
        var lineTop = y + (height - Double(placed.lines.count) * design.linePitch) / 2
        let align = alignment(placed.cell, table: table)
        for line in placed.lines {
            elements += placement.place(line, x: x + design.padding, baseline: lineTop + baseline,
                                        available: width - 2 * design.padding, align: align)
            lineTop += design.linePitch
        }
        return elements
    }

    func alignment(_ cell: TableCell, table: Table?) -> PageDesign.Alignment {
        if let own = cell.alignment { return PageDesign.Alignment(rawValue: own.rawValue) ?? .left }
        if let table, cell.column < table.columns.count, let column = design.table.columns[table.columns[cell.column]] {
            return column.align
        }
        return .left
    }
}
