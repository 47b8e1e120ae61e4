import Foundation
import CPangoCairo
import PDFSyntax
import SarabanLayout

/// Tagged PDF in three steps: while drawing, `ContentMarker` marks each node's content on the page with Cairo's
/// structure tags; after Cairo has written the file, `ArtifactMarking` marks everything else on each page as an
/// artifact and `StructureWriter` puts the document's own structure tree in place of Cairo's.
///
/// Why not Cairo's tree as it is: Cairo 1.16 reopens every open tag at the top of a new page, so a page number
/// drawn there would join the paragraph that runs on from the page before; it has no artifacts at all, and it
/// writes no alternate text or table spans. So Cairo is only asked for what only it can do, the marks in its
/// content streams (one tag open at a time, one sequence per node and page), and the tree is ours.
struct ContentMarker {
    let structure: [StructureNode]
    /// For each page, the node of each marked sequence, in the order Cairo numbers them (its MCID).
    private(set) var sequences: [[Int]] = []
    private var open: Int?

    init(structure: [StructureNode]) {
        self.structure = structure
    }

    mutating func startPage() {
        sequences.append([])
    }

    /// Before drawing an element: close the sequence of another node, open the element's own.
    mutating func enter(_ node: Int?, cr: OpaquePointer) {
        guard node != open else { return }
        close(cr)
        guard let node, node < structure.count else { return }
        cairo_tag_begin(cr, Self.cairoTag(structure[node].role), "")
        sequences[sequences.count - 1].append(node)
        open = node
    }

    /// At the page's end: no sequence may stay open, or Cairo would carry it to the next page.
    mutating func close(_ cr: OpaquePointer) {
        guard let node = open else { return }
        cairo_tag_end(cr, Self.cairoTag(structure[node].role))
        open = nil
    }

    /// Content is marked with its node's own role, which Cairo accepts for every role a leaf has.
    static func cairoTag(_ role: StructureNode.Role) -> String { role.rawValue }
}

/// Marks every painting operation outside a marked sequence as an artifact (`/Artifact BMC … EMC`): page numbers,
/// continuation words, the table's borders and repeated header, dotted leaders, marks repeated on later pages.
///
/// The content stream is read as PDF tokens, not lines (Cairo wraps long text arrays). A unit is a text object
/// (BT … ET), a path up to the operator that paints it, an XObject or a shading; a unit at nesting depth 0 is
/// wrapped whole, operands included, so marked sequences never cross text objects or graphics-state saves. A
/// stream with an inline image is left as it is rather than guessed at.
enum ArtifactMarking {
    static let pathStart: Set<String> = ["m", "re"]
    static let paint: Set<String> = ["S", "s", "f", "F", "f*", "B", "B*", "b", "b*"]
    static let artifactStart = Array("/Artifact BMC\n".utf8), artifactEnd = Array("\nEMC".utf8)

    /// The stream with its unmarked painting wrapped, or nil if nothing needed it.
    static func wrap(_ content: [UInt8]) -> [UInt8]? {
        var wraps: [Range<Int>] = []
        var depth = 0
        // Neighbouring units become one sequence where only colours and line widths come between them.
        var joinable = false
        func add(_ unit: Range<Int>) {
            if joinable, let last = wraps.last { wraps[wraps.count - 1] = last.lowerBound..<unit.upperBound } else { wraps.append(unit) }
            joinable = true
        }
        // A text object at depth 0 is one unit whatever it holds (Cairo's /ActualText spans are marked inside it).
        var textStart: Int?
        var pathStart: Int?
        guard let operations = ContentStream.operators(content) else { return nil }
        for operation in operations {
            if ["q", "Q", "BDC", "BMC", "EMC"].contains(operation.name) { joinable = false }
            switch operation.name {
            case "BDC", "BMC":
                depth += 1
                pathStart = nil
            case "EMC":
                depth -= 1
            case "BT":
                textStart = depth == 0 ? operation.start : nil
            case "ET":
                if let start = textStart, depth == 0 { add(start..<operation.end) }
                textStart = nil
            case let name where Self.pathStart.contains(name):
                if depth == 0, pathStart == nil { pathStart = operation.start }
            case let name where paint.contains(name):
                if depth == 0, let start = pathStart { add(start..<operation.end) }
                pathStart = nil
            case "n":
                pathStart = nil
            case let name where depth == 0 && textStart == nil && (name == "Do" || name == "sh"):
                add(operation.start..<operation.end)
            default:
                break
            }
        }
        guard !wraps.isEmpty else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(content.count + wraps.count * 20)
        var cursor = 0
        for range in wraps {
            output += content[cursor..<range.lowerBound]
            output += artifactStart
            output += content[range]
            output += artifactEnd
            cursor = range.upperBound
        }
        output += content[cursor...]
        return output
    }
}

/// The document's structure tree, written in place of Cairo's: a `StructElem` for each node with its role, its
/// parent, its kids in reading order (its marked sequences on each page, then the nodes under it), alternate
/// text for figures and spans for table cells; the parent tree that leads from each page's sequences back to
/// their nodes; and in the catalog the document's language (`/Lang (th)`) and the title shown as the window's.
struct StructureWriter {
    let structure: [StructureNode]
    /// For each page, the node of each marked sequence (see `ContentMarker`).
    let sequences: [[Int]]
    let language: String

