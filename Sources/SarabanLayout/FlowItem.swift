import Foundation

/// The unit the paginator moves: a line of text, a table's row group, a signature block, an image.
/// Its elements are placed relative to the item's top; a page break may fall before any item
/// unless the item before it says `keepWithNext`.
struct FlowItem {
    /// `overlay`: placed on the page outside the flow, at its own position (an emblem, a mark); it takes no room.
    enum Kind { case line, tableRows, tableHeader, signature, image, overlay }

    var kind: Kind
    var height: Double
    /// Space above the item, dropped at the top of a page.
    var spaceBefore: Double
    var elements: [PageElement]
    var keepWithNext = false
    /// An overlay repeated on every page (a secrecy mark), not only the page it falls on.
    var onEveryPage = false
    var isHeading = false
    var outline: [(title: String, level: Int)] = []
    /// The text of a body line, for the continuation word and the report.
    var text: String?
    /// The table this item belongs to, and the header row to repeat where the table continues on a new page.
    var tableID: Int?
    /// The row's index in its table, and the cells spanning rows that start in it.
    var tableRow: Int?
    var spans: [SpanCell] = []
    var tableHeader: [PageElement] = []
    var tableHeaderHeight = 0.0
    var tableHeaderText: String?
    var isRepeatedHeader = false
    /// For a line of text: its baseline below the item's top, where it ends (for `--debug-layout`), and
    /// how it was set (for the report).
    var baseline: Double?
    var lineEnd: Double?
    var lineStart: Double?
    /// Words this item's lines cut between letters (a line of text, or a table row's cells).
    var brokenWords: [String] = []
    /// For a signature block: the space kept for the signature, where a visible digital signature goes.
    var signatureBox: (x: Double, top: Double, width: Double, height: Double)?
}
