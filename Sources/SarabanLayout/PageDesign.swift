import Foundation
import SarabanITA
import SarabanBlocks

/// The page design read from a layout file (`Layouts/ita-measures.yaml`). All lengths are in points.
public struct PageDesign: Sendable {
    public enum Alignment: String, Sendable { case left, center, right, justify }
    public enum Justification: String, Sendable, CaseIterable { case thaiDistributed = "thai-distributed", spaces, left }

    public struct Style: Sendable {
        public var size: Double
        public var bold: Bool
        public var align: Alignment
        public var indent: Double
        public var firstLineIndent: Double
        /// Lines after the first start this much further in than the first (a numbered heading).
        public var hanging: Double
        public var spaceBefore: Double
        public var spaceAfter: Double
        /// Set on one line (a date phrase): when it does not fit from its indent it starts further left, so that
        /// it ends at the text's right edge, and wraps only when it is wider than the text.
        public var oneLine: Bool
    }

    public struct Lists: Sendable {
        public var indent: Double, step: Double, markerWidth: Double, spaceBefore: Double, firstSpaceBefore: Double
    }

    public struct Column: Sendable {
        public var width: Double
        public var align: Alignment
    }

    public struct TableDesign: Sendable {
        public var fontSize: Double, padding: Double, paddingVertical: Double, border: Double
        public var spaceBefore: Double, spaceAfter: Double, linePitch: Double
        /// The fewest body rows a part of a table split across pages may hold.
        public var minRows: Int
        public var columns: [String: Column]
    }

    public struct PageNumber: Sendable {
        /// `baseline`: the number's baseline, from the paper's top edge.
        public var format: String, fromPage: Int, baseline: Double, thaiDigits: Bool
    }

    public struct Signature: Sendable {
        public var columnCenter: Double, columnWidth: Double, blankLines: Int, spaceBefore: Double, roleBefore: Bool, imageHeight: Double
    }

    public struct LineBreaking: Sendable {
        public var maxGapInsideWord: Double
        /// How far, in em, a word wider than its line may run past the line's end before it is cut between letters.
        public var overflowTolerance: Double
        public var compounds: Compounds
        /// Words never broken at a line's end (province names, position words…).
        public var noBreak: Compounds
        public var runt: RuntRule
        /// What a break between two words with no space between them costs in a ragged (not justified) line.
        public var phrasePenalty: Double
        /// The widest a space of a justified line may open, in em; a line that would need more is set ragged.
        public var maxSpace: Double
    }

    public struct Continuation: Sendable {
        /// `maxLetters`: the longest the word may be, in letters (marks not counted).
        public var format: String, bottom: Double, maxLetters: Int
    }

    public struct Pagination: Sendable {
        public var orphans: Int, widows: Int, headingKeepLines: Int, signatureKeepLines: Int
    }

    public var name: String
    public var file: String
    public var pageWidth: Double, pageHeight: Double
    public var marginLeft: Double, marginRight: Double, marginTop: Double, marginBottom: Double
    /// Where the first page's text starts when its head holds more than the others' (a memo's emblem and title).
    public var firstPageTop: Double?
    public var fontFamilies: [String]
    public var fontSize: Double
    public var linePitch: Double
    public var justification: Justification
    public var lineBreaking: LineBreaking
    public var continuation: Continuation?
    public var styles: [ParagraphStyle: Style]
    public var lists: Lists
    public var table: TableDesign?
    public var pageNumber: PageNumber
    public var signature: Signature
    public var logo: Logo?
    public var pagination: Pagination

    public var textWidth: Double { pageWidth - marginLeft - marginRight }
    public var textHeight: Double { pageHeight - marginTop - marginBottom }

    /// A style the document uses; `LayoutEngine.checkStyles` has made sure, before layout, that the file has it.
    public func style(_ style: ParagraphStyle) -> Style { styles[style]! }

    /// Where the layout file's `styles` are, for an error about a style it lacks.
    public var stylesLocation: SourceLocation
    public var fieldLines: FieldLines?
    public var marks: [String: MarkStyle]
    public var imageSlots: [String: ImageSlot]
    /// Sets of rows in columns without rules (`RowSet`), by name.
    public var rowSets: [String: RowSetDesign] = [:]

