import Foundation
import SarabanModel

/// What a batch did with each row: `manifest.json` and `manifest.csv` in the output folder.
struct BatchManifest: Codable {
    struct Finding: Codable, Equatable {
        var code: String
        var severity: String
        var file: String
        var line: Int
        var column: Int
        var field: String
        var message: String
    }

    struct Entry: Codable, Equatable {
        enum Status: String, Codable { case rendered, upToDate = "up-to-date", failed, notRun = "not-run" }
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

    static func load(_ folder: URL) -> BatchManifest? {
        load(file: folder.appendingPathComponent("manifest.json"))
    }

    func write(to folder: URL, name: String = "manifest") throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(self), to: folder.appendingPathComponent("\(name).json"))
        if name == "manifest" { try AtomicFile.write(Data(csv().utf8), to: folder.appendingPathComponent("manifest.csv")) }
    }

    static func load(file url: URL) -> BatchManifest? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? JSONDecoder().decode(BatchManifest.self, from: data)
    }

    func csv() -> String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = ["row,agency,abbreviation,file,pages,sha256,status,findings"]
        for entry in rows {
            let findings = entry.findings.map { "\($0.severity)[\($0.code)] \($0.field): \($0.message)" }.joined(separator: "; ")
            lines.append([String(entry.row), entry.agency, entry.abbreviation, entry.file ?? "", entry.pages.map(String.init) ?? "",
                          entry.sha256 ?? "", entry.status.rawValue, findings].map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
