import Foundation
import SarabanITA

/// What a batch did with each row: `manifest.json` and `manifest.csv` in the output folder.
struct BatchManifest: Codable {
    struct Finding: Codable, Hashable {
        var code: String
        var severity: String
        var file: String
        var line: Int
        var column: Int
        var field: String
        var message: String
    }

    struct Entry: Codable, Equatable {
        /// `writing` appears only in the journal: the row's PDF, with this digest, is about to be renamed into
        /// place (see `BatchRunner.render`).
        enum Status: String, Codable { case rendered, upToDate = "up-to-date", failed, notRun = "not-run", writing }
        var row: Int
        var agency: String
        var abbreviation: String
        var file: String?
        var pages: Int?
        var sha256: String?
        var status: Status
        var findings: [Finding]
        /// A digest of everything the output depends on: with an unchanged file, `--resume` skips the row.
        var fingerprint: String
        var milliseconds: Int?
    }

    var saraban: String
    var template: String
    var table: String
    var shard: String?
    var rows: [Entry]
    /// A batch's own rows, made one at a time from its journal when the manifest is written (then `rows` is
    /// empty): holding 2,000 entries with their findings for a whole batch made its memory grow with its size.
    var rowSource: RowSource?

    struct RowSource {
        let count: Int
        let entry: (Int) -> Entry
        let statuses: [Entry.Status]
    }

    enum CodingKeys: String, CodingKey { case saraban, template, table, shard, rows }

    init(saraban: String, template: String, table: String, shard: String?, rows: [Entry] = [], rowSource: RowSource? = nil) {
        (self.saraban, self.template, self.table, self.shard, self.rows, self.rowSource) = (saraban, template, table, shard, rows, rowSource)
    }

    /// Every row, in order, whichever way they are held.
    func forEachRow(_ body: (Entry) throws -> Void) rethrows {
        if let rowSource {
            for index in 0..<rowSource.count { try body(rowSource.entry(index)) }
        } else {
            for entry in rows { try body(entry) }
        }
    }

    var statuses: [Entry.Status] { rowSource?.statuses ?? rows.map(\.status) }

    static func load(_ folder: URL) -> BatchManifest? {
        load(file: folder.appendingPathComponent("manifest.json"))
    }

    /// Writes manifest.json (and, for the final manifest, manifest.csv) entry by entry, so that writing the
    /// manifest of 2,000 rows needs the memory of one row, not a JSON tree of the whole (JSONEncoder builds one,
    /// and for a large batch it was the largest allocation of the run). The text is what JSONEncoder writes
    /// with sorted keys and pretty printing.
    func write(to folder: URL, name: String = "manifest") throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(to: folder.appendingPathComponent("\(name).json")) { append in
            try append(Data("{\n  \"rows\" : [".utf8))
            var first = true
            try forEachRow { entry in
                let lines = String(decoding: try encoder.encode(entry), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                try append(Data(((first ? "\n" : ",\n") + lines.map { "    " + $0 }.joined(separator: "\n")).utf8))
                first = false
            }
            var tail = (first ? "\n\n  ],\n" : "\n  ],\n") + "  \"saraban\" : \(try quoted(saraban, encoder)),\n"
            if let shard { tail += "  \"shard\" : \(try quoted(shard, encoder)),\n" }
            tail += "  \"table\" : \(try quoted(table, encoder)),\n  \"template\" : \(try quoted(template, encoder))\n}"
            try append(Data(tail.utf8))
        }
        if name == "manifest" {
            try AtomicFile.write(to: folder.appendingPathComponent("manifest.csv")) { append in
                try csvLines { line in try append(Data((line + "\r\n").utf8)) }
            }
        }
    }

    /// A JSON string, escaped as JSONEncoder escapes it.
    private func quoted(_ text: String, _ encoder: JSONEncoder) throws -> String {
        String(decoding: try encoder.encode([text]), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines).dropFirst().dropLast().trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func load(file url: URL) -> BatchManifest? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? JSONDecoder().decode(BatchManifest.self, from: data)
    }

    /// The CSV manifest, handed over a line at a time.
    func csvLines(_ line: (String) throws -> Void) rethrows {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        try line("row,agency,abbreviation,file,pages,sha256,status,findings")
        try forEachRow { entry in
            let findings = entry.findings.map { "\($0.severity)[\($0.code)] \($0.field): \($0.message)" }.joined(separator: "; ")
            try line([String(entry.row), entry.agency, entry.abbreviation, entry.file ?? "", entry.pages.map(String.init) ?? "",
                      entry.sha256 ?? "", entry.status.rawValue, findings].map(field).joined(separator: ","))
        }
    }
}

/// The findings of a batch's rows, kept once each: most rows repeat the template's warnings word for word
/// (7 on the example, about 3 KB), and a String copied from the kept one shares its storage, so 2,000 rows
/// hold 2,000 small arrays rather than 14,000 copies of the same messages.
final class FindingTable: @unchecked Sendable {
    private let lock = NSLock()
    private var known: Set<BatchManifest.Finding> = []
    private var knownLists: Set<[BatchManifest.Finding]> = []

    /// `findings` as a list already kept (most rows have the template's), or made of kept findings.
    func shared(_ findings: [BatchManifest.Finding]) -> [BatchManifest.Finding] {
        lock.lock()
        defer { lock.unlock() }
        if let kept = knownLists.firstIndex(of: findings) { return knownLists[kept] }
        let list = findings.map { finding in
            if let kept = known.firstIndex(of: finding) { return known[kept] }
            known.insert(finding)
            return finding
        }
        knownLists.insert(list)
        return list
    }
}
