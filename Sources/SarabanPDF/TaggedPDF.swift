import Foundation
import PDFSyntax
import SarabanLayout

/// The document's structure tree (tagged PDF): a `StructElem` for each node with its role, its parent, its kids in
/// reading order (its marked sequences on each page, then the nodes under it), alternate text for figures and spans
/// for table cells; the parent tree that leads from each page's sequences back to their nodes. The sequences
/// themselves are marked in the content as it is written (`PagePainter`).
struct StructureWriter {
    let structure: [StructureNode]
    /// For each page, the node of each marked sequence, in MCID order.
    let sequences: [[Int]]

    /// Writes the tree and returns its root's number, or nil when nothing is marked. A page with sequences has its
    /// index as its key in the parent tree (`/StructParents`).
    func write(into file: inout PDFFileBuilder, pages: [Int]) -> Int? {
        guard sequences.contains(where: { !$0.isEmpty }) else { return nil }
        let root = file.reserve()
        let elements = structure.indices.map { _ in file.reserve() }
        var numbers: [PDFObject] = []
        for (index, page) in sequences.enumerated() where !page.isEmpty {
            let parents = file.add(.array(page.map { .reference(elements[$0], 0) }))
            numbers.append(contentsOf: [.integer(index), .reference(parents, 0)])
        }
        let marked = markedContent()
        var children: [Int: [PDFObject]] = [:]
        for (index, node) in structure.enumerated() {
            if let parent = node.parent { children[parent, default: []].append(.reference(elements[index], 0)) }
        }
        for (index, node) in structure.enumerated() {
            file.set(elements[index], element(node, parent: node.parent.map { elements[$0] } ?? root, marked: marked[index] ?? [],
                                              children: children[index] ?? [], pages: pages))
        }
        var parentTree = PDFDictionary()
        parentTree["Nums"] = .array(numbers)
        var tree = PDFDictionary()
        tree["Type"] = .name("StructTreeRoot")
        tree["K"] = .array([.reference(elements[StructureTree.root], 0)])
        tree["ParentTree"] = .reference(file.add(.dictionary(parentTree)), 0)
        tree["ParentTreeNextKey"] = .integer(sequences.count)
        file.set(root, .dictionary(tree))
        return root
    }

    /// Each node's marked sequences in reading order, as (page index, MCID).
    func markedContent() -> [Int: [(page: Int, mcid: Int)]] {
        var sequencesOf: [Int: [(page: Int, mcid: Int)]] = [:]
        for (index, page) in sequences.enumerated() {
            for (mcid, owner) in page.enumerated() { sequencesOf[owner, default: []].append((index, mcid)) }
        }
        return sequencesOf
    }

    /// A structure element, written short (a document has hundreds): where all its content is on one page, the
    /// page is named once (/Pg) and each sequence by its number alone; else each is a marked-content reference.
    func element(_ node: StructureNode, parent: Int, marked: [(page: Int, mcid: Int)], children: [PDFObject], pages: [Int]) -> PDFObject {
        var element = PDFDictionary()
        element["S"] = .name(node.role.rawValue)
        element["P"] = .reference(parent, 0)
        let kids: [PDFObject]
        if let page = marked.first?.page, marked.allSatisfy({ $0.page == page }) {
            element["Pg"] = .reference(pages[page], 0)
            kids = marked.map { .integer($0.mcid) } + children
        } else {
            kids = marked.map { sequence in
                var reference = PDFDictionary()
                reference["Type"] = .name("MCR")
                reference["Pg"] = .reference(pages[sequence.page], 0)
                reference["MCID"] = .integer(sequence.mcid)
                return .dictionary(reference)
            } + children
        }
        element["K"] = kids.count == 1 ? kids[0] : .array(kids)
        if let text = node.alternateText { element["Alt"] = PDFObject.text(text) }
        if let attributes = tableAttributes(node) { element["A"] = .dictionary(attributes) }
        return .dictionary(element)
    }

    /// A header cell's scope, and a cell's spans where it spans more than one row or column.
    func tableAttributes(_ node: StructureNode) -> PDFDictionary? {
        guard node.role == .headerCell || node.role == .dataCell else { return nil }
        var attributes = PDFDictionary()
        attributes["O"] = .name("Table")
        if node.role == .headerCell { attributes["Scope"] = .name("Column") }
        if node.rowSpan > 1 { attributes["RowSpan"] = .integer(node.rowSpan) }
        if node.columnSpan > 1 { attributes["ColSpan"] = .integer(node.columnSpan) }
        return attributes.entries.count > 1 ? attributes : nil
    }
}
