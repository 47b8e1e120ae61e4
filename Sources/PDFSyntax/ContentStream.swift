import Foundation

/// A content stream (or a CMap, which shares its syntax) read as operations: each operator with its operands and
/// where they stand in the bytes, from the first operand to the operator's end.
public struct ContentOperation: Sendable {
    public var name: String
    public var operands: [PDFObject]
    public var start: Int
    public var end: Int
}

public enum ContentStream {
    /// The stream's operations, in order; nil at the first thing this reader does not follow (an inline image's
    /// data, a broken token), so a caller never acts on half of a stream.
    public static func operations(_ content: [UInt8]) -> [ContentOperation]? {
        var parser = PDFParser(content)
        var result: [ContentOperation] = []
        var operands: [PDFObject] = []
        var operandStart: Int?
        while true {
            parser.skipWhite()
            guard parser.position < content.count else { break }
            let start = parser.position
            switch content[start] {
            case 0x25:  // a comment, to the line's end
                while parser.position < content.count, content[parser.position] != 0x0A, content[parser.position] != 0x0D { parser.position += 1 }
                continue
            case 0x2F, 0x28, 0x3C, 0x5B:
                guard let operand = try? parser.object() else { return nil }
                operands.append(operand)
            default:
                let word = parser.keyword()
                guard !word.isEmpty else { return nil }
                if let operand = operand(word) {
                    operands.append(operand)
                } else {
                    if word == "BI" { return nil }
                    result.append(ContentOperation(name: word, operands: operands, start: operandStart ?? start, end: parser.position))
                    operands = []
                    operandStart = nil
                    continue
                }
            }
            if operandStart == nil { operandStart = start }
        }
        return result
    }

    /// Where each operator of a stream is, from its first operand to its own end, with its name: read without
    /// building the operands (a pass that only marks where operations are, as the artifact marking does, then costs
    /// a scan of the bytes). nil at an inline image or a broken token, as for `operations`.
    public static func operators(_ content: [UInt8]) -> [(name: String, start: Int, end: Int)]? {
        var result: [(name: String, start: Int, end: Int)] = []
        result.reserveCapacity(content.count / 16)
        var index = 0
        var operandStart: Int?
        let count = content.count
        func isRegular(_ byte: UInt8) -> Bool {
            switch byte {
            case 0x20, 0x0A, 0x0D, 0x09, 0x0C, 0x00, UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                 UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"): false
            default: true
            }
        }
        while index < count {
            let byte = content[index]
            if PDFParser.isWhite(byte) { index += 1; continue }
            let start = index
            switch byte {
            case UInt8(ascii: "%"):
                while index < count, content[index] != 0x0A, content[index] != 0x0D { index += 1 }
                continue
            case UInt8(ascii: "("):
                var depth = 0
                while index < count {
                    let current = content[index]
                    if current == UInt8(ascii: "\\") { index += 2; continue }
                    if current == UInt8(ascii: "(") { depth += 1 }
                    if current == UInt8(ascii: ")") { depth -= 1; if depth == 0 { index += 1; break } }
                    index += 1
                }
                guard depth == 0 else { return nil }
            case UInt8(ascii: "<"):
                if index + 1 < count, content[index + 1] == UInt8(ascii: "<") {
                    index += 2
                } else {
                    while index < count, content[index] != UInt8(ascii: ">") { index += 1 }
                    guard index < count else { return nil }
                    index += 1
                }
            case UInt8(ascii: ">"):
                index += index + 1 < count && content[index + 1] == UInt8(ascii: ">") ? 2 : 1
            case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                index += 1
            case UInt8(ascii: "/"):
                index += 1
                while index < count, isRegular(content[index]) { index += 1 }
            default:
                while index < count, isRegular(content[index]) { index += 1 }
                guard index > start else { return nil }
                let first = content[start]
                let isNumber = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || first == UInt8(ascii: "-")
                    || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                if !isNumber, case let word = String(decoding: content[start..<index], as: UTF8.self), !["true", "false", "null"].contains(word) {
                    if word == "BI" { return nil }
                    result.append((word, operandStart ?? start, index))
                    operandStart = nil
                    continue
                }
            }
            if operandStart == nil { operandStart = start }
        }
        return result
    }

    static func operand(_ word: String) -> PDFObject? {
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default:
            if let integer = Int(word) { return .integer(integer) }
            if let real = Double(word), word.first != "+" || word.count > 1 { return .real(real) }
            return nil
        }
    }
}

/// The text a reader of a PDF gets, page by page, as a text extractor builds it: a span's /ActualText where it has
/// one (Cairo writes one for every cluster it draws), else each shown string through its font's ToUnicode map.
/// Enough to compare what a saraban PDF shows with what its data says; not a layout-aware extractor.
public struct PageText {
    let structure: PDFStructure

