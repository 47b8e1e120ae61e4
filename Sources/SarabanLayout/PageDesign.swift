import Foundation
import SarabanModel
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
        public var columns: [String: Column]
    }

    public struct PageNumber: Sendable {
        public var format: String, fromPage: Int, top: Double, thaiDigits: Bool
    }

    public struct Signature: Sendable {
        public var columnCenter: Double, blankLines: Int, spaceBefore: Double, roleBefore: Bool, imageHeight: Double
    }

    public struct LineBreaking: Sendable {
        public var maxGapInsideWord: Double
        public var compounds: Compounds
    }

    public struct Continuation: Sendable {
        public var format: String, bottom: Double
    }

    public struct Pagination: Sendable {
        public var orphans: Int, widows: Int, headingKeepLines: Int, signatureKeepLines: Int
    }

    public var name: String
    public var file: String
    public var pageWidth: Double, pageHeight: Double
    public var marginLeft: Double, marginRight: Double, marginTop: Double, marginBottom: Double
    public var fontFamilies: [String]
    public var fontSize: Double
    public var linePitch: Double
    public var justification: Justification
    public var lineBreaking: LineBreaking
    public var continuation: Continuation?
    public var styles: [ParagraphStyle: Style]
    public var lists: Lists
    public var table: TableDesign
    public var pageNumber: PageNumber
    public var signature: Signature
    public var logoHeight: Double, logoSpaceAfter: Double
    public var pagination: Pagination

    public var textWidth: Double { pageWidth - marginLeft - marginRight }
    public var textHeight: Double { pageHeight - marginTop - marginBottom }

    public func style(_ style: ParagraphStyle) -> Style { styles[style]! }
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

    static func decode(_ root: YAMLValue) throws -> PageDesign {
        let f = try root.fields(["name", "page", "margins_cm", "font", "justification", "line_breaking", "styles", "lists",
                                 "table", "continuation", "page_number", "signature", "logo", "pagination"])
        let page = try f.required("page", "the paper size").fields(["width_mm", "height_mm"])
        let margins = try f.required("margins_cm", "the four margins in cm").fields(["left", "right", "top", "bottom"])
        let font = try f.required("font", "the font families and size").fields(["families", "size_pt", "line_pitch_pt"])
        let fontSize = try font.required("size_pt", "the body font size in points").double()
        let cm = { (fields: YAMLValue.Fields, key: String) throws -> Double in
            try fields.required(key, "a length in cm").double() * pointsPerCentimetre
        }
        let styleFields = try f.required("styles", "the paragraph styles").fields(ParagraphStyle.allCases.map(\.rawValue))
        var styles: [ParagraphStyle: Style] = [:]
        for style in ParagraphStyle.allCases {
            styles[style] = try self.style(styleFields.required(style.rawValue, "the \(style.rawValue) style"), fontSize: fontSize)
        }
        let lists = try f.required("lists", "the list indents").fields(["indent_cm", "step_cm", "marker_width_cm", "space_before_pt", "first_space_before_pt"])
        let table = try f.required("table", "the score table's design").fields(["font_size_pt", "padding_pt", "padding_vertical_pt", "border_pt",
                                                                               "space_before_pt", "space_after_pt", "line_pitch_pt", "columns"])
        var columns: [String: Column] = [:]
        for entry in try table.required("columns", "the table's columns").entries() {
            let c = try entry.value.fields(["width_cm", "align"])
            columns[entry.key] = Column(width: try cm(c, "width_cm"),
                                        align: Alignment(rawValue: try c["align"]?.oneOf(["left", "center", "right"]) ?? "left")!)
        }
        let number = try f.required("page_number", "the page number's format and place").fields(["format", "from_page", "top_cm", "numerals"])
        let signature = try f.required("signature", "the signature block's design").fields(["column_center", "blank_lines", "space_before_pt", "role_line", "image_height_cm"])
        let logo = try f.required("logo", "the logo's size").fields(["height_cm", "space_after_pt"])
        let pagination = try f.required("pagination", "the pagination rules").fields(["orphans", "widows", "heading_keep_lines", "signature_keep_lines"])
        let justification = try f["justification"]?.oneOf(Justification.allCases.map(\.rawValue)) ?? "thai-distributed"
        let breaking = try f["line_breaking"]?.fields(["max_gap_inside_word_em", "compound_penalty", "compounds"])
        let folder = URL(fileURLWithPath: root.file).deletingLastPathComponent()
        let continuation = try f["continuation"]?.fields(["format", "bottom_cm"])
        return PageDesign(
            name: try f["name"]?.string() ?? "",
            file: root.file,
            pageWidth: try page.required("width_mm", "the paper width in mm").double() * 72 / 25.4,
            pageHeight: try page.required("height_mm", "the paper height in mm").double() * 72 / 25.4,
            marginLeft: try cm(margins, "left"), marginRight: try cm(margins, "right"),
            marginTop: try cm(margins, "top"), marginBottom: try cm(margins, "bottom"),
            fontFamilies: try font.required("families", "a list of font families, preferred first").list().map { try $0.string() },
            fontSize: fontSize,
            linePitch: try font.required("line_pitch_pt", "the distance between baselines in points").double(),
            justification: Justification(rawValue: justification)!,
            lineBreaking: LineBreaking(maxGapInsideWord: try breaking?["max_gap_inside_word_em"]?.double() ?? 0.15,
                                       compounds: try compounds(breaking, folder: folder)),
            continuation: try continuation.map {
                Continuation(format: try $0.required("format", "the continuation word's text, with {word}").string(),
                             bottom: try cm($0, "bottom_cm"))
            },
            styles: styles,
            lists: Lists(indent: try cm(lists, "indent_cm"), step: try cm(lists, "step_cm"), markerWidth: try cm(lists, "marker_width_cm"),
                         spaceBefore: try lists["space_before_pt"]?.double() ?? 0,
                         firstSpaceBefore: try lists["first_space_before_pt"]?.double() ?? 0),
            table: TableDesign(fontSize: try table["font_size_pt"]?.double() ?? fontSize,
                               padding: try table["padding_pt"]?.double() ?? 3,
                               paddingVertical: try table["padding_vertical_pt"]?.double() ?? 1,
                               border: try table["border_pt"]?.double() ?? 0.5,
                               spaceBefore: try table["space_before_pt"]?.double() ?? 6,
                               spaceAfter: try table["space_after_pt"]?.double() ?? 6,
                               linePitch: try table["line_pitch_pt"]?.double() ?? 20,
                               columns: columns),
            pageNumber: PageNumber(format: try number.required("format", "the page number's text, with {n}").string(),
                                   fromPage: try number["from_page"]?.int() ?? 2,
                                   top: try cm(number, "top_cm"),
                                   thaiDigits: (try number["numerals"]?.oneOf(["thai", "arabic"]) ?? "thai") == "thai"),
            signature: Signature(columnCenter: try signature.required("column_center", "a fraction of the text width").double(),
                                 blankLines: try signature["blank_lines"]?.int() ?? 3,
                                 spaceBefore: try signature["space_before_pt"]?.double() ?? 24,
                                 roleBefore: (try signature["role_line"]?.oneOf(["before", "after"]) ?? "before") == "before",
                                 imageHeight: try cm(signature, "image_height_cm")),
            logoHeight: try cm(logo, "height_cm"),
            logoSpaceAfter: try logo["space_after_pt"]?.double() ?? 6,
            pagination: Pagination(orphans: try pagination["orphans"]?.int() ?? 2, widows: try pagination["widows"]?.int() ?? 2,
                                   headingKeepLines: try pagination["heading_keep_lines"]?.int() ?? 2,
                                   signatureKeepLines: try pagination["signature_keep_lines"]?.int() ?? 2)
        )
    }

    /// The compound words whose splitting the line breaker avoids, from the file the layout names:
    static func compounds(_ fields: YAMLValue.Fields?, folder: URL) throws -> Compounds {
        let penalty = try fields?["compound_penalty"]?.double() ?? 0
        guard let value = fields?["compounds"] else { return Compounds(words: [], penalty: penalty) }
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
            throw value.error("cannot read the compound words file \(url.path)", code: "file-not-found",
                              thai: "อ่านไฟล์คำประสม \(url.path) ไม่ได้")
        }
    }

    static func style(_ value: YAMLValue, fontSize: Double) throws -> Style {
        let s = try value.fields(["size_pt", "bold", "align", "indent_cm", "first_line_indent_cm", "hanging_cm",
                                  "space_before_pt", "space_after_pt"])
        return Style(size: try s["size_pt"]?.double() ?? fontSize,
                     bold: try s["bold"]?.bool() ?? false,
                     align: Alignment(rawValue: try s["align"]?.oneOf(["left", "center", "right", "justify"]) ?? "left")!,
                     indent: (try s["indent_cm"]?.double() ?? 0) * pointsPerCentimetre,
                     firstLineIndent: (try s["first_line_indent_cm"]?.double() ?? 0) * pointsPerCentimetre,
                     hanging: (try s["hanging_cm"]?.double() ?? 0) * pointsPerCentimetre,
                     spaceBefore: try s["space_before_pt"]?.double() ?? 0,
                     spaceAfter: try s["space_after_pt"]?.double() ?? 0)
    }
}