    /// Where a row set's columns start (`indent`, from the left margin), each column's width, the space between
    /// two rows and before and after the set. The text is the body style's.
    public struct RowSetDesign: Sendable {
        public var indent: Double, columns: [Double], gap: Double, rowSpace: Double, spaceBefore: Double, spaceAfter: Double
    }
    /// The PDF/A part every document of this layout is written as ("1b", "2b", "3b"), unless `--pdfa` says
    /// otherwise; nil (the key left out, or "none") for plain PDF.
    public var pdfa: String? = nil

    public struct Logo: Sendable {
        public var height: Double, spaceAfter: Double
    }

    /// How a form's field lines are set (see `FieldLine`).
    public struct FieldLines: Sendable {
        public var labelSize: Double, labelGap: Double, secondFieldAt: Double
        public var leaderPitch: Double, leaderRadius: Double, leaderGap: Double, spaceBefore: Double
    }

    /// A mark's look and place: its baseline `baselineTop` below the paper's top edge (and, with
    /// `baselineBottom`, again that far above the bottom edge), at `x` from the left margin or centred.
    public struct MarkStyle: Sendable {
        public var size: Double, bold: Bool, color: Color, centred: Bool, x: Double
        public var baselineTop: Double, baselineBottom: Double?, everyPage: Bool
    }

    /// An image placed outside the flow: `height` tall, its top `top` below the paper's top edge, at `x` from the
    /// left margin or centred.
    public struct ImageSlot: Sendable {
        public var height: Double, centred: Bool, x: Double, top: Double
    }
}

let pointsPerCentimetre = 72 / 2.54

extension PageDesign {
    /// The layout file saraban uses when none is given.
    public static func defaultFile() -> URL? {
        Resources.folder("Layouts")?.appendingPathComponent("ita-measures.yaml")
    }

    public static func load(contentsOf url: URL) throws -> PageDesign {
        try decode(YAMLValue.load(contentsOf: url))
    }

