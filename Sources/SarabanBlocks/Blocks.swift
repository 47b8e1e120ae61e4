import Foundation
import SarabanITA

/// A piece of text with its emphasis: what `**bold**` in the data becomes.
public struct Span: Sendable, Hashable {
    public var text: String
    public var bold: Bool

    public init(_ text: String, bold: Bool = false) {
        self.text = text
        self.bold = bold
    }
}

/// Text as a run of spans; its plain text is what a reader copies out of the PDF.
public struct RichText: Sendable, Hashable {
    public var spans: [Span]

    public init(_ spans: [Span]) { self.spans = spans }
    public init(plain: String, bold: Bool = false) { self.spans = [Span(plain, bold: bold)] }

    public var plainText: String { spans.map(\.text).joined() }
    public var isEmpty: Bool { plainText.isEmpty }
}

/// The named paragraph styles a layout file defines; blocks name a style, the layout gives its numbers.
/// A paragraph style, by the name the layout file gives it. The vocabulary is open: a document kind's builder
/// asks for the styles it needs, and the layout engine checks, before laying anything out, that the layout file
/// has each one (a located error otherwise).
public struct ParagraphStyle: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    // The styles of the measures report, and the two the shared blocks use (`body` for lists, `signature`).
    public static let title: ParagraphStyle = "title"
    public static let heading1: ParagraphStyle = "heading1"
    public static let heading2: ParagraphStyle = "heading2"
    public static let heading3: ParagraphStyle = "heading3"
    public static let label: ParagraphStyle = "label"
    public static let body: ParagraphStyle = "body"
    public static let plain: ParagraphStyle = "plain"
    public static let signature: ParagraphStyle = "signature"
}

public struct Heading: Sendable {
    public var level: Int
    public var text: RichText
    public var style: ParagraphStyle
    /// Whether the heading is listed in the PDF's outline (bookmarks).
    public var inOutline: Bool
}

public struct Paragraph: Sendable {
    public var text: RichText
    public var style: ParagraphStyle
    /// Nesting depth, for paragraphs that sit at a list's indent.
    public var depth: Int
    /// Kept on the page of what comes before it (a letter's contact lines stay with its signature).
    public var keepWithPrevious = false
}

/// A list item: its marker ("1)", "-") and text, and the items nested under it.
public struct ListEntry: Sendable {
    public var marker: String
    public var text: RichText
    public var children: [ListEntry]
}

public struct ListBlock: Sendable {
    public var entries: [ListEntry]
    public var depth: Int
}

public struct TableCell: Sendable {
    public enum Alignment: String, Sendable { case left, center, right }
    public var text: RichText
    public var column: Int
    public var columnSpan: Int
    public var rowSpan: Int
    public var alignment: Alignment?
    public var bold: Bool

    public init(_ text: RichText, column: Int, columnSpan: Int = 1, rowSpan: Int = 1,
                alignment: Alignment? = nil, bold: Bool = false) {
        self.text = text
        self.column = column
        self.columnSpan = columnSpan
        self.rowSpan = rowSpan
        self.alignment = alignment
        self.bold = bold
    }
}

public struct TableRow: Sendable {
    public var cells: [TableCell]
    /// A row that sums up the rows above it (a total, a rating): it never starts a page of the table alone.
    public var isSummary: Bool
    public init(_ cells: [TableCell], isSummary: Bool = false) {
        self.cells = cells
        self.isSummary = isSummary
    }
}

/// A table whose columns are named; the layout file gives each named column its width and alignment.
public struct Table: Sendable {
    public var columns: [String]
    public var header: TableRow
    public var rows: [TableRow]
}

public struct SignatureBlock: Sendable {
    public var role: String?
    public var name: String
    public var positions: [String]
    public var image: URL?
    /// What the signature image shows, for a reader who cannot see it (the PDF's alternate text).
    public var imageDescription: String {
        "ลายมือชื่อ " + name
    }
}

public struct ImageBlock: Sendable {
    public var url: URL
    /// The layout's image slot it goes in (`image_slots.emblem`); the measures report's "logo" is set in the flow.
    public var role: String
    /// What the image shows, for a reader who cannot see it (the PDF's alternate text): "ตราครุฑ".
    public var description: String
    /// The Garuda emblem that heads a memo, letter, order or announcement.
    public static let garuda = "ตราครุฑ"

    public init(url: URL, role: String, description: String) {
        self.url = url
        self.role = role
        self.description = description
    }
}

/// A form's line of fields, as a memo opens (ส่วนราชการ ……; ที่ …… วันที่ ……; เรื่อง ……): each field a bold
/// label and its value, the rest of the field's width filled with a dotted leader. A second field on the line
/// starts at the layout's column.
public struct FieldLine: Sendable {
    public struct Field: Sendable {
        public var label: String
        public var value: RichText
        public init(label: String, value: RichText) {
            self.label = label
            self.value = value
        }
    }
    public var fields: [Field]
    public init(_ fields: [Field]) { self.fields = fields }
}

/// Words outside the text flow, in one of the layout's mark styles (its colour, size and place on the page):
/// the urgency of a matter (ด่วนที่สุด) on the first page, its secrecy (ลับ) at the top and foot of every page.
public struct Mark: Sendable {
    public var text: String
    /// The layout's `marks` entry that says how it looks and where it goes.
    public var style: String
    /// The document's title set as a mark (a memo's บันทึกข้อความ): a heading to a screen reader, not an aside.
    public var isTitle: Bool
    public init(text: String, style: String, isTitle: Bool = false) {
        self.text = text
        self.isTitle = isTitle
        self.style = style
    }
}

/// Text at the left margin beside a block of lines at a column: a letter's number ("ที่ …") level with the
/// first line of the agency's address at the right. The right-hand lines take the named style's indent.
public struct SideBySide: Sendable {
    public var left: RichText
    public var right: [RichText]
    public var rightStyle: ParagraphStyle
    public init(left: RichText, right: [RichText], rightStyle: ParagraphStyle) {
        self.left = left
        self.right = right
        self.rightStyle = rightStyle
    }
}

/// Lines of text in columns without rules, as a typist sets the people an order appoints ("๑." / name and position
/// / duty at a tab stop): each row's cells wrap inside their columns, and a row is never split across pages.
/// The first cell of a row is its label (its number), the others its body.
public struct RowSet: Sendable {
    /// The layout's `row_sets` entry: where the columns start and how wide each is.
    public var style: String
    public var rows: [[RichText]]
    public init(style: String, rows: [[RichText]]) {
        self.style = style
        self.rows = rows
    }
}

/// One block of the document, in reading order.
public enum Block: Sendable {
    case heading(Heading)
    case paragraph(Paragraph)
    case list(ListBlock)
    case table(Table)
    case signature(SignatureBlock)
    case image(ImageBlock)
    case fieldLine(FieldLine)
    case mark(Mark)
    case sideBySide(SideBySide)
    case rows(RowSet)
}

/// What the PDF says about itself.
public struct DocumentInfo: Sendable {
    public var title: String
    public var author: String
    public var subject: String
    public var keywords: [String]
    /// ISO 8601 (`2023-11-20T00:00:00`), or nil for the time of rendering.
    public var creationDate: String?
    /// The language of the text, for screen readers and the PDF's /Lang: every kind saraban writes is Thai.
    public var language = "th"
}

public struct DocumentBlocks: Sendable {
    public var info: DocumentInfo
    public var blocks: [Block]
}
