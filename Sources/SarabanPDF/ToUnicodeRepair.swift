import Foundation
import CPangoCairo

/// Rewrites the ToUnicode maps of a PDF that Cairo wrote, so that every glyph reads back as its character.
///
/// Thai fonts (TLWG's, TH Sarabun) give their positional variants — a tone mark lowered where there is no
/// upper vowel, an upper vowel moved left of ป's tall stem, ญ without its tail — code points in the Private
/// Use Area (U+F700…), and Cairo maps such a glyph to that code point when it has no better source. A reader
/// that follows /ActualText (poppler) is not affected; one that reads glyph by glyph (MuPDF) then loses the
/// mark. Each of those code points is replaced by the character the glyph stands for in our text.
///
/// The file is Cairo's: one classic cross-reference table, objects in order. The map streams are inflated,
/// edited, deflated and written back with a direct /Length; every object after them moves, so the table
/// is written anew.
struct ToUnicodeRepair {
    /// Private-use code point → the character it stands for.
    let replacements: [UInt32: String]

    func repair(_ pdf: Data) throws -> Data {
        guard !replacements.isEmpty else { return pdf }
        let bytes = [UInt8](pdf)
        let table = try CrossReference(bytes)
        let maps = Set(toUnicodeObjects(bytes, table))
        guard !maps.isEmpty else { return pdf }
        var output = [UInt8]()
        output.reserveCapacity(bytes.count + 4096)
        output += bytes[0..<table.objects.first!.offset]
        var offsets: [Int: Int] = [:]
        for object in table.objects {
            offsets[object.number] = output.count
            let original = Array(bytes[object.offset..<object.end])
            output += maps.contains(object.number) ? (try rewrittenMap(original) ?? original) : original
        }
        let xref = output.count
        output += Array("xref\n0 \(table.size)\n0000000000 65535 f \n".utf8)
        for number in 1..<table.size {
            if let offset = offsets[number] {
                output += Array(String(format: "%010d 00000 n \n", offset).utf8)
            } else {
                output += Array("0000000000 65535 f \n".utf8)
            }
        }
        output += Array("trailer\n".utf8) + table.trailer + Array("\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return Data(output)
    }

    /// The objects named by /ToUnicode in font dictionaries.
    func toUnicodeObjects(_ bytes: [UInt8], _ table: CrossReference) -> [Int] {
        let key = Array("/ToUnicode ".utf8)
        var found: [Int] = []
        var index = 0
        while let at = bytes.firstRange(of: key, from: index) {
            var cursor = at.upperBound
            var number = 0
            while cursor < bytes.count, (0x30...0x39).contains(bytes[cursor]) {
                number = number * 10 + Int(bytes[cursor] - 0x30)
                cursor += 1
            }
            if number > 0 { found.append(number) }
            index = cursor
        }
        return found
    }

    /// The map object with its private-use targets replaced, or nil if it needs no change.
    func rewrittenMap(_ object: [UInt8]) throws -> [UInt8]? {
        guard let start = object.firstRange(of: Array("stream\n".utf8), from: 0)?.upperBound,
              let end = object.lastRange(of: Array("endstream".utf8))?.lowerBound,
              let header = object.firstRange(of: Array(" obj".utf8), from: 0) else { return nil }
        // One end-of-line before "endstream" belongs to the syntax, not the data (which may itself end in 0x0A).
        var dataEnd = end
        if dataEnd > start, object[dataEnd - 1] == 0x0A { dataEnd -= 1 }
        if dataEnd > start, object[dataEnd - 1] == 0x0D { dataEnd -= 1 }
        let cmap = try Zlib.inflate(Array(object[start..<dataEnd]))
        guard var text = String(bytes: cmap, encoding: .ascii) else { return nil }
        var changed = false
        for (code, character) in replacements {
            let target = "<" + String(format: "%04x", code) + ">"
            guard text.contains(target) else { continue }
            let utf16 = character.utf16.map { String(format: "%04x", $0) }.joined()
            text = text.replacingOccurrences(of: target, with: "<\(utf16)>")
            changed = true
        }
        guard changed else { return nil }
        let compressed = try Zlib.deflate(Array(text.utf8))
        let number = Array(object[0..<header.lowerBound])
        return number + Array(" obj\n<< /Length \(compressed.count) /Filter /FlateDecode >>\nstream\n".utf8)
            + compressed + Array("\nendstream\nendobj\n".utf8)
    }
}

/// A classic cross-reference table: where each object starts and ends, and the trailer's dictionary.
struct CrossReference {
    struct Object { var number: Int; var offset: Int; var end: Int }

