import Foundation

/// A problem with a PDF file the user can fix: which file, and what is wrong with it.
public struct PDFFileError: Error, CustomStringConvertible, Sendable {
    public let message: String
    /// The problem's stable name, printed with the message for scripts and the web page: "not-a-pdf",
    /// "encrypted-pdf", or "damaged-pdf" for a file whose inside is broken.
    public let code: String
    /// The same in Thai, where an official can act on it (another file); a damaged file's internals are said in
    /// English after a Thai sentence by whoever prints it.
    public let thai: String?

    public init(_ message: String, code: String = "damaged-pdf", thai: String? = nil) {
        self.message = message
        self.code = code
        self.thai = thai
    }

    public var description: String { message }
}

/// Where an object of a PDF is, as a cross-reference section says.
public enum XrefEntry: Equatable, Sendable {
    /// At this byte offset of the file.
    case offset(Int)
    /// The `index`-th object of the object stream `stream` (PDF 1.5).
    case compressed(stream: Int, index: Int)
    /// Freed.
    case free
}

/// One cross-reference section: a revision of the file, classic (`xref` … `trailer`) or a stream (PDF 1.5).
public struct XrefSection: Sendable {
    /// Where the section starts in the file.
    public let start: Int
    public let entries: [Int: XrefEntry]
    public let trailer: PDFDictionary
    public let isStream: Bool
}

/// An existing PDF read the way an incremental update needs it: its cross-reference sections (newest
/// first, following /Prev), the newest trailer, and any object by number, also as it was in an earlier
/// revision (to see what changed after a signature). Classic tables and cross-reference streams with
/// object streams (as most tools but Cairo 1.16 write them) are both read; a damaged structure is a
/// `PDFFileError`, never a crash.
public struct PDFStructure {
    public let bytes: [UInt8]
    /// The sections, newest first.
    public private(set) var sections: [XrefSection] = []
    /// Object number → where it is, the newest section winning.
    public private(set) var entries: [Int: XrefEntry] = [:]
    public private(set) var trailer = PDFDictionary()
    /// Where the newest cross-reference section starts (the new trailer's /Prev).
    public let startxref: Int
    let file: String

    /// Object number → byte offset, for the objects stored directly in the file.
    public var offsets: [Int: Int] {
        entries.compactMapValues { if case .offset(let offset) = $0 { return offset }; return nil }
    }

    /// Whether any section is a cross-reference stream (saraban's signer appends classic sections only).
    public var usesCrossReferenceStreams: Bool { sections.contains(where: \.isStream) }

    /// More sections than this is a loop or a damaged file, not a document.
    static let maxSections = 10_000
    /// Object numbers beyond this are damage (PDF's own limit is 8,388,607); bounding them keeps every sum of a
    /// number and a count far from Int's overflow.
    static let maxObjectNumber = 1 << 30

    public init(_ bytes: [UInt8], file: String) throws {
        self.bytes = bytes
        self.file = file
        guard bytes.count > 8, bytes.starts(with: Array("%PDF-".utf8)) else {
            throw PDFFileError("\(file) is not a PDF (it does not start with %PDF-)", code: "not-a-pdf",
                               thai: "ไฟล์ \(file) ไม่ใช่ไฟล์ PDF (ไม่ได้ขึ้นต้นด้วย %PDF-)")
        }
        guard let marker = bytes.lastRange(of: Array("startxref".utf8)) else {
            throw PDFFileError("\(file): no startxref; the PDF is damaged or incomplete")
        }
        var parser = PDFParser(bytes, at: marker.upperBound)
        guard let start = Int(parser.keyword()), start >= 0, start < bytes.count else {
            throw PDFFileError("\(file): startxref does not point into the file; the PDF is damaged")
        }
        startxref = start
        var next: Int? = start
        var seen = Set<Int>()
        while let section = next, seen.insert(section).inserted {
            guard section >= 0, section < bytes.count, sections.count < Self.maxSections else {
                throw PDFFileError("\(file): a cross-reference section (/Prev \(section)) lies outside the file; the PDF is damaged")
            }
            let read = try readSection(at: section)
            sections.append(read)
            if let hybrid = read.trailer["XRefStm"]?.integer, !seen.contains(hybrid), hybrid >= 0, hybrid < bytes.count {
                // A hybrid file: the classic section's objects in streams are listed in this stream.
                seen.insert(hybrid)
                let stream = try readSection(at: hybrid)
                sections.append(XrefSection(start: section, entries: stream.entries, trailer: read.trailer, isStream: true))
            }
            next = read.trailer["Prev"]?.integer
        }
        for section in sections {
            for (number, entry) in section.entries where entries[number] == nil { entries[number] = entry }
        }
        trailer = sections[0].trailer
        if trailer["Encrypt"] != nil {
            throw PDFFileError("\(file) is encrypted; saraban signs and verifies only unencrypted PDFs", code: "encrypted-pdf",
                               thai: "ไฟล์ \(file) ถูกเข้ารหัสไว้ saraban ลงนามและตรวจสอบได้เฉพาะ PDF ที่ไม่เข้ารหัส")
        }
        guard trailer["Root"]?.reference != nil else { throw PDFFileError("\(file): the trailer names no catalog (/Root)") }
    }