    /// Every number is checked against what it can mean (a font size of 10^6 or a negative line pitch would
    /// print a fraction of the text, or none), and the margins must leave a text area.
    static func decode(_ root: YAMLValue) throws -> PageDesign {
        let f = try root.fields(["name", "page", "margins_cm", "font", "justification", "line_breaking", "styles", "lists",
                                 "table", "continuation", "page_number", "signature", "logo", "pagination",
                                 "field_lines", "marks", "image_slots", "row_sets", "pdfa"])
        let page = try f.required("page", "the paper size").fields(["width_mm", "height_mm"])
        let margins = try f.required("margins_cm", "the four margins in cm").fields(["left", "right", "top", "bottom", "first_page_top"])
        let font = try f.required("font", "the font families and size").fields(["families", "size_pt", "line_pitch_pt"])
        let fontSize = try font.required("size_pt", "the body font size in points").double(in: Limits.fontSize, unit: "pt")
        let cm = { (fields: YAMLValue.Fields, key: String, range: ClosedRange<Double>) throws -> Double in
            try fields.required(key, "a length in cm").double(in: range, unit: "cm") * pointsPerCentimetre
        }
        // Every number is required: a number missing from the layout file is an error naming it, never a value
        // hidden in code.
        let points = { (fields: YAMLValue.Fields, key: String, range: ClosedRange<Double>) throws -> Double in
            try fields.required(key, "a length in points").double(in: range, unit: "pt")
        }
        let count = { (fields: YAMLValue.Fields, key: String, range: ClosedRange<Int>) throws -> Int in
            try fields.required(key, "a whole number").int(in: range)
        }
        let value = { (fields: YAMLValue.Fields, key: String, range: ClosedRange<Double>, unit: String) throws -> Double in
            try fields.required(key, "a number").double(in: range, unit: unit)
        }
        // Styles by the names the file gives them: which ones a document needs is its kind's business.
        let stylesValue = try f.required("styles", "the paragraph styles")
        var styles: [ParagraphStyle: Style] = [:]
        var styleValues: [String: YAMLValue] = [:]
        for entry in try stylesValue.entries() {
            styles[ParagraphStyle(rawValue: entry.key)] = try self.style(entry.value, fontSize: fontSize)
            styleValues[entry.key] = entry.value
        }
        let lists = try f.required("lists", "the list indents").fields(["indent_cm", "step_cm", "marker_width_cm", "space_before_pt", "first_space_before_pt"])
        // Optional sections: a kind whose documents have no table, logo, field lines, marks or image slots
        // leaves them out; a document that asks for one its layout lacks is an error then.
        let table = try f["table"]?.fields(["font_size_pt", "padding_pt", "padding_vertical_pt", "border_pt",
                                            "space_before_pt", "space_after_pt", "line_pitch_pt", "columns", "min_rows"])
        let columnsValue = try table?.required("columns", "the table's columns")
        var columns: [String: Column] = [:]
        for entry in try columnsValue?.entries() ?? [] {
            let c = try entry.value.fields(["width_cm", "align"])
            columns[entry.key] = Column(width: try cm(c, "width_cm", Limits.columnWidth),
                                        align: Alignment(rawValue: try c["align"]?.oneOf(["left", "center", "right"]) ?? "left")!)
        }
        let fieldLines = try f["field_lines"]?.fields(["label_size_pt", "label_gap_pt", "second_field_at", "leader_pitch_pt",
                                                        "leader_radius_pt", "leader_gap_pt", "space_before_pt"])
        var marks: [String: MarkStyle] = [:]
        for entry in try f["marks"]?.entries() ?? [] {
            let m = try entry.value.fields(["size_pt", "bold", "color", "align", "x_cm", "baseline_top_cm", "baseline_bottom_cm", "pages"])
            let colorText = try m.required("color", "a colour as #RRGGBB").string()
            guard let color = Color(hex: colorText) else { throw try m.required("color", "").error("expected a colour as #RRGGBB, found \"\(colorText)\"") }
            marks[entry.key] = MarkStyle(size: try points(m, "size_pt", Limits.fontSize), bold: try m["bold"]?.bool() ?? false, color: color,
                                         centred: (try m.required("align", "left or center").oneOf(["left", "center"])) == "center",
                                         x: try m["x_cm"].map { _ in try cm(m, "x_cm", Limits.indent) } ?? 0,
                                         baselineTop: try cm(m, "baseline_top_cm", Limits.margin),
                                         baselineBottom: try m["baseline_bottom_cm"].map { _ in try cm(m, "baseline_bottom_cm", Limits.margin) },
                                         everyPage: (try m.required("pages", "first or every").oneOf(["first", "every"])) == "every")
        }
        var imageSlots: [String: ImageSlot] = [:]
        for entry in try f["image_slots"]?.entries() ?? [] {
            let i = try entry.value.fields(["height_cm", "align", "x_cm", "top_cm"])
            imageSlots[entry.key] = ImageSlot(height: try cm(i, "height_cm", Limits.image),
                                              centred: (try i.required("align", "left or center").oneOf(["left", "center"])) == "center",
                                              x: try cm(i, "x_cm", Limits.indent), top: try cm(i, "top_cm", Limits.margin))
        }
        var rowSets: [String: RowSetDesign] = [:]
        var rowSetValues: [String: YAMLValue] = [:]
        for entry in try f["row_sets"]?.entries() ?? [] {
            rowSetValues[entry.key] = entry.value
            let r = try entry.value.fields(["indent_cm", "columns_cm", "column_gap_cm", "row_space_pt", "space_before_pt", "space_after_pt"])
            let widths = try r.required("columns_cm", "the columns' widths in cm, left to right").list()
                .map { try $0.double(in: Limits.columnWidth, unit: "cm") * pointsPerCentimetre }
            guard !widths.isEmpty else { throw try r.required("columns_cm", "").error("expected at least one column width") }
            let gap = try cm(r, "column_gap_cm", Limits.indent)
            guard widths.dropLast().allSatisfy({ $0 > gap + 1 }) else {
                throw try r.required("column_gap_cm", "").error("the gap between columns leaves a column no room for text")
            }
            rowSets[entry.key] = RowSetDesign(indent: try cm(r, "indent_cm", Limits.indent), columns: widths, gap: gap,
                                              rowSpace: try points(r, "row_space_pt", Limits.space),
                                              spaceBefore: try points(r, "space_before_pt", Limits.space),
                                              spaceAfter: try points(r, "space_after_pt", Limits.space))
        }
        let number = try f.required("page_number", "the page number's format and place").fields(["format", "from_page", "baseline_cm", "numerals"])
        let signature = try f.required("signature", "the signature block's design").fields(["column_center", "column_width_cm", "blank_lines", "space_before_pt", "role_line", "image_height_cm"])
        let logo = try f["logo"]?.fields(["height_cm", "space_after_pt"])
        let pagination = try f.required("pagination", "the pagination rules").fields(["orphans", "widows", "heading_keep_lines", "signature_keep_lines"])
        let justification = try f["justification"]?.oneOf(Justification.allCases.map(\.rawValue)) ?? "thai-distributed"
        let breaking = try f.required("line_breaking", "how lines are broken and justified").fields(["max_gap_inside_word_em", "overflow_tolerance_em", "compound_penalty", "compounds",
                                                        "no_break", "min_last_line", "runt_penalty", "phrase_penalty", "max_space_em"])
        let folder = URL(fileURLWithPath: root.file).deletingLastPathComponent()
        let continuation = try f["continuation"]?.fields(["format", "bottom_cm", "max_letters"])
        var design = PageDesign(
            name: try f["name"]?.string() ?? "",
            file: root.file,
            pageWidth: try page.required("width_mm", "the paper width in mm").double(in: Limits.paper, unit: "mm") * 72 / 25.4,
            pageHeight: try page.required("height_mm", "the paper height in mm").double(in: Limits.paper, unit: "mm") * 72 / 25.4,
            marginLeft: try cm(margins, "left", Limits.margin), marginRight: try cm(margins, "right", Limits.margin),
            marginTop: try cm(margins, "top", Limits.margin), marginBottom: try cm(margins, "bottom", Limits.margin),
            firstPageTop: try margins["first_page_top"].map { _ in try cm(margins, "first_page_top", Limits.margin) },
            fontFamilies: try font.required("families", "a list of font families, preferred first").list().map { try $0.string() },
            fontSize: fontSize,
            linePitch: try font.required("line_pitch_pt", "the distance between baselines in points").double(in: Limits.linePitch, unit: "pt"),
            justification: Justification(rawValue: justification)!,
            lineBreaking: LineBreaking(maxGapInsideWord: try value(breaking, "max_gap_inside_word_em", 0...1, "em"),
                                       overflowTolerance: try value(breaking, "overflow_tolerance_em", 0...2, "em"),
                                       compounds: try compounds(breaking, folder: folder),
                                       noBreak: try wordList(breaking["no_break"], folder: folder, penalty: 0),
                                       runt: RuntRule(minShare: try value(breaking, "min_last_line", 0...0.9, "of the line"),
                                                      penalty: try value(breaking, "runt_penalty", 0...1_000_000, "")),
                                       phrasePenalty: try value(breaking, "phrase_penalty", 0...1_000_000, ""),
                                       maxSpace: try value(breaking, "max_space_em", 0.2...100, "em")),
            continuation: try continuation.map {
                Continuation(format: try $0.required("format", "the continuation word's text, with {word}").string(),
                             bottom: try cm($0, "bottom_cm", Limits.margin),
                             maxLetters: try count($0, "max_letters", 2...200))
            },
            styles: styles,
            lists: Lists(indent: try cm(lists, "indent_cm", Limits.indent), step: try cm(lists, "step_cm", Limits.indent),
                         markerWidth: try cm(lists, "marker_width_cm", Limits.indent),
                         spaceBefore: try points(lists, "space_before_pt", Limits.space),
                         firstSpaceBefore: try points(lists, "first_space_before_pt", Limits.space)),
            table: try table.map { table in
                TableDesign(fontSize: try points(table, "font_size_pt", Limits.fontSize),
                            padding: try points(table, "padding_pt", Limits.padding),
                            paddingVertical: try points(table, "padding_vertical_pt", Limits.padding),
                            border: try points(table, "border_pt", Limits.border),
                            spaceBefore: try points(table, "space_before_pt", Limits.space),
                            spaceAfter: try points(table, "space_after_pt", Limits.space),
                            linePitch: try points(table, "line_pitch_pt", Limits.linePitch),
                            minRows: try count(table, "min_rows", 1...20),
                            columns: columns)
            },
            pageNumber: PageNumber(format: try number.required("format", "the page number's text, with {n}").string(),
                                   fromPage: try count(number, "from_page", 1...10_000),
                                   baseline: try cm(number, "baseline_cm", Limits.margin),
                                   thaiDigits: (try number["numerals"]?.oneOf(["thai", "arabic"]) ?? "thai") == "thai"),
            signature: Signature(columnCenter: try signature.required("column_center", "a fraction of the text width").double(in: 0...1, unit: "of the text width"),
                                 columnWidth: try cm(signature, "column_width_cm", Limits.columnWidth),
                                 blankLines: try count(signature, "blank_lines", 0...20),
                                 spaceBefore: try points(signature, "space_before_pt", Limits.space),
                                 roleBefore: (try signature["role_line"]?.oneOf(["before", "after"]) ?? "before") == "before",
                                 imageHeight: try cm(signature, "image_height_cm", Limits.image)),
            logo: try logo.map { Logo(height: try cm($0, "height_cm", Limits.image), spaceAfter: try points($0, "space_after_pt", Limits.space)) },
            pagination: Pagination(orphans: try count(pagination, "orphans", 1...20), widows: try count(pagination, "widows", 1...20),
                                   headingKeepLines: try count(pagination, "heading_keep_lines", 0...20),
                                   signatureKeepLines: try count(pagination, "signature_keep_lines", 0...20)),
            stylesLocation: stylesValue.location,
            fieldLines: try fieldLines.map { l in
                FieldLines(labelSize: try points(l, "label_size_pt", Limits.fontSize), labelGap: try points(l, "label_gap_pt", Limits.space),
                           secondFieldAt: try value(l, "second_field_at", 0.1...0.9, "of the text width"),
                           leaderPitch: try points(l, "leader_pitch_pt", 0.5...20), leaderRadius: try points(l, "leader_radius_pt", 0.05...3),
                           leaderGap: try points(l, "leader_gap_pt", Limits.space), spaceBefore: try points(l, "space_before_pt", Limits.space))
            },
            marks: marks, imageSlots: imageSlots
        )
        design.rowSets = rowSets
        if let wide = rowSets.first(where: { $0.value.indent + $0.value.columns.reduce(0, +) > design.textWidth + 1 }),
           let value = rowSetValues[wide.key] {
            let width = wide.value.indent + wide.value.columns.reduce(0, +)
            throw value.error("the row set \"\(wide.key)\" is \(Self.cm(width)) cm wide with its indent, wider than the text (\(Self.cm(design.textWidth)) cm)",
                              thai: "ชุดแถว \"\(wide.key)\" กว้าง \(Self.cm(width)) ซม. รวมระยะย่อหน้า เกินความกว้างของข้อความ (\(Self.cm(design.textWidth)) ซม.)")
        }
        let pdfa = try f["pdfa"]?.oneOf(["1b", "2b", "3b", "none"])
        design.pdfa = pdfa == "none" ? nil : pdfa
        try design.checkProportions(root: root, margins: margins.owner, font: font.owner, columns: columnsValue, styles: styleValues, stylesValue: stylesValue)
        return design
    }

