import Foundation
import SarabanFiles
import SarabanBlocks

/// Lays out each block into flow items: paragraphs and headings into lines, lists into marked lines,
/// the table into row groups, the signature block and images into single boxes. Nothing here decides
/// pages; it only says where a break would be unwelcome (`keepWithNext`).
struct BlockLayout {
    let design: PageDesign
    let typesetter: Typesetter
    let placement: LinePlacement
    /// The document's logical structure, a node added for each block as it is laid out.
    let structure: StructureTree
    /// Told the index of each block before it is laid out (see LinesFromTheEnd).
    var reached: (Int) -> Void = { _ in }

    init(design: PageDesign, typesetter: Typesetter, structure: StructureTree = StructureTree()) {
        self.design = design
        self.typesetter = typesetter
        self.placement = LinePlacement(design: design)
        self.structure = structure
    }

    func items(for blocks: [Block]) throws -> [FlowItem] {
        var items: [FlowItem] = []
        var pendingSpace = 0.0
        var tableCount = 0
        for (index, block) in blocks.enumerated() {
            reached(index)
            var produced: [FlowItem]
            switch block {
            case .heading(let heading):
                produced = try paragraphItems(heading.text, style: heading.style, depth: 0,
                                              node: structure.add(.heading(level: heading.level)))
                for index in produced.indices {
                    produced[index].keepWithNext = true
                    produced[index].isHeading = true
                }
                if heading.inOutline, !produced.isEmpty {
                    produced[0].outline = [(heading.text.plainText, heading.level)]
                }
            case .paragraph(let paragraph):
                produced = try paragraphItems(paragraph.text, style: paragraph.style, depth: paragraph.depth,
                                              node: structure.add(.paragraph))
                keepLinesTogether(&produced)
                if paragraph.keepWithPrevious, !items.isEmpty { items[items.count - 1].keepWithNext = true }
            case .list(let list):
                produced = try listItems(list.entries, depth: list.depth, under: StructureTree.root)
            case .table(let table):
                guard let tableDesign = design.table else { throw missingSection("table", for: "a table") }
                tableCount += 1
                produced = try TableLayout(design: design, typesetter: typesetter, placement: placement)
                    .items(for: table, id: tableCount, structure: structure)
                pendingSpace += tableDesign.spaceBefore
            case .signature(let signature):
                produced = [try signatureItem(signature)]
                keepBefore(&items, count: design.pagination.signatureKeepLines)
            case .image(let image):
                produced = [try imageItem(image)]
                produced[0].keepWithNext = produced[0].kind != .overlay
            case .fieldLine(let line):
                produced = [try fieldLineItem(line)]
            case .mark(let mark):
                produced = [try markItem(mark)]
            case .sideBySide(let block):
                produced = try sideBySideItems(block)
            case .rows(let set):
                guard let setDesign = design.rowSets[set.style] else { throw missingSection("row_sets.\(set.style)", for: "a list of rows") }
                produced = try rowSetItems(set, design: setDesign)
                pendingSpace += setDesign.spaceBefore
            }
            guard !produced.isEmpty else { continue }
            produced[0].spaceBefore += pendingSpace
            pendingSpace = 0
            if case .table = block { pendingSpace = design.table?.spaceAfter ?? 0 }
            if case .rows(let set) = block { pendingSpace = design.rowSets[set.style]?.spaceAfter ?? 0 }
            keepAfterHeading(items, before: &produced)
            items += produced
        }
        return items
    }

    // MARK: Keeping together

    /// Widows and orphans: the first `orphans` and last `widows` lines of a paragraph stay together.
    func keepLinesTogether(_ lines: inout [FlowItem]) {
        let count = lines.count
        for index in 0..<max(0, count - 1) where index < design.pagination.orphans - 1 || index >= count - design.pagination.widows {
            lines[index].keepWithNext = true
        }
    }

