import Foundation
import XCTest

/// Paths and tools the tests share.
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let example = root.appendingPathComponent("Examples/ita-measures-tak2-2566.yaml")
    /// The central office's template: shared text and an analysis library; each row's analysis chosen by its scores.
    static let batchTemplate = root.appendingPathComponent("Examples/batch/template.yaml")
    static let layout = root.appendingPathComponent("Layouts/ita-measures.yaml")
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
    /// NACC's published scores: from ../shared when it is beside the project, else the copy in Tests/Fixtures.
    static var publishedScores: URL {
        let beside = shared.appendingPathComponent("data/ita-published-scores.csv")
        return FileManager.default.fileExists(atPath: beside.path) ? beside : root.appendingPathComponent("Tests/Fixtures/ita-published-scores.csv")
    }
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("saraban")
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("saraban-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A table of `rows` generated offices with varied scores (Benchmarks/make-table.py), as CSV in a fresh folder.
    static func generatedTable(rows: Int) throws -> URL {
        let url = try temporaryFolder().appendingPathComponent("agencies.csv")
        let result = try runTool("python3", [root.appendingPathComponent("Benchmarks/make-table.py").path, String(rows)])
        XCTAssertEqual(result.status, 0, result.stderr)
        try Data(result.stdout.utf8).write(to: url)
        return url
    }

    /// A data file written from `yaml` into a fresh folder.
    static func dataFile(_ yaml: String, name: String = "data.yaml") throws -> URL {
        let url = try temporaryFolder().appendingPathComponent(name)
        try Data(yaml.utf8).write(to: url)
        return url
    }

    /// A data file in a folder of its own beside a copy of the measures example, for an example memo or letter
    /// that sets the report into its PDF (`attachments: - file: ita-measures-tak2-2566.yaml`).
    static func dataFileBesideTheReport(_ yaml: String, name: String = "data.yaml") throws -> URL {
        let url = try dataFile(yaml, name: name)
        try FileManager.default.copyItem(at: example, to: url.deletingLastPathComponent().appendingPathComponent(example.lastPathComponent))
        return url
    }

    /// The example with `old` replaced by `new` (the replacement must happen).
    static func exampleVariant(replacing old: String, with new: String, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let text = try String(contentsOf: example, encoding: .utf8)
        XCTAssertTrue(text.contains(old), "the example no longer contains \(old)", file: file, line: line)
        return try dataFile(text.replacingOccurrences(of: old, with: new))
    }
}

struct ToolResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs a program; a missing tool fails the test with the package to install, never skips it.
@discardableResult
func runTool(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ToolResult {
    let process = Process()
    if tool.hasPrefix("/") {
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
    } else {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
    }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    // Nothing to read: a tool that would ask on the terminal (a password) must fail, not wait for the tester.
    process.standardInput = FileHandle.nullDevice
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let result = ToolResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                            stderr: String(decoding: errData, as: UTF8.self))
    if result.status == 127 {
        XCTFail("\(tool) is not installed (make test installs poppler-utils, qpdf, mupdf-tools)")
    }
    return result
}

extension String {
    /// The text without any white space: what "white space aside" compares.
    var withoutWhiteSpace: String { String(unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init)) }
}

/// A command refused as a user needs it: a non-zero exit, the message that says what is wrong, and nothing made at
/// `output` (no half-written file, no folder).
func assertRefused(_ result: ToolResult, saying message: String, madeNothingAt output: URL,
                   file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertNotEqual(result.status, 0, file: file, line: line)
    XCTAssertTrue(result.stderr.contains(message), result.stderr, file: file, line: line)
    XCTAssertFalse(FileManager.default.fileExists(atPath: output.path), "no output is left behind", file: file, line: line)
}