    func readSection(at offset: Int) throws -> XrefSection {
        var reader = PDFParser(bytes, at: offset)
        reader.skipWhite()
        if bytes[reader.position...].starts(with: Array("xref".utf8)) {
            reader.position += 4
            let (entries, trailer) = try Self.readClassic(&reader, file: file)
            return XrefSection(start: offset, entries: entries, trailer: trailer, isStream: false)
        }
        do {
            let (dictionary, data) = try streamObject(at: offset)
            guard dictionary["Type"]?.name == "XRef" else {
                throw PDFFileError("\(file): startxref or /Prev points at byte \(offset), where there is no cross-reference section")
            }
            return XrefSection(start: offset, entries: try Self.readStreamEntries(dictionary, data, file: file), trailer: dictionary, isStream: true)
        } catch let error as PDFSyntaxError {
            throw PDFFileError("\(file): the cross-reference section at byte \(offset) is damaged: \(error)")
        }
    }

    /// One classic section: its entries and its trailer.
    static func readClassic(_ reader: inout PDFParser, file: String) throws -> ([Int: XrefEntry], PDFDictionary) {
        var entries: [Int: XrefEntry] = [:]
        while true {
            let word = reader.keyword()
            if word == "trailer" { break }
            // Each entry takes 20 bytes: a count the rest of the file cannot hold is damage, not a loop to run.
            guard let first = Int(word), (0...Self.maxObjectNumber).contains(first), let count = Int(reader.keyword()), count >= 0,
                  count <= (reader.bytes.count - reader.position) / 18 + 1 else {
                throw PDFFileError("\(file): the cross-reference table is damaged")
            }
            for index in 0..<count {
                let offset = reader.keyword(), _ = reader.keyword(), kind = reader.keyword()
                guard kind == "n" || kind == "f" else { throw PDFFileError("\(file): the cross-reference table is damaged") }
                if entries[first + index] == nil {
                    entries[first + index] = kind == "n" ? Int(offset).map(XrefEntry.offset) ?? .free : .free
                }
            }
        }
        guard case .dictionary(let trailer) = try reader.object() else { throw PDFFileError("\(file): the trailer is not a dictionary") }
        return (entries, trailer)
    }

    /// A cross-reference stream's entries: /W gives each field's width, /Index the object numbers.
    static func readStreamEntries(_ dictionary: PDFDictionary, _ data: [UInt8], file: String) throws -> [Int: XrefEntry] {
        let widths = dictionary["W"]?.array?.compactMap(\.integer) ?? []
        guard widths.count == 3, widths.allSatisfy({ (0...8).contains($0) }), widths.reduce(0, +) > 0 else {
            throw PDFFileError("\(file): a cross-reference stream has a bad /W")
        }
        let size = dictionary["Size"]?.integer ?? 0
        let index = dictionary["Index"]?.array?.compactMap(\.integer) ?? [0, size]
        let rowLength = widths.reduce(0, +)
        var entries: [Int: XrefEntry] = [:]
        var position = 0
        func field(_ width: Int) -> Int {
            defer { position += width }
            return data[position..<(position + width)].reduce(0) { $0 << 8 | Int($1) }
        }
        var pair = 0
        while pair + 1 < index.count {
            let first = index[pair], count = index[pair + 1]
            guard (0...maxObjectNumber).contains(first), count >= 0, count <= (data.count - position) / rowLength else {
                throw PDFFileError("\(file): a cross-reference stream has a bad /Index")
            }
            for number in first..<(first + count) {
                guard position + rowLength <= data.count else { throw PDFFileError("\(file): a cross-reference stream is cut short") }
                let kind = widths[0] == 0 ? 1 : field(widths[0])
                let second = field(widths[1]), third = field(widths[2])
                guard entries[number] == nil else { continue }
                switch kind {
                case 1: entries[number] = .offset(second)
                case 2: entries[number] = .compressed(stream: second, index: third)
                default: entries[number] = .free
                }
            }
            pair += 2
        }
        return entries
    }

