import Foundation

/// Decides the pages before anything is drawn.
///
/// Items are laid down one after another. When one does not fit, the break moves back to the last
/// place where the item before it does not ask to be kept with the next one (a heading with its first
/// lines, a paragraph's first and last two lines, the lines before a signature), and what follows the
/// break starts the next page. If a whole page is one unbreakable chain, it breaks where it overflows.
/// Where a table continues on a new page, its header row is repeated first.
struct Paginator {
    let height: Double
    /// The first page's height, where its head takes more room than the others' (nil: `height`).
    var firstHeight: Double? = nil

    struct PlacedItem {
        var item: FlowItem
        var y: Double
    }

    func pages(_ items: [FlowItem]) -> [[PlacedItem]] {
        var pages: [[PlacedItem]] = []
        var current: [PlacedItem] = []
        var y = 0.0
        var index = 0
        var repeatHeader: FlowItem?
        while index < items.count {
            if current.isEmpty, let header = repeatHeader {
                current.append(PlacedItem(item: header, y: 0))
                y = header.height
                repeatHeader = nil
            }
            let item = items[index]
            let space = current.isEmpty ? 0 : item.spaceBefore
            let pageHasContent = current.contains { $0.item.kind != .tableHeader }
            let pageHeight = pages.isEmpty ? firstHeight ?? height : height
            if y + space + item.height <= pageHeight + 0.01 || !pageHasContent {
                current.append(PlacedItem(item: item, y: y + space))
                y += space + item.height
                index += 1
                continue
            }
            var cut = breakIndex(current)
            if movedChainHeight(current, from: cut, then: items, at: index) > height + 0.01 { cut = overflowIndex(current) }
            index -= current.count - cut
            let finished = Array(current[..<cut])
            pages.append(finished)
            repeatHeader = continuedHeader(after: finished.last?.item, next: items[index])
            current = []
            y = 0
        }
        if !current.isEmpty { pages.append(current) }
        return pages
    }

    /// The last place a break may go, counted in items kept on the page.
    func breakIndex(_ placed: [PlacedItem]) -> Int {
        var cut = placed.count
        while cut >= 1 {
            let before = placed[cut - 1].item
            if !before.keepWithNext && !(before.kind == .tableHeader) { return cut }
            cut -= 1
        }
        // One unbreakable chain fills the page: break where it overflows.
        return overflowIndex(placed)
    }

    /// A break where the page overflows, but never right after a heading.
    func overflowIndex(_ placed: [PlacedItem]) -> Int {
        var cut = placed.count
        while cut > 1, placed[cut - 1].item.isHeading { cut -= 1 }
        return cut
    }

    /// How tall the chain is that a break at `cut` would carry to the next page: the items after `cut`, the one that
    /// did not fit (at `index` of `items`), and those after it that it must be kept with. A chain taller than a page
    /// (a member of a committee whose duties run to pages) cannot be kept whole anywhere, so carrying it over would
    /// only leave a gap: it starts where it is and breaks where the page overflows.
    func movedChainHeight(_ placed: [PlacedItem], from cut: Int, then items: [FlowItem], at index: Int) -> Double {
        guard cut < placed.count else { return 0 }
        // On the next page the chain's first item would lose its space above; the others keep theirs.
        var total = placed[cut...].reduce(0) { $0 + $1.item.spaceBefore + $1.item.height } - placed[cut].item.spaceBefore
        var next = index
        repeat {
            total += items[next].spaceBefore + items[next].height
            next += 1
        } while items[next - 1].keepWithNext && next < items.count && total <= height
        return total
    }

    func continuedHeader(after last: FlowItem?, next: FlowItem) -> FlowItem? {
        guard let id = next.tableID, next.kind == .tableRows, last?.tableID == id else { return nil }
        // The header read once, where the table starts; its repetitions are artifacts.
        var header = FlowItem(kind: .tableHeader, height: next.tableHeaderHeight, spaceBefore: 0, elements: next.tableHeader.map(\.artifact))
        header.tableID = id
        header.isRepeatedHeader = true
        header.text = next.tableHeaderText
        return header
    }
}