    /// A heading keeps with at least `heading_keep_lines` lines of what follows it.
    func keepAfterHeading(_ items: [FlowItem], before next: inout [FlowItem]) {
        guard items.last?.isHeading == true else { return }
        let lines = max(0, design.pagination.headingKeepLines - 1)
        for index in 0..<min(lines, next.count - 1) where next[index].kind == .line {
            next[index].keepWithNext = true
        }
    }

    /// The signature block takes the last lines before it along.
    func keepBefore(_ items: inout [FlowItem], count: Int) {
        for offset in 1...max(1, count) where items.count - offset >= 0 {
            items[items.count - offset].keepWithNext = true
        }
    }

    // MARK: Paragraphs and lists

    func lineBox(size: Double) -> (pitch: Double, baseline: Double) {
        let pitch = design.linePitch * size / design.fontSize
        let metrics = typesetter.metrics(size: size)
        return (pitch, (pitch - metrics.ascent - metrics.descent) / 2 + metrics.ascent)
    }

    func paragraphItems(_ text: RichText, style name: ParagraphStyle, depth: Int, node: Int) throws -> [FlowItem] {
        let style = design.style(name)
        let right = design.marginLeft + design.textWidth
        var left = design.marginLeft + style.indent + Double(depth) * design.lists.step
        var width = right - left
        var indent = style.firstLineIndent - style.hanging
        var lines = try typesetter.lines(text, .init(width: width, firstLineIndent: indent, size: style.size, bold: style.bold,
                                                     ragged: style.align != .justify, balanced: style.align == .center))
        if style.oneLine, lines.count > 1 {
            let whole = try typesetter.lines(text, .init(width: design.textWidth, size: style.size, bold: style.bold, ragged: true))
            if whole.count == 1 {
                // Moved left just enough to end at the text's right edge, rather than wrapped.
                (left, width, indent, lines) = (right - whole[0].width, whole[0].width, 0, whole)
            }
        }
        let box = lineBox(size: style.size)
        return lines.enumerated().map { index, line in
            let offset = index == 0 ? max(indent, 0) : max(-indent, 0)
            let elements = placement.place(line, x: left + offset, baseline: box.baseline, available: width - offset,
                                           align: style.align, size: style.size).tagged(node)
            var item = FlowItem(kind: .line, height: box.pitch, spaceBefore: index == 0 ? style.spaceBefore : 0,
                                elements: elements, text: line.text)
            describe(&item, line, x: left + offset, available: width - offset, align: style.align, size: style.size, baseline: box.baseline)
            return item
        }
    }

    /// A list's entries as lines, the list a node under `parent` with an `LI` for each entry: its marker the
    /// `Lbl`, its text the `LBody`, and the entries nested under it a list inside that body.
    func listItems(_ entries: [ListEntry], depth: Int, under parent: Int) throws -> [FlowItem] {
        var items: [FlowItem] = []
        let list = structure.add(.list, under: parent)
        let style = design.style(.body)
        let box = lineBox(size: style.size)
        for (index, entry) in entries.enumerated() {
            let markerX = design.marginLeft + design.lists.indent + Double(depth) * design.lists.step
            let marker = try typesetter.lines(RichText(plain: entry.marker), .init(width: design.textWidth, size: style.size))
            let markerWidth = marker.first?.width ?? 0
            let textX = markerX + max(design.lists.markerWidth, markerWidth + style.size * 0.3)
            let width = design.marginLeft + design.textWidth - textX
            let lines = try typesetter.lines(entry.text, .init(width: width, size: style.size, bold: style.bold,
                                                               ragged: style.align != .justify))
            let listItem = structure.add(.listItem, under: list)
            let label = structure.add(.label, under: listItem), body = structure.add(.listBody, under: listItem)
            var entryItems = lines.map { line in
                var item = FlowItem(kind: .line, height: box.pitch, spaceBefore: 0,
                                    elements: placement.place(line, x: textX, baseline: box.baseline, available: width,
                                                              align: style.align, size: style.size).tagged(body),
                                    text: line.text)
                describe(&item, line, x: textX, available: width, align: style.align, size: style.size, baseline: box.baseline)
                return item
            }
            guard !entryItems.isEmpty else { continue }
            if let markerLine = marker.first {
                // The marker is drawn first, so that readers going by drawing order meet it before the text.
                entryItems[0].elements = placement.place(markerLine, x: markerX, baseline: box.baseline,
                                                         available: markerWidth, align: .left).tagged(label) + entryItems[0].elements
                entryItems[0].text = entry.marker + " " + (entryItems[0].text ?? "")
            }
            entryItems[0].spaceBefore = index == 0 ? design.lists.firstSpaceBefore : design.lists.spaceBefore
            keepLinesTogether(&entryItems)
            // An item with sub-items keeps with the first of them ("๖)" alone at a page's foot, its only
            // sub-item on the next page, reads as an empty item).
            if !entry.children.isEmpty { entryItems[entryItems.count - 1].keepWithNext = true }
            items += entryItems
            if !entry.children.isEmpty { items += try listItems(entry.children, depth: depth + 1, under: body) }
        }
        return items
    }