    var objects: [Object]
    var size: Int
    var trailer: [UInt8]

    init(_ bytes: [UInt8]) throws {
        guard let startxrefAt = bytes.lastRange(of: Array("startxref".utf8)) else { throw PDFError(message: "no startxref: not a PDF Cairo wrote") }
        let tail = String(decoding: bytes[startxrefAt.upperBound...], as: UTF8.self)
        guard let xref = Int(tail.split(whereSeparator: { $0.isWhitespace }).first ?? ""),
              xref < bytes.count, bytes[xref..<min(bytes.count, xref + 4)].elementsEqual(Array("xref".utf8)) else {
            throw PDFError(message: "the PDF's cross-reference table is not where startxref says")
        }
        let section = String(decoding: bytes[xref..<startxrefAt.lowerBound], as: UTF8.self)
        let lines = section.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let header = lines[1].split(separator: " ").compactMap { Int($0) }
        guard header.count == 2, header[0] == 0 else { throw PDFError(message: "the PDF has more than one cross-reference section") }
        size = header[1]
        var entries: [(Int, Int)] = []
        for (number, line) in lines[2..<(2 + size)].enumerated() where line.hasSuffix("n") {
            if let offset = Int(line.prefix(10)) { entries.append((number, offset)) }
        }
        entries.sort { $0.1 < $1.1 }
        objects = entries.enumerated().map { index, entry in
            Object(number: entry.0, offset: entry.1, end: index + 1 < entries.count ? entries[index + 1].1 : xref)
        }
        guard let trailerAt = bytes.firstRange(of: Array("trailer".utf8), from: xref) else { throw PDFError(message: "the PDF has no trailer") }
        trailer = Array(bytes[trailerAt.upperBound..<startxrefAt.lowerBound]).trimmed()
    }
}

enum Zlib {
    static func inflate(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw PDFError(message: "zlib failed") }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var input = input
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            repeat {
                buffer.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    status = CPangoCairo.inflate(&stream, Z_NO_FLUSH)
                    output += target[0..<(target.count - Int(stream.avail_out))]
                }
            } while status == Z_OK
        }
        guard status == Z_STREAM_END else { throw PDFError(message: "a compressed stream of the PDF is damaged") }
        return output
    }

    static func deflate(_ input: [UInt8]) throws -> [UInt8] {
        var length = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { target in
            input.withUnsafeBufferPointer { source in compress2(target.baseAddress, &length, source.baseAddress, uLong(source.count), 9) }
        }
        guard status == Z_OK else { throw PDFError(message: "zlib could not compress") }
        return Array(output[0..<Int(length)])
    }
}

extension Array where Element == UInt8 {
    func firstRange(of pattern: [UInt8], from start: Int) -> Range<Int>? {
        guard !pattern.isEmpty, count >= pattern.count, start <= count - pattern.count else { return nil }
        var index = start
        while index <= count - pattern.count {
            if self[index] == pattern[0] && self[index..<index + pattern.count].elementsEqual(pattern) { return index..<index + pattern.count }
            index += 1
        }
        return nil
    }

    func lastRange(of pattern: [UInt8]) -> Range<Int>? {
        guard !pattern.isEmpty, count >= pattern.count else { return nil }
        var index = count - pattern.count
        while index >= 0 {
            if self[index] == pattern[0] && self[index..<index + pattern.count].elementsEqual(pattern) { return index..<index + pattern.count }
            index -= 1
        }
        return nil
    }

    func trimmed() -> [UInt8] {
        var slice = self[...]
        while let first = slice.first, first == 0x0A || first == 0x0D || first == 0x20 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x0A || last == 0x0D || last == 0x20 { slice = slice.dropLast() }
        return Array(slice)
    }
}
