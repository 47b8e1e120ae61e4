import ArgumentParser
import Foundation
import SarabanFiles
import PDFSyntax
import SarabanData
import SarabanITA
import SarabanCheck
import SarabanPDF
import SarabanBlocks

/// The data a PDF was made from, carried inside it (`render --embed-data`) as associated files with the
/// relationship /Source, each with its MD5 checksum, size and date, so that a recipient can take the data
/// out again (`saraban extract`) and re-check every number by machine (`saraban check FILE.pdf`).
enum SourceData {
    /// The data file first, then the files it names and needs to be read again (a measures report's analysis
    /// library, logo and signature images; the report a memo or letter sets into its PDF, with the report's own),
    /// each under its path relative to the data file's folder.
    static func files(for input: URL) throws -> [FileAttachments.File] {
        var urls = [input]
        if DocumentKind.named(in: input).map({ $0 == DocumentKind.itaMeasures.rawValue }) ?? true {
            urls += try namedByReport(input)
        } else if let document = try KindDocument(try YAMLValue.load(contentsOf: input), input: input) {
            for report in document.enclosedReports {
                urls += [report] + (try namedByReport(report))
            }
        }
        let folder = input.deletingLastPathComponent().standardizedFileURL.path + "/"
        var seen = Set<String>()
        return try urls.map(\.standardizedFileURL).filter { seen.insert($0.path).inserted }.map { url in
            guard url.path.hasPrefix(folder) else {
                throw DataError(location: SourceLocation(file: input.path, line: 0, column: 0), field: "",
                                message: "cannot embed \(url.path): only files in the data file's folder (or below it) are carried with the data",
                                code: "embed-outside-folder", thai: "ฝังไฟล์ \(url.path) ไม่ได้ เพราะอยู่นอกโฟลเดอร์ของไฟล์ข้อมูล")
            }
            let data = try InputFile.read(url, what: "a file the data names", limit: InputFile.tableLimit)
            var file = FileAttachments.File(name: String(url.path.dropFirst(folder.count)), description: "ข้อมูลต้นฉบับ (source data)", data: data)
            file.mimeType = mimeType(url)
            file.relationship = "Source"
            file.modified = modified(url)
            return file
        }
    }

    /// The files a measures report names that its render reads: its analysis library, logo and signature images.
    static func namedByReport(_ report: URL) throws -> [URL] {
        let document = try MeasuresDocument.load(contentsOf: report)
        var urls: [URL] = []
        if let library = document.library, library.file != document.file { urls.append(URL(fileURLWithPath: library.file)) }
        return urls + [document.agency.logo?.url].compactMap { $0 } + document.signatories.compactMap { $0.signature?.url }
    }

    static func embedding(_ input: URL, in pdf: Data) throws -> Data {
        try FileAttachments.embed(files(for: input), in: pdf, file: input.path)
    }

    static func mimeType(_ url: URL) -> String {
        switch url.pathExtension.lowercased() {
        case "yaml", "yml": return "application/yaml"
        case "json": return "application/json"
        case "png": return "image/png"
        default: return "application/octet-stream"
        }
    }

