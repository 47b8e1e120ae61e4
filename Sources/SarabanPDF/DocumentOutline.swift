import Foundation
import PDFSyntax
import SarabanLayout

/// The outline (bookmarks) of a document: its headings as a tree by level, each leading to where it stands.
/// Entries of the top two levels are shown open; deeper ones closed under their parent.
enum DocumentOutline {
    final class Entry {
        let entry: OutlineEntry
        var children: [Entry] = []
        init(_ entry: OutlineEntry) { self.entry = entry }
        var open: Bool { entry.level <= 1 }
        /// The entries a reader sees under this one when the outline is first shown.
        var visibleDescendants: Int { open ? children.reduce(0) { $0 + 1 + $1.visibleDescendants } : 0 }
    }

    /// Writes the outline and returns its root's number, or nil for a document without headings.
    static func write(_ entries: [OutlineEntry], pages: [Int], pageHeight: Double, into file: inout PDFFileBuilder) -> Int? {
        let top = tree(entries)
        guard !top.isEmpty else { return nil }
        let root = file.reserve()
        let first = writeLevel(top, parent: root, pages: pages, pageHeight: pageHeight, into: &file)
        var dictionary = PDFDictionary()
        dictionary["Type"] = .name("Outlines")
        dictionary["First"] = .reference(first.first, 0)
        dictionary["Last"] = .reference(first.last, 0)
        dictionary["Count"] = .integer(top.reduce(0) { $0 + 1 + $1.visibleDescendants })
        file.set(root, .dictionary(dictionary))
        return root
    }

    /// Each entry under the nearest before it of a lower level.
    static func tree(_ entries: [OutlineEntry]) -> [Entry] {
        var top: [Entry] = []
        var parents: [Entry] = []
        for entry in entries {
            let node = Entry(entry)
            while let last = parents.last, last.entry.level >= entry.level { parents.removeLast() }
            if let parent = parents.last { parent.children.append(node) } else { top.append(node) }
            parents.append(node)
        }
        return top
    }

    /// One level's entries, linked to each other and to their parent; returns the first's and the last's numbers.
    static func writeLevel(_ level: [Entry], parent: Int, pages: [Int], pageHeight: Double,
                           into file: inout PDFFileBuilder) -> (first: Int, last: Int) {
        let numbers = level.map { _ in file.reserve() }
        for (index, node) in level.enumerated() {
            var item = PDFDictionary()
            item["Title"] = PDFObject.text(node.entry.title)
            item["Parent"] = .reference(parent, 0)
            if index > 0 { item["Prev"] = .reference(numbers[index - 1], 0) }
            if index + 1 < numbers.count { item["Next"] = .reference(numbers[index + 1], 0) }
            let page = pages[min(max(node.entry.page - 1, 0), pages.count - 1)]
            item["Dest"] = .array([.reference(page, 0), .name("XYZ"), .integer(0), .real(pageHeight - node.entry.y), .integer(0)])
            if !node.children.isEmpty {
                let children = writeLevel(node.children, parent: numbers[index], pages: pages, pageHeight: pageHeight, into: &file)
                item["First"] = .reference(children.first, 0)
                item["Last"] = .reference(children.last, 0)
                item["Count"] = .integer(node.open ? node.visibleDescendants : -node.children.count)
            }
            file.set(numbers[index], .dictionary(item))
        }
        return (numbers[0], numbers[numbers.count - 1])
    }
}
