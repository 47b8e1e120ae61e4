import Foundation

/// Characters named for a message, so that a user can find one the page would not show.
extension Unicode.Scalar {
    /// The character's code point as Unicode writes it: "U+000B", "U+1F600".
    public var codePoint: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Each character once, as itself and by its code point ("✓" U+2713), an invisible one by its code point alone;
    /// at most eight, then how many more.
    public static func named<Characters: Sequence>(_ characters: Characters) -> String where Characters.Element == Unicode.Scalar {
        var seen: [Unicode.Scalar] = []
        for scalar in characters where !seen.contains(scalar) { seen.append(scalar) }
        let named = seen.prefix(8).map { scalar -> String in
            scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                ? scalar.codePoint : "\"\(Character(scalar))\" \(scalar.codePoint)"
        }
        return named.joined(separator: ", ") + (seen.count > 8 ? " and \(seen.count - 8) more" : "")
    }
}
