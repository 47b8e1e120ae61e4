import Foundation
import SarabanData

/// The ITA measures document ("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน") as its data file states it.
/// Texts keep their source locations; placeholders (`{{agency.name}}`) are expanded later, by the
/// stage that knows the computed scores.
public struct MeasuresDocument: Sendable {
    public struct Agency: Sendable {
        public let name: LocatedText
        public let abbreviation: LocatedText
        public let logo: ImageReference?

        public init(name: LocatedText, abbreviation: LocatedText, logo: ImageReference?) {
            self.name = name
            self.abbreviation = abbreviation
            self.logo = logo
        }
    }

    public struct Published: Sendable {
        public let total: Double?
        public let totalLocation: SourceLocation?
        public let rating: String?
        public let ratingLocation: SourceLocation?

        public init(total: Double?, totalLocation: SourceLocation?, rating: String?, ratingLocation: SourceLocation?) {
            self.total = total
            self.totalLocation = totalLocation
            self.rating = rating
            self.ratingLocation = ratingLocation
        }
    }

    /// An item of a list: its text and the lines indented under it.
    public struct ListItem: Sendable {
        public let text: LocatedText
        public let details: [LocatedText]

        public init(text: LocatedText, details: [LocatedText]) {
            self.text = text
            self.details = details
        }
    }

    public struct Measure: Sendable {
        public let item: ListItem
        public let responsible: LocatedText?
        public let location: SourceLocation
    }

    public struct ScheduleEntry: Sendable {
        public let task: LocatedText
        /// Free words ("ทุกไตรมาส", "ต่อเนื่องตลอดปี"), or generated from `quarters`.
        public let when: LocatedText?
        public let quarters: [Int]
    }

    public struct ScheduleGroup: Sendable {
        public let title: LocatedText
        public let entries: [ScheduleEntry]
        public let location: SourceLocation
    }

    /// The analysis of one weak indicator or sub-indicator and what will be done about it.
    public struct Analysis: Sendable {
        public var indicator: String
        public let indicatorLocation: SourceLocation
        public let findings: [ListItem]
        public let weaknesses: [ListItem]
        public let improvements: [ListItem]
        public let measures: [Measure]
        public let activities: [ListItem]
        public let steps: [ListItem]
        public let schedule: [ScheduleGroup]
    }

    public struct Constraint: Sendable {
        public let limitations: [LocatedText]
        public let support: [LocatedText]
    }

    public struct Recommendation: Sendable {
        public let introduction: [LocatedText]
        public let items: [ListItem]
    }

    /// Who signs (shared by every kind: `SarabanData.Signatory`).
    public typealias Signatory = SarabanData.Signatory

    public typealias Numerals = SarabanData.Numerals

    public struct Options: Sendable {
        public var numerals: Numerals
        public var tableNumerals: Numerals
    }

    public var file: String
    public var agency: Agency
    public var year: Int
    public var yearLocation: SourceLocation
    public var measuresYear: Int
    /// The document's date (creation date of the PDF), as written: `YYYY-MM-DD` in C.E.
    public var date: DateComponents?
    public var title: LocatedText?
    public var scores: [String: Double]
    public var scoreLocations: [String: SourceLocation]
    public var published: Published
    public var introduction: [LocatedText]
    public var summary: [LocatedText]
    public var approach: [LocatedText]
    public var urgent: Analysis?
    public var develop: [Analysis]
    public var budget: Constraint?
    public var people: Constraint?
    public var ict: Constraint?
    public var recommendationsIntroduction: [LocatedText]
    public var policy: Recommendation?
    public var practice: Recommendation?
    public var signatories: [Signatory]
    /// Analysis blocks by indicator or sub-indicator code, from which the analysis is chosen by the scores
    /// (`analysis_library:`); nil when the file has none.
    public var library: AnalysisLibrary?
    public var options: Options
    /// The document's own wording for some of the report's fixed headings and labels (`texts:`).
    public var texts: WordingChanges = .none
    /// Other agencies the text names on purpose (a study visit, a partner office; `other_agencies:`): not taken
    /// for another office's text pasted in.
    public var otherAgencies: [LocatedText] = []
}

/// An image named in the data file, resolved against the file's folder and checked to exist.


extension MeasuresDocument {
    /// The document with one agency's values in place of the template's: what a row of a batch table gives.
    public func replacing(agency: Agency? = nil, scores: [String: Double]? = nil, scoreLocations: [String: SourceLocation]? = nil,
                          published: Published? = nil, signatories: [Signatory]? = nil) -> MeasuresDocument {
        var copy = self
        if let agency { copy.agency = agency }
        if let scores { copy.scores = scores }
        if let scoreLocations { copy.scoreLocations = scoreLocations }
        if let published { copy.published = published }
        if let signatories { copy.signatories = signatories }
        return copy
    }
}
