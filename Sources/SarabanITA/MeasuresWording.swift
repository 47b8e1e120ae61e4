import Foundation
import SarabanData

/// The fixed wording of the measures report — its title, section headings and labels — read from
/// `Layouts/ita-measures-texts.yaml` and, for one document, changed by its data file's `texts:`.
///
/// Kept as data, not code, so that a heading is right for the block it heads (the weakness label of a
/// block to develop does not say "urgent") and an office can change a word without a new build.
public struct MeasuresWording: Sendable {
    /// The two-level keys of the file: a group, then the entry in it.
    public enum Group: String, CaseIterable, Sendable {
        case sections, labels

        var keys: [String] {
            switch self {
            case .sections:
                return ["results", "analysis", "urgent", "develop", "constraints", "budget", "people", "ict",
                        "recommendations", "policy", "practice"]
            case .labels:
                return ["findings", "weaknesses_urgent", "weaknesses_develop", "improvements", "measures",
                        "responsible", "activities", "steps", "schedule", "limitations", "support"]
            }
        }
    }

    public private(set) var title: LocatedText
    private var entries: [String: LocatedText]

    /// The text of `group.key`. Every key is present: `read` requires them all.
    public func text(_ group: Group, _ key: String) -> LocatedText {
        guard let text = entries["\(group.rawValue).\(key)"] else {
            preconditionFailure("wording key \(group.rawValue).\(key) is not one of Group.keys")
        }
        return text
    }

    /// The standard wording: every key required, so a missing one is a located error in that file.
    public static func read(_ value: YAMLValue) throws -> MeasuresWording {
        let f = try value.fields(["title"] + Group.allCases.map(\.rawValue))
        var entries: [String: LocatedText] = [:]
        for group in Group.allCases {
            let g = try f.required(group.rawValue, "the \(group.rawValue) of the report").fields(group.keys)
            for key in group.keys {
                entries["\(group.rawValue).\(key)"] = try g.required(key, "the wording of \(group.rawValue).\(key)").text()
            }
        }
        return MeasuresWording(title: try f.required("title", "the report's title").text(), entries: entries)
    }

    public static func load(contentsOf url: URL) throws -> MeasuresWording {
        try read(YAMLValue.load(contentsOf: url))
    }

    /// This wording with a data file's `texts:` laid over it: any subset of the same keys, each checked.
    public func overridden(by changes: WordingChanges) -> MeasuresWording {
        var copy = self
        if let title = changes.title { copy.title = title }
        copy.entries.merge(changes.entries) { _, changed in changed }
        return copy
    }
}

/// A data file's `texts:`: some of the wording's keys, each with the document's own words.
public struct WordingChanges: Sendable {
    public var title: LocatedText?
    public var entries: [String: LocatedText]

    public static let none = WordingChanges(title: nil, entries: [:])

    public static func read(_ value: YAMLValue) throws -> WordingChanges {
        let f = try value.fields(["title"] + MeasuresWording.Group.allCases.map(\.rawValue))
        var entries: [String: LocatedText] = [:]
        for group in MeasuresWording.Group.allCases {
            guard let g = try f[group.rawValue]?.fields(group.keys) else { continue }
            for key in g.order {
                if let text = try g[key]?.text() { entries["\(group.rawValue).\(key)"] = text }
            }
        }
        return WordingChanges(title: try f["title"]?.text(), entries: entries)
    }
}