    /// What the report and `--debug-layout` need to know of a line.
    func describe(_ item: inout FlowItem, _ line: TextLine, x: Double, available: Double,
                  align: PageDesign.Alignment, size: Double, baseline: Double) {
        item.baseline = baseline
        item.lineStart = x
        item.lineEnd = x + (align == .justify && !line.endsParagraph ? available : line.width)
        if let word = line.brokenWord { item.brokenWords.append(word) }
    }

    // MARK: Boxes

    /// The signature block: its lines centred on the layout's column, `signature.column_width_cm` wide (less
    /// where the right margin is nearer). A line longer than the column wraps inside it at a word boundary
    /// ("…การศึกษา / ประถมศึกษาตาก เขต ๒"): every block of a document shares one centre, however long its
    /// agency's name.
    func signatureItem(_ block: SignatureBlock) throws -> FlowItem {
        let style = design.style(.signature)
        let box = lineBox(size: style.size)
        var texts: [String] = []
        if design.signature.roleBefore, let role = block.role { texts.append(role) }
        let nameIndex = texts.count
        texts.append(block.name)
        texts += block.positions
        if !design.signature.roleBefore, let role = block.role { texts.append(role) }
        let right = design.marginLeft + design.textWidth
        let centre = design.marginLeft + design.textWidth * design.signature.columnCenter
        let halfColumn = max(style.size, min(right - centre, design.signature.columnWidth / 2))
        let settings = Typesetter.Settings(width: 2 * halfColumn, size: style.size, bold: style.bold, avoidRunts: false, ragged: true)
        // A name is never broken (title and name are one phrase): it alone may be as wide as the room on both
        // sides of the centre allows.
        var nameSettings = settings
        nameSettings.width = 2 * max(halfColumn, right - centre)
        let lines = try texts.enumerated().map { index, text in
            try typesetter.lines(RichText(plain: text), index == nameIndex ? nameSettings : settings)
        }
        let widest = lines.joined().map(\.width).max() ?? 0
        let space = Double(design.signature.blankLines) * box.pitch
        let figure = block.image.map { _ in structure.add(.figure, alternateText: block.imageDescription) }
        let paragraph = structure.add(.paragraph)
        var elements: [PageElement] = []
        var y = 0.0
        var spaceTop = 0.0
        for (index, textLines) in lines.enumerated() {
            if index == nameIndex {
                if let url = block.image, let figure { elements.append(try signatureImage(url, centre: centre, top: y, space: space).tagged(figure)) }
                spaceTop = y
                y += space
            }
            for line in textLines {
                elements += placement.place(line, x: centre - line.width / 2, baseline: y + box.baseline,
                                            available: line.width, align: .left).tagged(paragraph)
                y += box.pitch
            }
        }
        var item = FlowItem(kind: .signature, height: y, spaceBefore: design.signature.spaceBefore, elements: elements)
        item.text = texts.joined(separator: " ")
        item.brokenWords = lines.joined().compactMap(\.brokenWord)
        // A visible digital signature goes in the space kept for the handwritten one.
        let nameWidth = lines[nameIndex].map(\.width).max() ?? widest
        let halfWidth = max(nameWidth / 2 + design.fontSize, min(centre - design.marginLeft, right - centre) / 2)
        item.signatureBox = (x: centre - halfWidth, top: spaceTop, width: halfWidth * 2, height: space)
        return item
    }