    /// What each number of a layout file may be. Wide enough for any real page, narrow enough that no value
    /// can make a line hold no letter or a page hold no line.
    enum Limits {
        static let paper = 50.0...2000.0           // mm
        static let margin = 0.0...20.0             // cm
        static let fontSize = 4.0...96.0           // pt
        static let linePitch = 4.0...200.0         // pt
        static let indent = -10.0...30.0           // cm
        static let columnWidth = 0.2...100.0       // cm
        static let space = 0.0...400.0             // pt
        static let padding = 0.0...36.0            // pt
        static let border = 0.0...10.0             // pt
        static let image = 0.0...30.0              // cm
    }

    /// The relations between numbers that no single range can state: a text area that holds lines of text,
    /// a line pitch no smaller than the letters, paragraphs whose indents leave room, a table that fits.
    func checkProportions(root: YAMLValue, margins: YAMLValue, font: YAMLValue, columns: YAMLValue?, styles: [String: YAMLValue],
                          stylesValue: YAMLValue) throws {
        let largest = max(fontSize, self.styles.values.map(\.size).max() ?? fontSize, table?.fontSize ?? fontSize)
        guard textWidth >= 10 * largest else {
            throw margins.error("the margins leave a text width of \(Self.cm(textWidth)) cm, too narrow for ten letters of \(YAMLValue.plain(largest)) pt")
        }
        guard textHeight >= 5 * max(linePitch, table?.linePitch ?? linePitch) else {
            throw margins.error("the margins leave a text height of \(Self.cm(textHeight)) cm, too short for five lines")
        }
        guard linePitch >= 0.8 * fontSize else {
            throw font.error("the line pitch \(YAMLValue.plain(linePitch)) pt is smaller than the letters (\(YAMLValue.plain(fontSize)) pt): lines would overprint")
        }
        for (style, value) in self.styles {
            let narrowest = textWidth - value.indent - max(value.firstLineIndent, value.hanging, 0) - max(lists.indent + lists.markerWidth, 0)
            guard narrowest >= 4 * value.size else {
                throw (styles[style.rawValue] ?? stylesValue).error("the \(style.rawValue) style's indents leave \(Self.cm(narrowest)) cm of line, too narrow for text")
            }
        }
        let tableWidth = table?.columns.values.map(\.width).reduce(0, +) ?? 0
        guard tableWidth <= textWidth + 1 else {
            throw (columns ?? root).error("the table's columns are \(Self.cm(tableWidth)) cm wide, wider than the text (\(Self.cm(textWidth)) cm)")
        }
    }

