import Foundation

/// A problem with a PDF file the user can fix: which file, and what is wrong with it.
public struct PDFFileError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An existing PDF read the way an incremental update needs it: its cross-reference sections (newest
/// first, following /Prev), the newest trailer, and any object by number.
public struct PDFStructure {
    public let bytes: [UInt8]
    /// Object number → byte offset, the newest section winning.
    public private(set) var offsets: [Int: Int] = [:]
    public private(set) var trailer = PDFDictionary()
    /// Where the newest cross-reference section starts (the new trailer's /Prev).
    public let startxref: Int

    public init(_ bytes: [UInt8], file: String) throws {
        self.bytes = bytes
        guard bytes.count > 8, bytes.starts(with: Array("%PDF-".utf8)) else {
            throw PDFFileError("\(file) is not a PDF (it does not start with %PDF-)")
        }
        guard let marker = bytes.lastRange(of: Array("startxref".utf8)) else {
            throw PDFFileError("\(file): no startxref; the PDF is damaged or incomplete")
        }
        var parser = PDFParser(bytes, at: marker.upperBound)
        guard let start = Int(parser.keyword()), start < bytes.count else {
            throw PDFFileError("\(file): startxref does not point into the file")
        }
        startxref = start
        var next: Int? = start
        var seen = Set<Int>()
        var newest = true
        while let section = next, seen.insert(section).inserted {
            var reader = PDFParser(bytes, at: section)
            reader.skipWhite()
            guard bytes[reader.position...].starts(with: Array("xref".utf8)) else {
                throw PDFFileError("\(file) uses a cross-reference stream (PDF 1.5 and later), which saraban cannot extend; save it as PDF 1.4 or render it with saraban")
            }
            reader.position += 4
            let (entries, sectionTrailer) = try Self.readSection(&reader, file: file)
            for (number, offset) in entries where offsets[number] == nil { offsets[number] = offset }
            if newest {
                trailer = sectionTrailer
                newest = false
            }
            next = sectionTrailer["Prev"]?.integer
        }
        if trailer["Encrypt"] != nil {
            throw PDFFileError("\(file) is encrypted; saraban signs only unencrypted PDFs")
        }
        guard trailer["Root"]?.reference != nil else { throw PDFFileError("\(file): the trailer names no catalog (/Root)") }
    }

    /// One classic section: its in-use entries and its trailer.
    static func readSection(_ reader: inout PDFParser, file: String) throws -> ([(Int, Int)], PDFDictionary) {
        var entries: [(Int, Int)] = []
        while true {
            let word = reader.keyword()
            if word == "trailer" { break }
            guard let first = Int(word), let count = Int(reader.keyword()) else {
                throw PDFFileError("\(file): the cross-reference table is damaged")
            }
            for index in 0..<count {
                let offset = reader.keyword(), _ = reader.keyword(), kind = reader.keyword()
                if kind == "n", let value = Int(offset) { entries.append((first + index, value)) }
            }
        }
        guard case .dictionary(let trailer) = try reader.object() else { throw PDFFileError("\(file): the trailer is not a dictionary") }
        return (entries, trailer)
    }

    public var size: Int { trailer["Size"]?.integer ?? (offsets.keys.max() ?? 0) + 1 }

    public func object(_ number: Int) throws -> PDFObject {
        guard let offset = offsets[number] else { throw PDFFileError("object \(number) is missing from the PDF") }
        var parser = PDFParser(bytes, at: offset)
        return try parser.indirectObject().object
    }

    /// Follows a reference (or returns a direct object as is).
    public func resolve(_ object: PDFObject?) throws -> PDFObject? {
        guard let object else { return nil }
        if let (number, _) = object.reference { return try self.object(number) }
        return object
    }

    public var catalogNumber: Int { trailer["Root"]!.reference!.0 }

    /// The objects in the order they stand in the file, each with where it starts and ends (where the next
    /// object or the cross-reference table begins): what a rewrite of a one-section file needs.
    public func objectsInFileOrder() -> [(number: Int, range: Range<Int>)] {
        let sorted = offsets.sorted { $0.value < $1.value }
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
