import Foundation
import Yams
import SarabanData
import SarabanITA
import SarabanPDF

/// A table row's document as a data file of its own, for `batch --table … --embed-data`: the template's data with
/// the row's cells put in where its columns say, so that the PDF carries exactly what it was rendered from and
/// `saraban check FILE.pdf` re-checks that office's numbers, not the template's.
///
/// The file is made at the YAML level (the template's nodes, edited), read back as `render` would read it, and
/// compared with the document the row rendered: a difference is an error for that row, never a PDF that carries
/// other data than it shows. Images a row names (a logo, a signature) travel under their own file names.
struct ResolvedRow {
    let template: URL
    let row: BatchTable.Row
    /// The row's document as the batch rendered it.
    let rendered: MeasuresDocument

    /// The files the PDF carries: the resolved data file (`NAME.yaml`), then the files it names.
    func files(named name: String) throws -> [FileAttachments.File] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("saraban-row-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The template's own files (its analysis library, images), at the same places relative to the data.
        for file in try SourceData.files(for: template).dropFirst() {
            let url = folder.appendingPathComponent(file.name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.data.write(to: url)
        }
        let data = folder.appendingPathComponent(name + ".yaml")
        try Data(try yaml(copyingImagesTo: folder).utf8).write(to: data)
        let readBack = try MeasuresDocument.load(contentsOf: data)
        guard Self.summary(readBack) == Self.summary(rendered) else {
            throw DataError(location: row.location("agency.name"), field: "", message: "the row's data, written out to be carried in its PDF, does not read back as the row: it is not embedded, and the row fails",
                            code: "embed-mismatch", thai: "ข้อมูลของแถวที่จะฝังใน PDF อ่านกลับได้ไม่ตรงกับแถว จึงไม่ฝังและถือว่าแถวนี้ไม่สำเร็จ")
        }
        return try SourceData.files(for: data)
    }

    /// What must agree between the rendered document and the one read back: every value a row can give.
    static func summary(_ document: MeasuresDocument) -> String {
        let scores: [String] = document.scores.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let signatories: [String] = document.signatories.map { signatory in
            let role: String = signatory.role?.value ?? ""
            let positions: String = signatory.positions.map(\.value).joined(separator: "|")
            return [signatory.name.value, role, positions, signatory.signature?.url.lastPathComponent ?? ""].joined(separator: "/")
        }
        var fields: [String] = [document.agency.name.value, document.agency.abbreviation.value]
        fields.append(document.agency.logo?.url.lastPathComponent ?? "")
        fields += [String(document.year), String(document.measuresYear), String(describing: document.date)]
        fields.append(document.title?.value ?? "")
        fields.append(scores.joined(separator: ","))
        fields.append(document.published.total.map { String($0) } ?? "")
        fields.append(document.published.rating ?? "")
        fields.append(signatories.joined(separator: ";"))
        fields += [document.options.numerals.rawValue, document.options.tableNumerals.rawValue]
        return fields.joined(separator: "\n")
    }

    /// The template's YAML with the row's cells in it.
    func yaml(copyingImagesTo folder: URL) throws -> String {
        let text = try String(contentsOf: template, encoding: .utf8)
        guard let parsed = try Yams.compose(yaml: text), var root = parsed.mapping else {
            throw DataError(location: SourceLocation(file: template.path, line: 1, column: 1), field: "", message: "expected a mapping of fields",
                            code: "invalid-value", thai: "ต้องเป็นชุดของช่องข้อมูล")
        }
        let given = row.columns.filter { row.value($0) != nil && $0 != "file" }
        let scoreColumns = given.filter { $0.hasPrefix("scores.") }
        if !scoreColumns.isEmpty {
            // A row's own scores replace the template's, and only its own published figures go with them.
            root.set("scores", .mapping(.init(scoreColumns.map { (Node(String($0.dropFirst("scores.".count))), Node(row.value($0)!)) })))
            root.set("published", nil)
        }
        for column in given where !column.hasPrefix("scores.") {
            try put(column, row.value(column)!, in: &root, images: folder)
        }
        if given.contains("year"), !given.contains("measures_year"), let templateYear = root.scalar("year").flatMap(Int.init),
           let templateMeasures = root.scalar("measures_year").flatMap(Int.init), templateMeasures == templateYear + 1,
           let year = Int(row.value("year")!) {
            root.set("measures_year", Node(String(year + 1)))
        }
        return try Yams.serialize(node: .mapping(root), allowUnicode: true)
    }

    func put(_ column: String, _ value: String, in root: inout Node.Mapping, images folder: URL) throws {
        let path = column.split(separator: ".").map(String.init)
        switch path.first {
        case "signatories":
            guard path.count == 3, let index = Int(path[1]) else { return }
            var list = root.node("signatories")?.sequence ?? Node.Sequence([])
            while list.count < index { list.append(.mapping(.init([]))) }
            var signatory = list[index - 1].mapping ?? Node.Mapping([])
            let node: Node = path[2] == "positions" ? .sequence(.init(value.split(separator: "|").map { Node($0.trimmingSpaces()) }))
                : path[2] == "signature" ? Node(try image(value, into: folder)) : Node(value)
            signatory.set(path[2], node)
            list[index - 1] = .mapping(signatory)
            root.set("signatories", .sequence(list))
        case _ where path.count == 2:
            var group = root.node(path[0])?.mapping ?? Node.Mapping([])
            group.set(path[1], column == "agency.logo" ? Node(try image(value, into: folder)) : Node(value))
            root.set(path[0], .mapping(group))
        default:
            root.set(column, Node(value))
        }
    }

    /// An image a row names (relative to the table's folder) copied beside the data under its own name.
    func image(_ value: String, into folder: URL) throws -> String {
        let source = URL(fileURLWithPath: value, relativeTo: URL(fileURLWithPath: row.file).deletingLastPathComponent())
        let name = source.lastPathComponent
        let target = folder.appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: target.path) {
            try Data(contentsOf: source).write(to: target)
        }
        return name
    }
}

extension Node.Mapping {
    /// The value of a key as written, whatever the type YAML would give it ("9.1" is a number to YAML).
    func node(_ key: String) -> Node? {
        first { $0.key.scalar?.string == key }?.value
    }

    func scalar(_ key: String) -> String? { node(key)?.scalar?.string }

    /// Sets (or, with nil, removes) a key, keeping its place among the others.
    mutating func set(_ key: String, _ value: Node?) {
        var pairs = map { ($0.key, $0.value) }
        if let index = pairs.firstIndex(where: { $0.0.scalar?.string == key }) {
            if let value { pairs[index].1 = value } else { pairs.remove(at: index) }
        } else if let value {
            pairs.append((Node(key), value))
        }
        self = Node.Mapping(pairs, tag, style)
    }
}
