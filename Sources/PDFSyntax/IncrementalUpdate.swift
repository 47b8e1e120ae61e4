import Foundation

/// Objects appended to a PDF after its last byte, with a cross-reference section of their own and a trailer
/// pointing back (/Prev) to the file's: the original bytes stay as they were, so a signature over them holds.
public struct IncrementalUpdate {
    public let original: PDFStructure
    public private(set) var bytes: [UInt8]
    public private(set) var offsets: [Int: Int] = [:]
    /// The next free object number.
    public private(set) var next: Int

    public init(_ bytes: [UInt8], structure: PDFStructure) {
        original = structure
        self.bytes = bytes
        if self.bytes.last != 0x0A { self.bytes.append(0x0A) }
        next = structure.size
    }

    public mutating func allocate() -> Int {
        defer { next += 1 }
        return next
    }

    /// Appends `number 0 obj … endobj` (a new object, or a new version of an existing one).
    public mutating func append(_ number: Int, _ body: [UInt8]) {
        offsets[number] = bytes.count
        bytes += Array("\(number) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
    }

    /// The update closed with its cross-reference section and trailer; `id` is the trailer's /ID (the
    /// original's when nil).
    public func finished(id: PDFObject? = nil) -> [UInt8] {
        var text = "xref\n"
        let numbers = offsets.keys.sorted()
        var index = 0
        while index < numbers.count {
            var end = index
            while end + 1 < numbers.count, numbers[end + 1] == numbers[end] + 1 { end += 1 }
            text += "\(numbers[index]) \(end - index + 1)\n"
            for number in numbers[index...end] { text += String(format: "%010d 00000 n \n", offsets[number]!) }
            index = end + 1
        }
        var trailer = PDFDictionary()
        trailer["Size"] = .integer(next)
        trailer["Root"] = original.trailer["Root"]
        if let info = original.trailer["Info"] { trailer["Info"] = info }
        if let id = id ?? original.trailer["ID"] { trailer["ID"] = id }
        trailer["Prev"] = .integer(original.startxref)
        text += "trailer\n" + trailer.serialized() + "\nstartxref\n\(bytes.count)\n%%EOF\n"
        return bytes + Array(text.utf8)
    }
}
