import Foundation

/// The logical structure of a document, for tagged PDF: what a screen reader reads, in reading order, and what
/// an archivist's tools see as headings, lists and tables.
///
/// Built by the block layout as it lays out each block: every block becomes a node (a heading `H1`…, a
/// paragraph `P`, a list `L` with its `LI`, `Lbl` and `LBody`, a table with its rows and cells, a `Figure`);
/// every text run and image on a page names the node it belongs to. What names no node is an artifact: page
/// numbers, continuation words, marks, table borders, dotted leaders, and whatever is printed again where a
/// table continues. The PDF writer marks each node's content on the page; the tree itself is written after.
public struct StructureNode: Sendable, Equatable {
    public enum Role: String, Sendable {
        case document = "Document"
        /// One document of several in a file (a memo and the report it submits).
        case part = "Part"
        case h1 = "H1", h2 = "H2", h3 = "H3", h4 = "H4", h5 = "H5", h6 = "H6"
        case paragraph = "P"
        case list = "L", listItem = "LI", label = "Lbl", listBody = "LBody"
        case table = "Table", tableRow = "TR", headerCell = "TH", dataCell = "TD"
        case figure = "Figure"

        /// A heading of the given level (0 for a document's title): H1 to H6.
        public static func heading(level: Int) -> Role {
            [.h1, .h2, .h3, .h4, .h5, .h6][min(max(level, 0), 5)]
        }
    }

    public var role: Role
    /// The node this one belongs to; nil only for the document.
    public var parent: Int?
    /// What a figure shows, for a reader who cannot see it.
    public var alternateText: String?
    /// For a table cell: the rows and columns it spans.
    public var rowSpan = 1
    public var columnSpan = 1
}

/// The nodes of one document, numbered from 0 (the document itself) in reading order: a node is added after
/// its parent and after every node that comes before it.
public final class StructureTree {
    public private(set) var nodes: [StructureNode] = [StructureNode(role: .document, parent: nil)]

    public init() {}

    public static let root = 0

    /// Adds a node under `parent` and returns its number.
    @discardableResult
    public func add(_ role: StructureNode.Role, under parent: Int = StructureTree.root, alternateText: String? = nil,
                    rowSpan: Int = 1, columnSpan: Int = 1) -> Int {
        nodes.append(StructureNode(role: role, parent: parent, alternateText: alternateText, rowSpan: rowSpan, columnSpan: columnSpan))
        return nodes.count - 1
    }
}

extension PageElement {
    /// The element as content of a node: text and images take the node; rules and leaders stay artifacts.
    func tagged(_ node: Int) -> PageElement { owned(by: node) }

    /// The element as an artifact: printed again (a table's header where the table continues) or decoration.
    var artifact: PageElement { owned(by: nil) }

    private func owned(by node: Int?) -> PageElement {
        switch self {
        case .text(var run, let x, let baseline):
            run.node = node
            return .text(run, x: x, baseline: baseline)
        case let .image(url, x, y, width, height, _):
            return .image(url, x: x, y: y, width: width, height: height, node: node)
        case .rule, .leader, .debug:
            return self
        }
    }

    /// The structure node this element's content belongs to; nil for an artifact.
    public var node: Int? {
        switch self {
        case .text(let run, _, _): run.node
        case .image(_, _, _, _, _, let node): node
        case .rule, .leader, .debug: nil
        }
    }
}

extension Array where Element == PageElement {
    func tagged(_ node: Int) -> [PageElement] { map { $0.tagged(node) } }
}
