import Foundation

// What every kind of document shares: who signs, the images it names, its digits.

/// A signatory: the role (ผู้รายงาน), the full name with its title, the position lines, a signature image.
public struct Signatory: Sendable {
    public let role: LocatedText?
    public let name: LocatedText
    public let positions: [LocatedText]
    public let signature: ImageReference?

    public init(role: LocatedText?, name: LocatedText, positions: [LocatedText], signature: ImageReference?) {
        self.role = role
        self.name = name
        self.positions = positions
        self.signature = signature
    }
}

/// Digits in running text: Thai (๐–๙) or Arabic (0–9).
public enum Numerals: String, Sendable, CaseIterable { case thai, arabic }

/// An image file the data names, where it names it.
public struct ImageReference: Sendable {
    public let url: URL
    public let location: SourceLocation

    public init(url: URL, location: SourceLocation) {
        self.url = url
        self.location = location
    }
}