    /// A signature image scaled into the blank lines above the name, its aspect ratio kept.
    func signatureImage(_ url: URL, centre: Double, top: Double, space: Double) throws -> PageElement {
        let size = try PNGSize(url: url)
        let maxWidth = 2 * min(centre - design.marginLeft, design.marginLeft + design.textWidth - centre)
        let height = min(design.signature.imageHeight, space, maxWidth / size.aspect)
        let width = height * size.aspect
        return .image(url, x: centre - width / 2, y: top + (space - height) / 2, width: width, height: height)
    }

    /// An image in its named slot, placed on the page outside the flow; or the measures report's logo, at the
    /// top of the flow, centred.
    func imageItem(_ block: ImageBlock) throws -> FlowItem {
        let size = try PNGSize(url: block.url)
        let figure = structure.add(.figure, alternateText: block.description)
        if let slot = design.imageSlots[block.role] {
            let width = min(design.textWidth, slot.height * size.aspect)
            let fitted = width / size.aspect
            let x = slot.centred ? design.marginLeft + (design.textWidth - width) / 2 : design.marginLeft + slot.x
            return FlowItem(kind: .overlay, height: 0, spaceBefore: 0,
                            elements: [.image(block.url, x: x, y: slot.top, width: width, height: fitted, node: figure)])
        }
        guard let logo = design.logo else { throw missingSection("image_slots.\(block.role)", for: "the image \(block.url.lastPathComponent)") }
        let width = min(design.textWidth, logo.height * size.aspect)
        let fitted = width / size.aspect
        let x = design.marginLeft + (design.textWidth - width) / 2
        return FlowItem(kind: .image, height: fitted + logo.spaceAfter, spaceBefore: 0,
                        elements: [.image(block.url, x: x, y: 0, width: width, height: fitted, node: figure)])
    }

    func missingSection(_ section: String, for what: String) -> LayoutError {
        LayoutError(message: "\(design.file): the layout has no \(section) section, which \(what) in this document needs; add it")
    }

    /// The left text on the first line at the margin, the right lines at their style's indent, one line a row.
    func sideBySideItems(_ block: SideBySide) throws -> [FlowItem] {
        let style = design.style(block.rightStyle)
        let box = lineBox(size: style.size)
        let x = design.marginLeft + style.indent
        let width = design.marginLeft + design.textWidth - x
        var right: [TextLine] = []
        for text in block.right {
            right += try typesetter.lines(text, .init(width: width, size: style.size, bold: style.bold, avoidRunts: false, ragged: true))
        }
        let left = block.left.isEmpty ? [] : try typesetter.lines(block.left, .init(width: max(x - design.marginLeft - style.size, style.size),
                                                                                       size: style.size, avoidRunts: false, ragged: true))
        let paragraph = structure.add(.paragraph)
        return (0..<max(right.count, left.count)).map { row in
            var elements: [PageElement] = []
            var texts: [String] = []
            if row < left.count {
                elements += placement.place(left[row], x: design.marginLeft, baseline: box.baseline, available: left[row].width, align: .left)
                texts.append(left[row].text)
            }
            if row < right.count {
                elements += placement.place(right[row], x: x, baseline: box.baseline, available: width, align: .left)
                texts.append(right[row].text)
            }
            var item = FlowItem(kind: .line, height: box.pitch, spaceBefore: row == 0 ? style.spaceBefore : 0,
                                elements: elements.tagged(paragraph), text: texts.joined(separator: " "))
            item.keepWithNext = true
            return item
        }
    }