    /// The stream object at `offset`: its dictionary and its data, decoded (Flate, with PNG predictors).
    func streamObject(at offset: Int) throws -> (PDFDictionary, [UInt8]) {
        var parser = PDFParser(bytes, at: offset)
        guard case .dictionary(let dictionary) = try parser.indirectObject().object else {
            throw PDFSyntaxError(message: "expected a stream", offset: offset)
        }
        return (dictionary, try PDFStream.decode(dictionary, raw: try PDFStream.rawData(bytes, after: parser.position, dictionary: dictionary,
                                                                                          length: resolvedLength(dictionary))))
    }

    /// A stream's /Length, followed when it is a reference to a directly stored integer.
    func resolvedLength(_ dictionary: PDFDictionary) -> Int? {
        if let length = dictionary["Length"]?.integer { return length }
        guard let (number, _) = dictionary["Length"]?.reference, case .offset(let offset)? = entries[number], offset < bytes.count else { return nil }
        var parser = PDFParser(bytes, at: offset)
        return (try? parser.indirectObject().object)?.integer
    }

    public var size: Int { trailer["Size"]?.integer ?? (offsets.keys.max() ?? 0) + 1 }

    public func object(_ number: Int) throws -> PDFObject {
        try object(number, in: entries)
    }

    /// Object `number` as `table` places it (the whole file's table, or an earlier revision's).
    public func object(_ number: Int, in table: [Int: XrefEntry]) throws -> PDFObject {
        switch table[number] {
        case .offset(let offset)?:
            guard offset >= 0, offset < bytes.count else { throw PDFFileError("\(file): object \(number) lies outside the file") }
            var parser = PDFParser(bytes, at: offset)
            do { return try parser.indirectObject().object } catch let error as PDFSyntaxError {
                throw PDFFileError("\(file): object \(number) is damaged: \(error)")
            }
        case .compressed(let stream, let index)?:
            return try compressedObject(index, in: stream, table: table)
        case .free?, nil:
            throw PDFFileError("\(file): object \(number) is missing from the PDF")
        }
    }

    /// The `index`-th object of an object stream: /N pairs of "number offset", then the objects from /First.
    func compressedObject(_ index: Int, in stream: Int, table: [Int: XrefEntry]) throws -> PDFObject {
        guard case .offset(let offset)? = table[stream], offset >= 0, offset < bytes.count else {
            throw PDFFileError("\(file): object stream \(stream) is missing")
        }
        do {
            let (dictionary, data) = try streamObject(at: offset)
            guard let count = dictionary["N"]?.integer, let first = dictionary["First"]?.integer, index >= 0, index < count,
                  first >= 0, first <= data.count else {
                throw PDFFileError("\(file): object stream \(stream) is damaged")
            }
            var header = PDFParser(data, at: 0)
            var position = 0
            for _ in 0...index {
                _ = header.keyword()
                guard let relative = Int(header.keyword()), (0...data.count).contains(relative) else {
                    throw PDFFileError("\(file): object stream \(stream) is damaged")
                }
                position = first + relative
            }
            guard position >= 0, position < data.count else { throw PDFFileError("\(file): object stream \(stream) is damaged") }
            var parser = PDFParser(data, at: position)
            return try parser.object()
        } catch let error as PDFSyntaxError {
            throw PDFFileError("\(file): object stream \(stream) is damaged: \(error)")
        }
    }

    /// The cross-reference table as it stood at the end of the revision that ends at byte `end` (a signature's
    /// byte range ends there): the sections that start before it, the newest winning.
    public func table(asOf end: Int) -> [Int: XrefEntry] {
        var table: [Int: XrefEntry] = [:]
        for section in sections where section.start < end {
            for (number, entry) in section.entries where table[number] == nil { table[number] = entry }
        }
        return table
    }