    public init(_ structure: PDFStructure) {
        self.structure = structure
    }

    public func pages() throws -> [String] {
        try structure.pages().map { try text(ofPage: $0) }
    }

    func text(ofPage number: Int) throws -> String {
        guard let page = try structure.object(number).dictionary else { return "" }
        let fonts = try self.fonts(try structure.resolve(try structure.resolve(page["Resources"])?.dictionary?["Font"])?.dictionary)
        var text = ""
        var font: (map: [UInt32: String], width: Int)?
        var spans: [Bool] = []  // for each open marked sequence: whether it gives the text of what it holds
        for operation in try ContentStream.operations(contents(page)) ?? [] {
            switch operation.name {
            case "BDC", "BMC":
                let actual = operation.name == "BDC" ? try structure.resolve(operation.operands.last)?.dictionary?["ActualText"]?.textString : nil
                if let actual, !spans.contains(true) { text += actual }
                spans.append(actual != nil)
            case "EMC":
                _ = spans.popLast()
            case "Tf":
                font = operation.operands.first?.name.flatMap { fonts[$0] }
            case "Tj", "'", "\"", "TJ":
                guard !spans.contains(true), let font else { continue }
                let strings = operation.name == "TJ" ? (operation.operands.last?.array ?? []) : Array(operation.operands.suffix(1))
                for case let bytes? in strings.map(\.bytes) { text += decode(bytes, font) }
            case "ET":
                text += "\n"
            default:
                continue
            }
        }
        return text
    }

    func contents(_ page: PDFDictionary) throws -> [UInt8] {
        let parts: [PDFObject] = page["Contents"]?.array ?? [page["Contents"]].compactMap { $0 }
        var bytes: [UInt8] = []
        let table = structure.entries
        for part in parts {
            guard let (number, _) = part.reference, let raw = structure.rawStream(number, in: table),
                  let dictionary = try structure.object(number).dictionary else { continue }
            bytes += try PDFStream.decode(dictionary, raw: raw) + [0x0A]
        }
        return bytes
    }

    func fonts(_ resources: PDFDictionary?) throws -> [String: (map: [UInt32: String], width: Int)] {
        var fonts: [String: (map: [UInt32: String], width: Int)] = [:]
        for (name, reference) in resources?.entries ?? [] {
            guard let font = try structure.resolve(reference)?.dictionary else { continue }
            let width = font["Subtype"]?.name == "Type0" ? 2 : 1
            var map: [UInt32: String] = [:]
            if let (number, _) = font["ToUnicode"]?.reference, let raw = structure.rawStream(number, in: structure.entries),
               let dictionary = try structure.object(number).dictionary {
                map = Self.toUnicode(try PDFStream.decode(dictionary, raw: raw))
            }
            fonts[name] = (map, width)
        }
        return fonts
    }

    /// A ToUnicode CMap's bfchar and bfrange entries as code → text.
    static func toUnicode(_ cmap: [UInt8]) -> [UInt32: String] {
        var map: [UInt32: String] = [:]
        for operation in ContentStream.operations(cmap) ?? [] {
            let items = operation.operands
            switch operation.name {
            case "endbfchar":
                for pair in stride(from: 0, to: items.count - 1, by: 2) {
                    if let code = items[pair].bytes.map(number), let target = items[pair + 1].bytes { map[code] = utf16(target) }
                }
            case "endbfrange":
                for triple in stride(from: 0, to: items.count - 2, by: 3) {
                    guard let low = items[triple].bytes.map(number), let high = items[triple + 1].bytes.map(number), high >= low,
                          high - low < 65536 else { continue }
                    for code in low...high {
                        if let targets = items[triple + 2].array {
                            let index = Int(code - low)
                            if index < targets.count, let target = targets[index].bytes { map[code] = utf16(target) }
                        } else if var target = items[triple + 2].bytes, !target.isEmpty {
                            // The last byte counts up through the range.
                            target[target.count - 1] &+= UInt8(truncatingIfNeeded: code - low)
                            map[code] = utf16(target)
                        }
                    }
                }
            default:
                continue
            }
        }
        return map
    }

    static func number(_ bytes: [UInt8]) -> UInt32 { bytes.reduce(0) { $0 << 8 | UInt32($1) } }

    static func utf16(_ bytes: [UInt8]) -> String {
        String(decoding: stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }, as: UTF16.self)
    }

    func decode(_ bytes: [UInt8], _ font: (map: [UInt32: String], width: Int)) -> String {
        stride(from: 0, to: bytes.count, by: font.width).map { index in
            font.map[Self.number(Array(bytes[index..<min(bytes.count, index + font.width)]))] ?? ""
        }.joined()
    }
}