    static func cm(_ points: Double) -> String { String(format: "%.1f", points / pointsPerCentimetre) }

    /// The compound words whose splitting the line breaker avoids, from the file the layout names:
    static func compounds(_ fields: YAMLValue.Fields, folder: URL) throws -> Compounds {
        let penalty = try fields.required("compound_penalty", "what a break inside a compound costs").double(in: 0...1_000_000, unit: "")
        return try wordList(fields["compounds"], folder: folder, penalty: penalty)
    }

    /// A list of words, one a line, from the file or files a layout names.
    static func wordList(_ value: YAMLValue?, folder: URL, penalty: Double) throws -> Compounds {
        guard let value else { return Compounds(words: [], penalty: penalty) }
        if case .sequence = value.node {
            let lists = try value.list().map { try wordList($0, folder: folder, penalty: penalty) }
            return Compounds(words: lists.flatMap { $0.words.map { String(decoding: $0, as: UTF8.self) } }, penalty: penalty)
        }
        // Beside the layout file, or else saraban's own Layouts/ (a layout copied elsewhere keeps working).
        let name = try value.string()
        var url = folder.appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: url.path), let own = Resources.folder("Layouts")?.appendingPathComponent(name),
           FileManager.default.fileExists(atPath: own.path) {
            url = own
        }
        do {
            return try Compounds.load(contentsOf: url, penalty: penalty)
        } catch {
            throw value.error("cannot read the word list \(url.path)", code: "file-not-found",
                              thai: "อ่านไฟล์รายการคำ \(url.path) ไม่ได้")
        }
    }

    static func style(_ value: YAMLValue, fontSize: Double) throws -> Style {
        let s = try value.fields(["size_pt", "bold", "align", "indent_cm", "first_line_indent_cm", "hanging_cm",
                                  "space_before_pt", "space_after_pt", "one_line"])
        return Style(size: try s["size_pt"]?.double(in: Limits.fontSize, unit: "pt") ?? fontSize,
                     bold: try s["bold"]?.bool() ?? false,
                     align: Alignment(rawValue: try s["align"]?.oneOf(["left", "center", "right", "justify"]) ?? "left")!,
                     indent: (try s["indent_cm"]?.double(in: Limits.indent, unit: "cm") ?? 0) * pointsPerCentimetre,
                     firstLineIndent: (try s["first_line_indent_cm"]?.double(in: Limits.indent, unit: "cm") ?? 0) * pointsPerCentimetre,
                     hanging: (try s["hanging_cm"]?.double(in: Limits.indent, unit: "cm") ?? 0) * pointsPerCentimetre,
                     spaceBefore: try s["space_before_pt"]?.double(in: Limits.space, unit: "pt") ?? 0,
                     spaceAfter: try s["space_after_pt"]?.double(in: Limits.space, unit: "pt") ?? 0,
                     oneLine: try s["one_line"]?.bool() ?? false)
    }
}
