import XCTest
import SarabanFiles
import Foundation

/// Inputs a careless or hostile user gives: each must get its exact message and a non-zero exit, and leave the
/// folder as it was — no file created, no file removed, nothing replaced.
final class SafetyTests: XCTestCase {
    struct Case {
        let name: String
        let arguments: (URL) -> [String]
        let message: String
        var status: Int32 = 1
    }

    /// Everything below `folder`, with each file's bytes: what a user would see with `ls -R` and `cmp`.
    func snapshot(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in enumerator {
            let relative = String(url.path.dropFirst(folder.path.count))
            let values = try url.resourceValues(forKeys: [.isRegularFileKey])
            result[relative] = values.isRegularFile == true ? try Data(contentsOf: url) : Data("<not a file>".utf8)
        }
        return result
    }

    /// A folder with the example, a layout, a folder full of files, a FIFO and a PNG header claiming 20,000 × 20,000 pixels.
    func workspace() throws -> URL {
        let folder = try Fixture.temporaryFolder()
        try FileManager.default.copyItem(at: Fixture.example, to: folder.appendingPathComponent("ex.yaml"))
        let full = folder.appendingPathComponent("full")
        try FileManager.default.createDirectory(at: full, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: full.appendingPathComponent("notes.txt"))
        XCTAssertEqual(mkfifo(folder.appendingPathComponent("pipe.png").path, 0o644), 0)
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        png += [0, 0, 0x4E, 0x20, 0, 0, 0x4E, 0x20, 8, 6, 0, 0, 0, 0, 0, 0, 0]
        try Data(png).write(to: folder.appendingPathComponent("huge.png"))
        // Sides of 2³² − 1: their product does not fit in an Int, and once trapped saraban.
        png.replaceSubrange(16..<24, with: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        try Data(png).write(to: folder.appendingPathComponent("overflow.png"))
        return folder
    }

    func variant(_ folder: URL, _ name: String, replacing old: String, with new: String) throws -> String {
        let text = try String(contentsOf: Fixture.example, encoding: .utf8)
        XCTAssertTrue(text.contains(old), old)
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: folder.appendingPathComponent(name))
        return folder.appendingPathComponent(name).path
    }