    /// SOURCE_DATE_EPOCH when set (reproducible output), else the file's modification time; as a PDF date in UTC.
    static func modified(_ url: URL) -> String? {
        let environment = EnvironmentVariable.value("SOURCE_DATE_EPOCH").flatMap(Double.init)
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        guard let date = environment.map({ Date(timeIntervalSince1970: $0) }) ?? attributes?[.modificationDate] as? Date else { return nil }
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "D:%04d%02d%02d%02d%02d%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    /// The embedded source files of a PDF, refused as a whole when any was altered after the PDF was made.
    static func read(_ pdf: URL) throws -> [FileAttachments.Extracted] {
        try read(try InputFile.read(pdf, what: "a PDF", limit: InputFile.pdfLimit), of: pdf)
    }

    static func read(_ data: Data, of pdf: URL) throws -> [FileAttachments.Extracted] {
        let files = try FileAttachments.extract(from: data, file: pdf.path).filter { $0.relationship == "Source" }
        guard !files.isEmpty else {
            throw ValidationError("\(pdf.path) carries no source data (render it with --embed-data)")
        }
        if let altered = files.first(where: { !$0.intact }) {
            throw ValidationError("\(pdf.path): the embedded \(altered.name) does not match the checksum recorded when the PDF was made: it was altered")
        }
        return files
    }

    /// A relative name from inside a PDF made safe to write: no absolute path, no "..", no hidden file.
    static func safeRelativePath(_ name: String) -> String? {
        let parts = name.split(separator: "/").map(String.init)
        guard !name.hasPrefix("/"), !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." || $0.hasPrefix(".") }),
              !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
        return parts.joined(separator: "/")
    }

    /// Writes the files under `folder`; an existing file is replaced only when `replace`.
    /// Every name and target is checked before any file is written: a bad one leaves no partial set behind.
    static func write(_ files: [FileAttachments.Extracted], to folder: URL, replace: Bool, from pdf: URL) throws -> [URL] {
        let paths = try files.map { file in
            guard let relative = safeRelativePath(file.name) else {
                throw ValidationError("\(pdf.path): the embedded file name \"\(file.name)\" is not a safe relative path; nothing written")
            }
            let target = folder.appendingPathComponent(relative)
            try AtomicFile.checkTarget(target, existing: replace ? .mayReplace : .mustNotExist, inputs: [pdf])
            return relative
        }
        return try zip(files, paths).map { file, relative in
            let target = folder.appendingPathComponent(relative)
            try AtomicFile.makeFolder(target.deletingLastPathComponent())
            try AtomicFile.write(file.data, to: target, existing: replace ? .mayReplace : .mustNotExist, inputs: [pdf])
            return target
        }
    }
}

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Write out the source data a PDF carries (render --embed-data), byte for byte.",
        discussion: "Each file's checksum is verified first: an altered file is an error and nothing is written."
    )

    @Argument(help: "The PDF.")
    var file: String

    @Option(name: .shortAndLong, help: "The folder to write into (default: the current folder).")
    var output: String = "."

    @Flag(help: "Replace files that already exist.")
    var force = false

    func run() throws {
        do {
            let pdf = URL(fileURLWithPath: file)
            let written = try SourceData.write(try SourceData.read(pdf), to: URL(fileURLWithPath: output), replace: force, from: pdf)
            for url in written { print("wrote \(url.path)") }
        } catch {
            throw reportFailure(error)
        }
    }
}

extension Check {
    /// `saraban check FILE.pdf`: the checks run on the data the PDF carries, taken out into a temporary folder
    /// (removed after); findings name the file inside the PDF (`FILE.pdf#data.yaml:12:3`).
    func checkEmbedded(_ pdf: URL) throws -> (CheckReport, String) {
        let bytes = try InputFile.read(pdf, what: "a PDF", limit: InputFile.pdfLimit)
        let files = try SourceData.read(bytes, of: pdf)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("saraban-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let written = try SourceData.write(files, to: folder, replace: false, from: pdf)
        var report = RenderPipeline().check(written[0])
        // The numbers of every report in the file (the document itself, or the one a memo or letter sets in) must be
        // the ones its pages show.
        if report.errors == 0 {
            // A memo, a letter, an analysis library or an image reads as no report: passed over.
            for data in written where (try? MeasuresDocument.load(contentsOf: data)) != nil {
                report = CheckReport(file: report.file, findings: report.findings + (try Self.numbersNotShown(in: bytes, of: pdf, data: data)))
            }
        }
        let text = format == .text ? report.text(lang) : try report.json(lang)
        return (report, text.replacingOccurrences(of: folder.path + "/", with: pdf.path + "#"))
    }

    /// What the PDF shows against what its data computes: each summary row of the score table (the total, the
    /// rating), as the data gives it, must be in the text a reader extracts from the PDF's pages. Digits are
    /// compared as numbers, Thai or Arabic alike, and white space is ignored, as a reader's eye ignores it.
    static func numbersNotShown(in bytes: Data, of pdf: URL, data: URL) throws -> [Finding] {
        let blocks = try RenderPipeline().blocks(for: data)
        let shown = comparable(try PageText(PDFStructure([UInt8](bytes), file: pdf.path)).pages().joined())
        let rows = blocks.blocks.flatMap { block -> [TableRow] in
            if case .table(let table) = block { return table.rows.filter(\.isSummary) }
            return []
        }
        return rows.compactMap { row in
            let expected = row.cells.map(\.text.plainText).joined(separator: " ")
            guard !shown.contains(comparable(expected)) else { return nil }
            return Finding("pdf-shows-other-numbers", .error, at: SourceLocation(file: pdf.path, line: 0, column: 0), field: "scores",
                           en: "the PDF does not show \"\(expected)\", which its embedded data computes: the pages and the data disagree",
                           th: "เอกสาร PDF ไม่แสดง \"\(expected)\" ตามที่คำนวณได้จากข้อมูลที่แนบมา: เนื้อหาในหน้าเอกสารกับข้อมูลไม่ตรงกัน")
        }
    }

    static func comparable(_ text: String) -> String {
        String(text.unicodeScalars.compactMap { scalar -> Character? in
            if CharacterSet.whitespacesAndNewlines.contains(scalar) { return nil }
            if (0x0E50...0x0E59).contains(scalar.value) { return Character(Unicode.Scalar(scalar.value - 0x0E50 + 0x30)!) }
            return Character(scalar)
        })
    }
}
