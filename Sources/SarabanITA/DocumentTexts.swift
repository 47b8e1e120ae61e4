import Foundation

extension MeasuresDocument {
    /// Every text field of the document, in the order the document prints them, each with its place in the file.
    public var allTexts: [LocatedText] {
        func items(_ list: [ListItem]) -> [LocatedText] { list.flatMap { [$0.text] + $0.details } }
        func analysis(_ a: Analysis) -> [LocatedText] {
            items(a.findings) + items(a.weaknesses) + items(a.improvements)
                + a.measures.flatMap { [$0.item.text] + $0.item.details + ($0.responsible.map { [$0] } ?? []) }
                + items(a.activities) + items(a.steps)
                + a.schedule.flatMap { [$0.title] + $0.entries.flatMap { [$0.task] + ($0.when.map { [$0] } ?? []) } }
        }
        var texts = [agency.name] + (title.map { [$0] } ?? []) + introduction + summary + approach
        texts += (urgent.map(analysis) ?? []) + develop.flatMap(analysis)
        for constraint in [budget, people, ict].compactMap({ $0 }) { texts += constraint.limitations + constraint.support }
        texts += recommendationsIntroduction
        for recommendation in [policy, practice].compactMap({ $0 }) { texts += recommendation.introduction + items(recommendation.items) }
        for signatory in signatories { texts += (signatory.role.map { [$0] } ?? []) + [signatory.name] + signatory.positions }
        return texts
    }
}