    func layoutVariant(_ folder: URL, _ name: String, replacing old: String, with new: String) throws -> String {
        let text = try String(contentsOf: Fixture.layout, encoding: .utf8)
        XCTAssertTrue(text.contains(old), old)
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: folder.appendingPathComponent(name))
        return folder.appendingPathComponent(name).path
    }

    func testBadInputsGiveTheirMessageAndTouchNothing() throws {
        let folder = try workspace()
        let ex = folder.appendingPathComponent("ex.yaml").path
        // Data and layout variants are made first: they are part of the folder the commands must leave alone.
        let huge = try variant(folder, "huge-score.yaml", replacing: "1: 98.10", with: "1: 1e19")
        let infinite = try variant(folder, "infinite.yaml", replacing: "1: 98.10", with: "1: Infinity")
        let overflowing = try variant(folder, "overflow.yaml", replacing: "1: 98.10", with: "1: 1e400")
        let folderImage = try variant(folder, "folder-image.yaml", replacing: "    name: นายเสกฐวุฒิ กลิ่นหอม\n",
                                      with: "    name: นายเสกฐวุฒิ กลิ่นหอม\n    signature: full\n")
        let fifoImage = try variant(folder, "fifo-image.yaml", replacing: "    name: นายเสกฐวุฒิ กลิ่นหอม\n",
                                    with: "    name: นายเสกฐวุฒิ กลิ่นหอม\n    signature: pipe.png\n")
        let hugeImage = try variant(folder, "huge-image.yaml", replacing: "    name: นายเสกฐวุฒิ กลิ่นหอม\n",
                                    with: "    name: นายเสกฐวุฒิ กลิ่นหอม\n    signature: huge.png\n")
        let overflowImage = try variant(folder, "overflow-image.yaml", replacing: "    name: นายเสกฐวุฒิ กลิ่นหอม\n",
                                        with: "    name: นายเสกฐวุฒิ กลิ่นหอม\n    signature: overflow.png\n")
        var bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1..<10 { bomb.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]") }
        try Data((bomb + ["summary: *a9"]).joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("bomb.yaml"))
        try Data((bomb + ["scores: {*a9 : 1}"]).joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("key-bomb.yaml"))
        // Keys without a ":" after the alias: an entry of a flow mapping, a flow sequence as a key (found by make fuzz).
        try Data((bomb + ["scores: {x: 1, *a9 }"]).joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("entry-bomb.yaml"))
        try Data((bomb + ["[*a9]: 1"]).joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("sequence-key-bomb.yaml"))
        let zeroFont = try layoutVariant(folder, "zero.yaml", replacing: "  size_pt: 16\n", with: "  size_pt: 0\n")
        // The line the font size stands on, counted in the layout file itself.
        let fontLine = try String(contentsOf: Fixture.layout, encoding: .utf8).components(separatedBy: "\n")
            .firstIndex(of: "  size_pt: 16").map { $0 + 1 } ?? 0
        let hugeFont = try layoutVariant(folder, "hugefont.yaml", replacing: "  size_pt: 16\n", with: "  size_pt: 1000000\n")
        let negativePitch = try layoutVariant(folder, "pitch.yaml", replacing: "line_pitch_pt: 22", with: "line_pitch_pt: -22")
        let wideMargin = try layoutVariant(folder, "margin.yaml", replacing: "  left: 3\n", with: "  left: 30\n")
        let narrowText = try layoutVariant(folder, "narrow.yaml", replacing: "  left: 3\n", with: "  left: 18\n")

        let cases: [Case] = [
            Case(name: "output is the input", arguments: { _ in ["render", ex, "-o", ex] }, message: "it is the input"),
            Case(name: "init over a folder", arguments: { f in ["init", f.appendingPathComponent("full").path, "--force"] },
                 message: "it is a folder; saraban never replaces a folder"),
            Case(name: "sign over its input", arguments: { f in ["sign", f.appendingPathComponent("ex.yaml").path, "-o", ex, "--key", "k", "--cert", "c"] },
                 message: "it is the input"),
            Case(name: "score 1e19", arguments: { _ in ["render", huge] }, message: "scores.1: expected a score from 0 to 100, found 1e+19"),
            Case(name: "score Infinity", arguments: { _ in ["render", infinite] }, message: "scores.1: expected a finite number, found \"Infinity\""),
            Case(name: "score 1e400", arguments: { _ in ["render", overflowing] }, message: "scores.1: expected a finite number, found \"1e400\""),
            Case(name: "image is a folder", arguments: { _ in ["render", folderImage] }, message: "is a folder; expected a PNG image"),
            Case(name: "image is a FIFO", arguments: { _ in ["render", fifoImage] }, message: "is not a regular file (a pipe or a device)"),
            Case(name: "image of 400 megapixels", arguments: { _ in ["render", hugeImage] },
                 message: "is 20000 × 20000 pixels; at most 50 megapixels are accepted"),
            Case(name: "image of 2³² × 2³² pixels", arguments: { _ in ["render", overflowImage] },
                 message: "is 4294967295 × 4294967295 pixels; at most 50 megapixels are accepted"),
            Case(name: "data is a FIFO", arguments: { f in ["render", f.appendingPathComponent("pipe.png").path, "-o", f.appendingPathComponent("x.pdf").path] },
                 message: "is not a regular file (a pipe or a device); expected a YAML or JSON data file"),
            Case(name: "alias expansion", arguments: { f in ["check", f.appendingPathComponent("bomb.yaml").path] },
                 message: "with its aliases (*name) expanded, has more than 200000 values", status: 2),
            Case(name: "alias as a key", arguments: { f in ["check", f.appendingPathComponent("key-bomb.yaml").path] },
                 message: "key-bomb.yaml:11:10: error[yaml-syntax]: an alias (*name) cannot be a key", status: 2),
            Case(name: "alias as a flow mapping's entry", arguments: { f in ["check", f.appendingPathComponent("entry-bomb.yaml").path] },
                 message: "entry-bomb.yaml:11:16: error[yaml-syntax]: an alias (*name) cannot be a key", status: 2),
            Case(name: "alias in a sequence that is a key", arguments: { f in ["check", f.appendingPathComponent("sequence-key-bomb.yaml").path] },
                 message: "sequence-key-bomb.yaml:11:2: error[yaml-syntax]: an alias (*name) cannot be a key", status: 2),
            Case(name: "font size 0", arguments: { f in ["render", ex, "-o", f.appendingPathComponent("x.pdf").path, "--layout", zeroFont] },
                 message: "zero.yaml:\(fontLine):12: error[invalid-value]: font.size_pt: expected 4–96 pt, found 0"),
            Case(name: "font size 10^6", arguments: { f in ["render", ex, "-o", f.appendingPathComponent("x.pdf").path, "--layout", hugeFont] },
                 message: "font.size_pt: expected 4–96 pt, found 1000000"),
            Case(name: "negative line pitch", arguments: { f in ["render", ex, "-o", f.appendingPathComponent("x.pdf").path, "--layout", negativePitch] },
                 message: "font.line_pitch_pt: expected 4–200 pt, found -22"),
            Case(name: "30 cm margin", arguments: { f in ["render", ex, "-o", f.appendingPathComponent("x.pdf").path, "--layout", wideMargin] },
                 message: "margins_cm.left: expected 0–20 cm, found 30"),
            Case(name: "no text width", arguments: { f in ["render", ex, "-o", f.appendingPathComponent("x.pdf").path, "--layout", narrowText] },
                 message: "margins_cm: the margins leave a text width of 1.0 cm, too narrow for ten letters"),
            Case(name: "reserve of two billion", arguments: { f in ["render", ex, "-o", f.appendingPathComponent("x.pdf").path,
                                                                    "--sign-key", "k", "--sign-cert", "c", "--reserve", "2000000000"] },
                 message: "--reserve expects 2048 to 262144 hex digits, found 2000000000"),
        ]
        for check in cases {
            let before = try snapshot(folder)
            let result = try runTool(Fixture.binary.path, check.arguments(folder))
            XCTAssertEqual(result.status, check.status, "\(check.name): \(result.stderr)")
            XCTAssertTrue((result.stdout + result.stderr).contains(check.message), "\(check.name): \(result.stdout + result.stderr)")
            XCTAssertEqual(try snapshot(folder).keys.sorted(), before.keys.sorted(), "\(check.name): files created or removed")
            XCTAssertEqual(try snapshot(folder), before, "\(check.name): a file was changed")
        }
    }

    func testOutputFolderGetsTheFileInsideIt() throws {
        let folder = try workspace()
        let before = try snapshot(folder.appendingPathComponent("full"))
        let result = try runTool(Fixture.binary.path, ["render", folder.appendingPathComponent("ex.yaml").path, "-o",
                                                       folder.appendingPathComponent("full").path, "-q"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let after = try snapshot(folder.appendingPathComponent("full"))
        XCTAssertEqual(after["/notes.txt"], before["/notes.txt"])
        XCTAssertEqual(after["/ex.pdf"]?.prefix(5), Data("%PDF-".utf8))
    }

    /// A killed run's temporary file is removed by the next batch; a live process's, and any other file, are not.
    func testStaleTemporaryFilesOfAKilledRunAreRemovedAndNothingElse() throws {
        let folder = try Fixture.temporaryFolder()
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let stale = ".row.pdf.\(finished.processIdentifier).ABCDEF12.tmp", live = ".row.pdf.\(getpid()).ABCDEF12.tmp"
        for name in [stale, live, ".notes.tmp", "row.pdf", ".row.pdf.12.NOTHEX!!.tmp"] {
            try Data("x".utf8).write(to: folder.appendingPathComponent(name))
        }
        XCTAssertEqual(AtomicFile.removeStaleTemporaries(in: folder), [stale])
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)),
                       [live, ".notes.tmp", "row.pdf", ".row.pdf.12.NOTHEX!!.tmp"])
    }

    func testAWordWiderThanTheLineIsCutWithAWarningAndNothingIsLost() throws {
        let word = String(repeating: "ก", count: 100) + String(repeating: "ข", count: 100) + String(repeating: "ค", count: 100)
        let folder = try Fixture.temporaryFolder()
        let text = try String(contentsOf: Fixture.example, encoding: .utf8)
        let data = folder.appendingPathComponent("long.yaml")
        try Data(text.replacingOccurrences(of: "introduction: >-\n  {{agency.name}}", with: "introduction: >-\n  \(word) {{agency.name}}").utf8).write(to: data)
        XCTAssertTrue(try String(contentsOf: data, encoding: .utf8).contains(word))
        let pdf = folder.appendingPathComponent("long.pdf")
        let result = try runTool(Fixture.binary.path, ["render", data.path, "-o", pdf.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("warning[word-wider-than-line]"), result.stderr)
        let extracted = try runTool("pdftotext", [pdf.path, "-"]).stdout.replacingOccurrences(of: "\n", with: "")
        XCTAssertTrue(extracted.contains(word), "every letter of the word is in the PDF")
        let boxes = try runTool("pdftotext", ["-bbox", pdf.path, "-"]).stdout
        let rights = boxes.components(separatedBy: "xMax=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        XCTAssertFalse(rights.isEmpty)
        XCTAssertLessThanOrEqual(rights.max()!, 595.3, "nothing is set past the paper's right edge")
    }
}