    /// A set of rows in columns (`RowSet`): each cell broken to its column's width in the body style, set ragged
    /// (its column's gap kept clear); a row as tall as its tallest cell, one flow item a line, its lines kept
    /// together. A list (`L`) to a screen reader: a row is an item, its first cell the label, each other cell a
    /// paragraph of the item's body.
    func rowSetItems(_ set: RowSet, design setDesign: PageDesign.RowSetDesign) throws -> [FlowItem] {
        let style = design.style(.body)
        let box = lineBox(size: style.size)
        let widths = try labelColumnFitted(set, design: setDesign, size: style.size)
        let textWidth = { (column: Int) in widths[column] - (column < widths.count - 1 ? setDesign.gap : 0) }
        let lefts = widths.indices.map { design.marginLeft + setDesign.indent + widths[..<$0].reduce(0, +) }
        let list = structure.add(.list)
        var items: [FlowItem] = []
        for (index, row) in set.rows.enumerated() {
            guard row.count <= setDesign.columns.count else {
                throw LayoutError(message: "\(design.file): row_sets.\(set.style): a row has \(row.count) cells and the set \(setDesign.columns.count) columns")
            }
            let item = structure.add(.listItem, under: list)
            let label = structure.add(.label, under: item), body = structure.add(.listBody, under: item)
            // Each cell of the body a paragraph of its own: a screen reader reads a name and position whole, then
            // the duty, though the lines draw them side by side.
            let nodes = row.indices.map { $0 == 0 ? label : structure.add(.paragraph, under: body) }
            let cells = try row.enumerated().map { column, text in
                // A cell's last line is no runt either: "เขต ๒" alone under a position reads as a row of its own.
                try typesetter.lines(text, .init(width: textWidth(column), size: style.size, bold: style.bold,
                                                 avoidRunts: true, ragged: true))
            }
            let height = cells.map(\.count).max() ?? 0
            var rowItems: [FlowItem] = (0..<height).map { line in
                var elements: [PageElement] = []
                var texts: [String] = []
                var brokenWords: [String] = []
                for (column, lines) in cells.enumerated() where line < lines.count {
                    elements += placement.place(lines[line], x: lefts[column], baseline: box.baseline, available: textWidth(column),
                                                align: .left).tagged(nodes[column])
                    texts.append(lines[line].text)
                    if let word = lines[line].brokenWord { brokenWords.append(word) }
                }
                var flow = FlowItem(kind: .line, height: box.pitch, spaceBefore: 0, elements: elements, text: texts.joined(separator: " "))
                flow.brokenWords = brokenWords
                flow.keepWithNext = line < height - 1
                return flow
            }
            guard !rowItems.isEmpty else { continue }
            if index > 0 { rowItems[0].spaceBefore = setDesign.rowSpace }
            items += rowItems
        }
        return items
    }

    /// The set's column widths, the first (the rows' labels, their numbers) widened to its widest label where the
    /// layout's is too narrow ("๑๐." in a column made for "๑."), the room taken from the second: a number is never
    /// broken, and the later columns keep their tab stops.
    func labelColumnFitted(_ set: RowSet, design setDesign: PageDesign.RowSetDesign, size: Double) throws -> [Double] {
        var widths = setDesign.columns
        guard widths.count > 1 else { return widths }
        let widest = try set.rows.compactMap(\.first).map { label in
            try typesetter.lines(label, .init(width: design.textWidth, size: size, avoidRunts: false, ragged: true)).map(\.width).max() ?? 0
        }.max() ?? 0
        let needed = widest + setDesign.gap
        if needed > widths[0] {
            widths[1] -= needed - widths[0]
            widths[0] = needed
        }
        return widths
    }

    // MARK: Marks and field lines