    func apply(to rewrite: inout ObjectRewrite) throws {
        guard sequences.contains(where: { !$0.isEmpty }) else { return }
        var catalog = try rewrite.structure.catalog()
        guard let (oldRoot, _) = catalog["StructTreeRoot"]?.reference else {
            throw PDFError(message: "Cairo wrote no structure tree for a document with marked content")
        }
        try dropCairoTree(oldRoot, from: &rewrite)
        let pages = try rewrite.structure.pages()
        guard pages.count == sequences.count else {
            throw PDFError(message: "the PDF has \(pages.count) pages where \(sequences.count) were drawn")
        }
        let elements = structure.indices.map { _ in rewrite.reserve() }
        let parentTree = try markContent(pages: pages, elements: elements, in: &rewrite)
        let marked = markedContent()
        var children: [Int: [PDFObject]] = [:]
        for (index, node) in structure.enumerated() {
            if let parent = node.parent { children[parent, default: []].append(.reference(elements[index], 0)) }
        }
        for (index, node) in structure.enumerated() {
            rewrite.add(element(node, parent: node.parent.map { elements[$0] } ?? oldRoot, marked: marked[index] ?? [],
                                children: children[index] ?? [], pages: pages), as: elements[index])
        }
        var root = PDFDictionary()
        root["Type"] = .name("StructTreeRoot")
        root["K"] = .array([.reference(elements[StructureTree.root], 0)])
        root["ParentTree"] = .reference(rewrite.add(.dictionary(parentTree.tree)), 0)
        root["ParentTreeNextKey"] = .integer(parentTree.nextKey)
        rewrite.replace(oldRoot, with: .dictionary(root))
        catalog["Lang"] = PDFObject.text(language)
        catalog["MarkInfo"] = .dictionary({ var info = PDFDictionary(); info["Marked"] = .bool(true); return info }())
        catalog["ViewerPreferences"] = .dictionary({ var preferences = PDFDictionary(); preferences["DisplayDocTitle"] = .bool(true); return preferences }())
        rewrite.replace(rewrite.structure.catalogNumber, with: .dictionary(catalog))
    }

    /// Cairo's elements and parent tree, reached from its root, are left out of the file.
    func dropCairoTree(_ root: Int, from rewrite: inout ObjectRewrite) throws {
        guard let dictionary = try rewrite.structure.object(root).dictionary else { return }
        var pending = dictionary["K"].map { [$0] } ?? []
        var seen: Set<Int> = []
        while let next = pending.popLast() {
            switch next {
            case .array(let items): pending += items
            case .reference(let number, _):
                guard seen.insert(number).inserted, let element = try rewrite.structure.object(number).dictionary,
                      element["Type"]?.name == "StructElem" || element["S"] != nil else { continue }
                rewrite.drop(number)
                if let kids = element["K"] { pending.append(kids) }
            default: continue
            }
        }
        guard let (tree, _) = dictionary["ParentTree"]?.reference else { return }
        rewrite.drop(tree)
        for case .reference(let number, _) in try rewrite.structure.object(tree).dictionary?["Nums"]?.array ?? [] { rewrite.drop(number) }
    }

    /// Each page's sequences: the parent tree's entry for the page (its /StructParents, as Cairo numbered it), and
    /// artifacts marked in its content stream.
    func markContent(pages: [Int], elements: [Int], in rewrite: inout ObjectRewrite) throws -> (tree: PDFDictionary, nextKey: Int) {
        var numbers: [PDFObject] = []
        var nextKey = 0
        for (index, page) in pages.enumerated() {
            guard var dictionary = try rewrite.structure.object(page).dictionary else { continue }
            try markArtifacts(page: dictionary, in: &rewrite)
            guard !sequences[index].isEmpty else { continue }
            let key = dictionary["StructParents"]?.integer ?? nextKey
            if dictionary["StructParents"] == nil {
                dictionary["StructParents"] = .integer(key)
                rewrite.replace(page, with: .dictionary(dictionary))
            }
            let parents = rewrite.add(.array(sequences[index].map { .reference(elements[$0], 0) }))
            numbers.append(contentsOf: [.integer(key), .reference(parents, 0)])
            nextKey = max(nextKey, key + 1)
        }
        var tree = PDFDictionary()
        tree["Nums"] = .array(numbers)
        return (tree, nextKey)
    }

    func markArtifacts(page: PDFDictionary, in rewrite: inout ObjectRewrite) throws {
        guard let (contents, _) = page["Contents"]?.reference, let (dictionary, data) = try rewrite.streamData(contents),
              let wrapped = ArtifactMarking.wrap(data) else { return }
        if let (length, _) = dictionary["Length"]?.reference { rewrite.drop(length) }
        rewrite.replace(contents, withText: try ObjectRewrite.streamText(contents, dictionary: dictionary, data: wrapped))
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
