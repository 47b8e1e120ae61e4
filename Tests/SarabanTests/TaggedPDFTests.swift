import XCTest
@testable import SarabanBlocks
@testable import SarabanCLI
@testable import SarabanPDF

/// Tagged PDF read back as an assistive tool reads it (pikepdf, from pip, in Tests/tools/structure-tree.py): the
/// structure tree against the blocks the PDF was made from, the text each element owns, and the artifacts.
final class TaggedPDFTests: XCTestCase {
    struct Tree: Decodable {
        struct Element: Decodable {
            var role: String
            var text: String
        }
        var roles: [String: Int]
        var lang: String
        var marked: Bool
        var alternate: [String]
        var spans: [[Int]]
        var elements: [Element]
        var unmarked: [String]
        var artifacts: [[String]]

        func texts(_ role: String) -> [String] { elements.filter { $0.role == role }.map(\.text.withoutWhiteSpace) }
    }

    func tree(_ pdf: URL) throws -> Tree {
        let script = Fixture.root.appendingPathComponent("Tests/tools/structure-tree.py")
        let result = try runTool("python3", [script.path, pdf.path])
        XCTAssertEqual(result.status, 0, "make test installs pikepdf (pip): " + result.stderr)
        return try JSONDecoder().decode(Tree.self, from: Data(result.stdout.utf8))
    }

    func render(_ input: URL, tagged: Bool = true) throws -> URL {
        let (laidOut, info) = try RenderPipeline().layout(input)
        let output = try Fixture.temporaryFolder().appendingPathComponent(tagged ? "tagged.pdf" : "untagged.pdf")
        try PDFWriter(tagged: tagged).write(laidOut, info: info, to: output)
        return output
    }

    func testTheTreeHasAnElementForEachHeadingListItemAndCell() throws {
        let blocks = try RenderPipeline().blocks(for: Fixture.example).blocks
        let tree = try tree(try render(Fixture.example))
        XCTAssertEqual(tree.lang, "th")
        XCTAssertTrue(tree.marked)

        let headings = blocks.compactMap { block -> Heading? in if case .heading(let heading) = block { return heading }; return nil }
        XCTAssertEqual(tree.texts("H1"), headings.filter { $0.level == 0 }.map(\.text.plainText.withoutWhiteSpace), "one H1 per top heading")
        XCTAssertEqual(tree.texts("H2"), headings.filter { $0.level == 1 }.map(\.text.plainText.withoutWhiteSpace))

        let entries = blocks.flatMap { block -> [ListEntry] in if case .list(let list) = block { return flatten(list.entries) }; return [] }
        XCTAssertEqual(tree.roles["L"] ?? 0, blocks.reduce(0) { count, block in
            if case .list(let list) = block { return count + 1 + nestedLists(list.entries) }
            return count
        })
        XCTAssertEqual(tree.roles["LI"], entries.count, "one LI per list item")
        XCTAssertEqual(tree.texts("Lbl"), entries.map(\.marker.withoutWhiteSpace))
        XCTAssertEqual(tree.texts("LBody"), entries.map(\.text.plainText.withoutWhiteSpace))

        let tables = blocks.compactMap { block -> Table? in if case .table(let table) = block { return table }; return nil }
        XCTAssertEqual(tree.roles["Table"], tables.count)
        XCTAssertEqual(tree.roles["TR"], tables.reduce(0) { $0 + 1 + $1.rows.count })
        XCTAssertEqual(tree.texts("TH"), tables.flatMap(\.header.cells).map(\.text.plainText.withoutWhiteSpace))
        let cells = tables.flatMap(\.rows).flatMap(\.cells)
        XCTAssertEqual(tree.texts("TD"), cells.map(\.text.plainText.withoutWhiteSpace), "one TD per table cell, in order")
        XCTAssertEqual(Array(tree.spans.dropFirst(tables.flatMap(\.header.cells).count)), cells.map { [$0.rowSpan, $0.columnSpan] })
        XCTAssertTrue(tree.spans.contains([5, 1]), "the example's cells spanning rows say so")

        // Page numbers, continuation words and what a continued table repeats are artifacts; nothing is left unmarked.
        XCTAssertEqual(tree.unmarked, [])
        let (laidOut, _) = try RenderPipeline().layout(Fixture.example)
        for (page, artifacts) in zip(laidOut.pages, tree.artifacts) {
            if page.number > 1 { XCTAssertTrue(artifacts.contains { $0.hasPrefix("- ") && $0.hasSuffix(" -\u{2060}") }, "page \(page.number): \(artifacts)") }
            if let word = page.continuation { XCTAssertTrue(artifacts.contains { $0.contains(word) }, "page \(page.number): \(artifacts)") }
            for repeated in page.repeatedText { XCTAssertTrue(artifacts.joined().withoutWhiteSpace.contains(repeated.withoutWhiteSpace)) }
        }
        XCTAssertFalse(tree.elements.contains { $0.text.hasPrefix("- ") && $0.text.hasSuffix(" -") }, "no page number is content")
    }

    func testFiguresHaveAlternateTextAndTheMemosTitleIsItsHeading() throws {
        let folder = try Fixture.temporaryFolder()
        try makePNG(width: 120, height: 150, at: folder.appendingPathComponent("emblem.png"))
        try FileManager.default.copyItem(at: Fixture.example, to: folder.appendingPathComponent(Fixture.example.lastPathComponent))
        let memo = Fixture.root.appendingPathComponent("Examples/memo-measures-approval.yaml")
        let data = folder.appendingPathComponent("memo.yaml")
        try Data((try String(contentsOf: memo, encoding: .utf8) + "emblem: emblem.png\n").utf8).write(to: data)
        let pdf = folder.appendingPathComponent("memo.pdf")
        let result = try runTool(Fixture.binary.path, ["render", "-q", data.path, "-o", pdf.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let tree = try tree(pdf)
        XCTAssertEqual(tree.alternate.first, "ตราครุฑ")
        XCTAssertEqual(tree.texts("H1").first, "บันทึกข้อความ")
        // The secrecy mark is read once, where it first stands; its copies are artifacts.
        XCTAssertEqual(tree.elements.filter { $0.text == "ลับ" }.count, 1)
        XCTAssertTrue(tree.artifacts[0].contains("ลับ"), "\(tree.artifacts[0])")
        XCTAssertEqual(tree.unmarked, [])
    }

    /// Tagging adds marks around the text, never text: pdftotext reads the same either way.
    func testTaggingLeavesTheTextAsItWas() throws {
        let tagged = try render(Fixture.example), untagged = try render(Fixture.example, tagged: false)
        XCTAssertEqual(try runTool("pdfinfo", [untagged.path]).stdout.contains("Tagged:          no"), true)
        XCTAssertEqual(try runTool("pdfinfo", [tagged.path]).stdout.contains("Tagged:          yes"), true)
        for mode in ["-layout", "-raw"] {
            XCTAssertEqual(try runTool("pdftotext", [mode, tagged.path, "-"]).stdout, try runTool("pdftotext", [mode, untagged.path, "-"]).stdout, mode)
        }
        XCTAssertEqual(try runTool("qpdf", ["--check", tagged.path]).status, 0)
    }

    func flatten(_ entries: [ListEntry]) -> [ListEntry] { entries.flatMap { [$0] + flatten($0.children) } }

    func nestedLists(_ entries: [ListEntry]) -> Int {
        entries.reduce(0) { $0 + ($1.children.isEmpty ? 0 : 1 + nestedLists($1.children)) }
    }
}