    /// A mark in its style's colour, size and place, outside the flow: on the first page, or on every page
    /// (at the top, and at the foot too when the style gives a bottom baseline).
    func markItem(_ mark: Mark) throws -> FlowItem {
        guard let style = design.marks[mark.style] else { throw missingSection("marks.\(mark.style)", for: "the mark \"\(mark.text)\"") }
        var line = try typesetter.lines(RichText(plain: mark.text), .init(width: design.textWidth, size: style.size, bold: style.bold,
                                                                          avoidRunts: false))
        for index in line.indices {
            for run in line[index].runs.indices { line[index].runs[run].color = style.color }
        }
        guard let first = line.first else { return FlowItem(kind: .overlay, height: 0, spaceBefore: 0, elements: []) }
        let x = style.centred ? design.marginLeft + (design.textWidth - first.width) / 2 : design.marginLeft + style.x
        // Read once, where it first stands; its copy at the foot (and on later pages) is an artifact.
        let node = structure.add(mark.isTitle ? .heading(level: 0) : .paragraph)
        var elements = placement.place(first, x: x, baseline: style.baselineTop, available: first.width, align: .left).tagged(node)
        if let bottom = style.baselineBottom {
            elements += placement.place(first, x: x, baseline: design.pageHeight - bottom, available: first.width, align: .left)
        }
        var item = FlowItem(kind: .overlay, height: 0, spaceBefore: 0, elements: elements)
        item.onEveryPage = style.everyPage
        return item
    }

    /// A line of fields: each field's bold label, its value (wrapping under itself), and a dotted leader from
    /// the value's end to the field's end; a second field starts at the layout's column.
    func fieldLineItem(_ line: FieldLine) throws -> FlowItem {
        guard let fields = design.fieldLines else { throw missingSection("field_lines", for: "a field line") }
        let style = design.style(.body)
        let labelBox = lineBox(size: fields.labelSize), valueBox = lineBox(size: style.size)
        let baseline = labelBox.baseline
        let right = design.marginLeft + design.textWidth
        var elements: [PageElement] = []
        var height = labelBox.pitch
        for (index, field) in line.fields.enumerated() {
            let start = index == 0 ? design.marginLeft : design.marginLeft + design.textWidth * fields.secondFieldAt
            let end = index == line.fields.count - 1 ? right : design.marginLeft + design.textWidth * fields.secondFieldAt - fields.labelGap
            let label = try typesetter.lines(RichText(plain: field.label, bold: true),
                                             .init(width: end - start, size: fields.labelSize, bold: true, avoidRunts: false))
            guard let labelLine = label.first else { continue }
            elements += placement.place(labelLine, x: start, baseline: baseline, available: labelLine.width, align: .left)
            let valueX = start + labelLine.width + fields.labelGap
            let value = field.value.isEmpty ? [] : try typesetter.lines(field.value, .init(width: max(end - valueX, style.size), size: style.size,
                                                                                           avoidRunts: false, ragged: true))
            var lineBaseline = baseline, lastEnd = valueX - fields.labelGap + fields.leaderGap
            for (number, valueLine) in value.enumerated() {
                if number > 0 { lineBaseline += valueBox.pitch }
                elements += placement.place(valueLine, x: valueX, baseline: lineBaseline, available: end - valueX, align: .left)
                lastEnd = valueX + valueLine.width + fields.leaderGap
            }
            if end - lastEnd > 2 * fields.leaderPitch {
                elements.append(.leader(x0: lastEnd, x1: end, y: lineBaseline, pitch: fields.leaderPitch, radius: fields.leaderRadius))
            }
            height = max(height, lineBaseline - baseline + labelBox.pitch)
        }
        var item = FlowItem(kind: .line, height: height, spaceBefore: fields.spaceBefore, elements: elements.tagged(structure.add(.paragraph)),
                            text: line.fields.map { "\($0.label) \($0.value.plainText)" }.joined(separator: " "))
        item.keepWithNext = true
        return item
    }
}

/// The pixel size of a PNG file, read from its header, to keep an image's aspect ratio.
struct PNGSize {
    let aspect: Double

    init(url: URL) throws {
        do {
            try InputFile.checkRegular(url, what: "a PNG image", limit: InputFile.imageLimit)
            aspect = try PNGHeader.read(url).aspect
        } catch let problem as InputFileError {
            throw LayoutError(message: problem.description)
        } catch {
            throw LayoutError(message: "\(url.path): not a PNG image of at most \(PNGHeader.maxPixels / 1_000_000) megapixels")
        }
    }
}
