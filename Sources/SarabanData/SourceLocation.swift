import Foundation

/// Where a value came from: the file, and the line and column of its first character (both from 1).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}

/// A mistake in a data or layout file that a user can fix: where it is, which field, what was expected.
public struct DataError: Error, Sendable, CustomStringConvertible, Equatable {
    public let location: SourceLocation
    /// The field's path in the file, as a user would write it: `scores.3`, `signatories[1].name`.
    public let field: String
    public let message: String
    /// A stable name for the kind of mistake (`score-out-of-range`), for `saraban check` and scripts.
    public let code: String
    /// The message in Thai, where one is written.
    public let thai: String?

    public init(location: SourceLocation, field: String, message: String, code: String = "invalid-data", thai: String? = nil) {
        self.location = location
        self.field = field
        self.message = message
        self.code = code
        self.thai = thai
    }

    public var description: String {
        field.isEmpty ? "\(location): \(message)" : "\(location): \(field): \(message)"
    }
}

/// A text value of the data file, with its location so later checks can point at it.
public struct LocatedText: Sendable, Hashable {
    public let value: String
    public let location: SourceLocation
    /// The field's path in the file (`analysis.urgent.findings[2]`).
    public let field: String

    public init(_ value: String, at location: SourceLocation, field: String = "") {
        self.value = value
        self.location = location
        self.field = field
    }
}
