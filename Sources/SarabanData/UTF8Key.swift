/// A string used as a dictionary key by its UTF-8 bytes.
///
/// Swift's String hashes and compares by canonical equivalence, normalising Thai text to NFC on every
/// hash; for the caches a batch looks up thousands of times (laid-out lines, checked wording) that was
/// 2–3% of all instructions. Texts whose bytes differ may also shape differently, so bytes are the right
/// identity for those caches anyway.
public struct UTF8Key: Hashable, Sendable {
    public let string: String

    public init(_ string: String) { self.string = string }

    public static func == (a: UTF8Key, b: UTF8Key) -> Bool {
        guard a.string.utf8.count == b.string.utf8.count else { return false }
        var left = a.string, right = b.string
        return left.withUTF8 { leftBytes in right.withUTF8 { rightBytes in leftBytes.elementsEqual(rightBytes) } }
    }

    public func hash(into hasher: inout Hasher) {
        var text = string
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