    /// The stream data of object `number`, undecoded, or nil when it is not a stream stored in the file.
    public func rawStream(_ number: Int, in table: [Int: XrefEntry]) -> [UInt8]? {
        guard case .offset(let offset)? = table[number], offset >= 0, offset < bytes.count else { return nil }
        var parser = PDFParser(bytes, at: offset)
        guard case .dictionary(let dictionary)? = try? parser.indirectObject().object else { return nil }
        return try? PDFStream.rawData(bytes, after: parser.position, dictionary: dictionary, length: resolvedLength(dictionary))
    }

    /// Follows a reference (or returns a direct object as is).
    public func resolve(_ object: PDFObject?) throws -> PDFObject? {
        guard let object else { return nil }
        if let (number, _) = object.reference { return try self.object(number) }
        return object
    }

    public var catalogNumber: Int { trailer["Root"]?.reference?.0 ?? 0 }

    /// The objects in the order they stand in the file, each with where it starts and ends (where the next
    /// object or the cross-reference table begins): what a rewrite of a one-section file needs.
    public func objectsInFileOrder() -> [(number: Int, range: Range<Int>)] {
        let sorted = offsets.filter { $0.value < startxref }.sorted { $0.value < $1.value }
        return sorted.enumerated().map { index, entry in
            (entry.key, entry.value..<(index + 1 < sorted.count ? sorted[index + 1].value : startxref))
        }
    }

    public func catalog() throws -> PDFDictionary {
        guard let catalog = try object(catalogNumber).dictionary else { throw PDFFileError("the PDF's catalog is not a dictionary") }
        return catalog
    }

    /// The pages in order, as object numbers.
    public func pages() throws -> [Int] {
        var result: [Int] = []
        func walk(_ reference: PDFObject?, depth: Int) throws {
            guard depth < 32, let (number, _) = reference?.reference, let node = try object(number).dictionary else { return }
            if node["Type"]?.name == "Page" {
                result.append(number)
            } else {
                for kid in try resolve(node["Kids"])?.array ?? [] { try walk(kid, depth: depth + 1) }
            }
        }
        try walk(try catalog()["Pages"], depth: 0)
        return result
    }

    /// Named destinations (the catalog's /Names /Dests tree, or the older /Dests dictionary): name → (page, array).
    public func destinations() throws -> [String: [PDFObject]] {
        var result: [String: [PDFObject]] = [:]
        let catalog = try catalog()
        func walk(_ node: PDFDictionary, depth: Int) throws {
            guard depth < 32 else { return }
            if let names = try resolve(node["Names"])?.array {
                var index = 0
                while index + 1 < names.count {
                    if let key = names[index].bytes, let value = try resolve(names[index + 1]) {
                        let array = value.array ?? value.dictionary.flatMap { try? resolve($0["D"])?.array } ?? []
                        result[String(decoding: key, as: UTF8.self)] = array
                    }
                    index += 2
                }
            }
            for kid in try resolve(node["Kids"])?.array ?? [] {
                if let child = try resolve(kid)?.dictionary { try walk(child, depth: depth + 1) }
            }
        }
        if let names = try resolve(catalog["Names"])?.dictionary, let dests = try resolve(names["Dests"])?.dictionary {
            try walk(dests, depth: 0)
        }
        return result
    }
}

extension Array where Element == UInt8 {
    public func lastRange(of pattern: [UInt8]) -> Range<Int>? {
        guard !pattern.isEmpty, count >= pattern.count else { return nil }
        var index = count - pattern.count
        while index >= 0 {
            if self[index] == pattern[0] && self[index..<index + pattern.count].elementsEqual(pattern) { return index..<index + pattern.count }
            index -= 1
        }
        return nil
    }

    /// Where `pattern` first occurs at or after `start`. Candidates are found with C's memchr on the first
    /// byte: a byte-by-byte loop in Swift over a whole PDF showed in a batch's profile.
    public func firstRange(of pattern: [UInt8], from start: Int = 0) -> Range<Int>? {
        guard !pattern.isEmpty, count >= pattern.count, start <= count - pattern.count else { return nil }
        return withUnsafeBufferPointer { haystack in
            let base = UnsafeRawPointer(haystack.baseAddress!)
            var index = start
            let last = count - pattern.count
            while index <= last {
                guard let hit = memchr(base + index, Int32(pattern[0]), last - index + 1) else { return nil }
                index = base.distance(to: UnsafeRawPointer(hit))
                if haystack[index..<index + pattern.count].elementsEqual(pattern) { return index..<index + pattern.count }
                index += 1
            }
            return nil
        }
    }
}

/// A stream's bytes as stored, and decoded.
public enum PDFStream {
    /// The data after `stream` and its end of line: /Length bytes when that ends at `endstream`, else up to
    /// the next `endstream` (a wrong /Length is common).
    static func rawData(_ bytes: [UInt8], after position: Int, dictionary: PDFDictionary, length: Int?) throws -> [UInt8] {
        var parser = PDFParser(bytes, at: position)
        guard parser.keyword() == "stream" else { throw PDFSyntaxError(message: "expected a stream", offset: position) }
        var start = parser.position
        if start < bytes.count, bytes[start] == 0x0D { start += 1 }
        if start < bytes.count, bytes[start] == 0x0A { start += 1 }
        if let length, length >= 0, length <= bytes.count - start {
            var after = PDFParser(bytes, at: start + length)
            if after.keyword() == "endstream" { return Array(bytes[start..<(start + length)]) }
        }
        guard let end = bytes.firstRange(of: Array("endstream".utf8), from: start) else {
            throw PDFSyntaxError(message: "a stream has no endstream", offset: start)
        }
        var stop = end.lowerBound
        if stop > start, bytes[stop - 1] == 0x0A { stop -= 1 }
        if stop > start, bytes[stop - 1] == 0x0D { stop -= 1 }
        return Array(bytes[start..<stop])
    }

    /// Flate-decoded and un-predicted as the dictionary says; other filters are not needed for structure.
    public static func decode(_ dictionary: PDFDictionary, raw: [UInt8]) throws -> [UInt8] {
        let filters = dictionary["Filter"].map { $0.array ?? [$0] }?.compactMap(\.name) ?? []
        guard filters.allSatisfy({ $0 == "FlateDecode" }), filters.count <= 1 else {
            throw PDFSyntaxError(message: "a structure stream uses the filter \(filters.joined(separator: ", ")), which saraban does not read", offset: 0)
        }
        guard !filters.isEmpty else { return raw }
        let data = try Inflate.inflate(raw)
        let parameters = dictionary["DecodeParms"].flatMap { $0.dictionary ?? $0.array?.first?.dictionary }
        let predictor = parameters?["Predictor"]?.integer ?? 1
        guard predictor >= 10 else { return data }
        return try unpredict(data, columns: parameters?["Columns"]?.integer ?? 1)
    }

    /// Undoes the PNG predictors (each row starts with its filter type): None, Sub, Up, Average, Paeth.
    static func unpredict(_ data: [UInt8], columns: Int) throws -> [UInt8] {
        guard columns > 0, columns < 1 << 20 else { throw PDFSyntaxError(message: "bad /Columns", offset: 0) }
        var output: [UInt8] = []
        var previous = [UInt8](repeating: 0, count: columns)
        var position = 0
        while position + columns + 1 <= data.count {
            let type = data[position]
            var row = Array(data[(position + 1)...(position + columns)])
            for i in 0..<columns {
                let left = i > 0 ? Int(row[i - 1]) : 0, up = Int(previous[i]), upLeft = i > 0 ? Int(previous[i - 1]) : 0
                let add: Int
                switch type {
                case 0: add = 0
                case 1: add = left
                case 2: add = up
                case 3: add = (left + up) / 2
                case 4:
                    let p = left + up - upLeft
                    let (pa, pb, pc) = (abs(p - left), abs(p - up), abs(p - upLeft))
                    add = pa <= pb && pa <= pc ? left : (pb <= pc ? up : upLeft)
                default: throw PDFSyntaxError(message: "unknown PNG predictor \(type)", offset: position)
                }
                row[i] = UInt8(truncatingIfNeeded: Int(row[i]) + add)
            }
            output += row
            previous = row
            position += columns + 1
        }
        return output
    }
}
