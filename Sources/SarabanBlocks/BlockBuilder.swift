import Foundation
import SarabanITA

/// Turns the measures document and its computed scores into blocks, in the order of the seed document:
/// title, 1 the results (table and summary), 2 the analysis and measures, 3 the constraints,
/// 4 the recommendations, then the signatures. Headings and the score table are written here from
/// the framework and the scores, so no number or indicator name is typed by hand.
public struct BlockBuilder {
    let document: MeasuresDocument
    let sheet: ScoreSheet
    let placeholders: Placeholders
    let numerals: MeasuresDocument.Numerals
    /// The report's fixed headings and labels (`Layouts/ita-measures-texts.yaml`) with the document's own changes.
    let wording: MeasuresWording

    public init(document: MeasuresDocument, sheet: ScoreSheet, wording: MeasuresWording,
                numerals: MeasuresDocument.Numerals? = nil) {
        self.document = document
        self.sheet = sheet
        self.placeholders = Placeholders(document: document, sheet: sheet)
        self.numerals = numerals ?? document.options.numerals
        self.wording = wording.overridden(by: document.texts)
    }

    public func build() throws -> DocumentBlocks {
        var blocks: [Block] = []
        blocks += try titleBlocks()
        blocks += try resultsSection()
        blocks += try analysisSection()
        blocks += try constraintsSection()
        blocks += try recommendationsSection()
        blocks += try document.signatories.map(signature)
        return DocumentBlocks(info: try info(), blocks: blocks)
    }

    // MARK: Sections

    func titleBlocks() throws -> [Block] {
        var blocks: [Block] = []
        if let logo = document.agency.logo { blocks.append(.image(ImageBlock(url: logo.url, role: "logo", description: "ตราสัญลักษณ์ของ" + document.agency.name.value))) }
        blocks.append(.heading(Heading(level: 0, text: RichText(plain: try titleText()), style: .title, inOutline: true)))
        blocks.append(.heading(Heading(level: 0, text: RichText(plain: text(document.agency.name.value)),
                                       style: .title, inOutline: false)))
        return blocks
    }

    func resultsSection() throws -> [Block] {
        var blocks = [try section(1, .sections, "results")]
        blocks += try document.introduction.map(body)
        blocks.append(.table(ScoreTableBuilder(sheet: sheet, numerals: document.options.tableNumerals).table()))
        blocks.append(.paragraph(Paragraph(text: rich(resultSentence()), style: .body, depth: 0)))
        blocks += try document.summary.map(body)
        return blocks
    }

    func analysisSection() throws -> [Block] {
        var blocks = [try section(2, .sections, "analysis")]
        blocks += try document.approach.map(body)
        if let urgent = document.urgent {
            blocks.append(try section("2.1", .sections, "urgent"))
            blocks += try analysis(urgent, weaknesses: "weaknesses_urgent")
        }
        if !document.develop.isEmpty {
            blocks.append(try section("2.2", .sections, "develop"))
            for item in document.develop { blocks += try analysis(item, weaknesses: "weaknesses_develop") }
        }
        return blocks
    }

    /// One analysis block; `weaknesses` names the label that says whether its weakness is urgent or to develop.
    func analysis(_ item: MeasuresDocument.Analysis, weaknesses: String) throws -> [Block] {
        var blocks = indicatorHeadings(item.indicator)
        blocks += try labelled("findings", item.findings)
        blocks += try labelled(weaknesses, item.weaknesses)
        blocks += try labelled("improvements", item.improvements)
        if !item.measures.isEmpty {
            blocks.append(try label("measures"))
            let responsibleLabel = try labelText("responsible")
            blocks.append(.list(ListBlock(entries: try item.measures.enumerated().map { index, measure in
                var entry = try listEntry(measure.item, marker: "\(index + 1))")
                if let responsible = measure.responsible {
                    entry.children.append(ListEntry(marker: "-", text: rich(responsibleLabel + " " + (try expand(responsible))), children: []))
                }
                return entry
            }, depth: 0)))
        }
        blocks += try labelled("activities", item.activities)
        blocks += try labelled("steps", item.steps)
        if !item.schedule.isEmpty {
            blocks.append(try label("schedule"))
            blocks.append(.list(ListBlock(entries: try item.schedule.enumerated().map { index, group in
                ListEntry(marker: text("\(index + 1))"), text: rich(try expand(group.title)),
                          children: try group.entries.map { entry in
                              ListEntry(marker: "-", text: rich(try expand(entry.task) + ": " + (try when(entry))), children: [])
                          })
            }, depth: 0)))
        }
        return blocks
    }

    /// The sentence under the table: the total, the rating, the best indicator, the failing ones and the
    /// weakness to fix, all from the scores, so that no number in it can disagree with the table.
    func resultSentence() -> String {
        let agency = document.agency.name.value
        var sentence = "จากตาราง ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ\(agency) ประจำปีงบประมาณ พ.ศ. \(document.year) "
            + "ได้คะแนน **\(ScoreFormat.prose(sheet.roundedTotal))** ซึ่งถือว่ามีคุณธรรมและความโปร่งใสในการดำเนินงานอยู่ใน **ระดับ \(sheet.rating)**"
        if let best = sheet.bestIndicator, let score = sheet.score(String(best.number)) {
            sentence += " โดยตัวชี้วัดที่ \(best.number) \(best.name) ได้คะแนนสูงสุด \(ScoreFormat.prose(score)) คะแนน"
        }
        let failing = sheet.failingIndicators
        if failing.isEmpty {
            sentence += " และไม่มีตัวชี้วัดใดที่ไม่ผ่านการประเมิน"
        } else {
            let list = failing.map { "ตัวชี้วัดที่ \($0.number) \($0.name) (\(ScoreFormat.prose(sheet.score(String($0.number)) ?? 0)) คะแนน)" }
            sentence += " และตัวชี้วัดที่ไม่ผ่านการประเมิน (ต่ำกว่า \(ScoreFormat.prose(sheet.framework.passMark)) คะแนน) ได้แก่ " + list.joined(separator: " ")
        }
        if let urgent = document.urgent {
            sentence += " ส่วนตัวชี้วัดที่เป็นข้อบกพร่องหรือจุดอ่อนที่จะต้องแก้ไขโดยเร่งด่วน คือ " + indicatorPhrase(urgent.indicator)
        }
        return sentence
    }

    /// "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล ตัวชี้วัดย่อยที่ 9.5 การส่งเสริมความโปร่งใส ได้คะแนน 75 คะแนน"
    func indicatorPhrase(_ code: String) -> String {
        let parent = code.split(separator: ".").first.map(String.init) ?? code
        var phrase = "ตัวชี้วัดที่ \(parent) \(sheet.framework.name(of: parent) ?? "")"
        if code.contains(".") { phrase += " ตัวชี้วัดย่อยที่ \(code) \(sheet.framework.name(of: code) ?? "")" }
        if let score = sheet.score(code) { phrase += " ได้คะแนน \(ScoreFormat.prose(score)) คะแนน" }
        return phrase
    }

    /// "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล", and for a sub-indicator a second line naming it, each with its score.
    func indicatorHeadings(_ code: String) -> [Block] {
        let parent = code.split(separator: ".").first.map(String.init) ?? code
        let parentName = sheet.framework.name(of: parent) ?? ""
        var lines: [String] = []
        if code.contains(".") {
            lines.append("ตัวชี้วัดที่ \(parent) \(parentName)")
            let score = sheet.score(code).map { " ได้คะแนน \(ScoreFormat.prose($0)) คะแนน" } ?? ""
            lines.append("ตัวชี้วัดย่อยที่ \(code) \(sheet.framework.name(of: code) ?? "")\(score)")
        } else {
            let score = sheet.score(code).map { " ได้คะแนน \(ScoreFormat.prose($0)) คะแนน" } ?? ""
            lines.append("ตัวชี้วัดที่ \(code) \(parentName)\(score)")
        }
        return lines.map { .heading(Heading(level: 3, text: RichText(plain: text($0)), style: .heading3, inOutline: true)) }
    }

    func constraintsSection() throws -> [Block] {
        let parts: [(String, MeasuresDocument.Constraint?)] = [
            ("budget", document.budget), ("people", document.people), ("ict", document.ict),
        ]
        guard parts.contains(where: { $0.1 != nil }) else { return [] }
        var blocks = [try section(3, .sections, "constraints")]
        var number = 0
        for (key, constraint) in parts {
            guard let constraint else { continue }
            number += 1
            blocks.append(try section("3.\(number)", .sections, key))
            blocks += try labelled("limitations", constraint.limitations.map { .init(text: $0, details: []) })
            blocks += try labelled("support", constraint.support.map { .init(text: $0, details: []) })
        }
        return blocks
    }

    func recommendationsSection() throws -> [Block] {
        guard document.policy != nil || document.practice != nil || !document.recommendationsIntroduction.isEmpty else { return [] }
        var blocks = [try section(4, .sections, "recommendations")]
        blocks += try document.recommendationsIntroduction.map(body)
        for (number, key, recommendation) in [("4.1", "policy", document.policy), ("4.2", "practice", document.practice)] {
            guard let recommendation else { continue }
            blocks.append(try section(number, .sections, key))
            blocks += try recommendation.introduction.map(body)
            if !recommendation.items.isEmpty {
                blocks.append(.list(ListBlock(entries: try recommendation.items.enumerated().map {
                    try listEntry($1, marker: "\($0 + 1).")
                }, depth: 0)))
            }
        }
        return blocks
    }

    func signature(_ signatory: MeasuresDocument.Signatory) throws -> Block {
        .signature(SignatureBlock(role: try signatory.role.map { text(try expand($0)) },
                                  name: text("(\(try expand(signatory.name)))"),
                                  positions: try signatory.positions.map { text(try expand($0)) },
                                  image: signatory.signature?.url))
    }

    // MARK: Pieces

    func titleText() throws -> String {
        try expand(document.title ?? wording.title)
    }

    func info() throws -> DocumentInfo {
        let date = document.date.map { String(format: "%04d-%02d-%02dT00:00:00", $0.year ?? 0, $0.month ?? 1, $0.day ?? 1) }
        return DocumentInfo(
            title: "\(try titleText()) \(document.agency.name.value)",
            author: document.agency.name.value,
            subject: "ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ปีงบประมาณ พ.ศ. \(document.year) และมาตรการ ปีงบประมาณ พ.ศ. \(document.measuresYear)",
            keywords: ["ITA", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส", document.agency.abbreviation.value, "พ.ศ. \(document.year)"]
                + (sheet.framework.itemCode.map { [$0] } ?? []),
            creationDate: date
        )
    }

    func section(_ number: Int, _ group: MeasuresWording.Group, _ key: String) throws -> Block {
        let title = try expand(wording.text(group, key))
        return .heading(Heading(level: 1, text: RichText(plain: text("\(number). \(title)")), style: .heading1, inOutline: true))
    }

    func section(_ number: String, _ group: MeasuresWording.Group, _ key: String) throws -> Block {
        let title = try expand(wording.text(group, key))
        return .heading(Heading(level: 2, text: RichText(plain: text("\(number) \(title)")), style: .heading2, inOutline: true))
    }

    func labelText(_ key: String) throws -> String { try expand(wording.text(.labels, key)) }

    /// A label ("ผลการวิเคราะห์", "ระยะเวลา") heads what follows it: a heading for pagination (kept with the
    /// next lines), not listed in the outline.
    func label(_ key: String) throws -> Block {
        .heading(Heading(level: 4, text: RichText(plain: text(try labelText(key)), bold: true), style: .label, inOutline: false))
    }

    /// A label and its items: a single item is a paragraph, several are a numbered list.
    func labelled(_ key: String, _ items: [MeasuresDocument.ListItem]) throws -> [Block] {
        guard !items.isEmpty else { return [] }
        let label = try label(key)
        if items.count == 1, items[0].details.isEmpty {
            return [label, .paragraph(Paragraph(text: rich(try expand(items[0].text)), style: .body, depth: 0))]
        }
        return [label, .list(ListBlock(entries: try items.enumerated().map {
            try listEntry($1, marker: "\($0 + 1))")
        }, depth: 0))]
    }

    func listEntry(_ item: MeasuresDocument.ListItem, marker: String) throws -> ListEntry {
        ListEntry(marker: text(marker), text: rich(try expand(item.text)),
                  children: try item.details.map { ListEntry(marker: "-", text: rich(try expand($0)), children: []) })
    }

    func when(_ entry: MeasuresDocument.ScheduleEntry) throws -> String {
        if let when = entry.when { return try expand(when) }
        let quarters = entry.quarters.sorted()
        let span = quarters.count > 1 && quarters.last! - quarters.first! == quarters.count - 1
            ? "\(quarters.first!)-\(quarters.last!)" : quarters.map(String.init).joined(separator: ", ")
        return "ไตรมาสที่ \(span) ของปีงบประมาณ พ.ศ. \(document.measuresYear)"
    }

    func body(_ paragraph: LocatedText) throws -> Block {
        .paragraph(Paragraph(text: rich(try expand(paragraph)), style: .body, depth: 0))
    }

    func expand(_ text: LocatedText) throws -> String { try placeholders.expand(text) }

    /// Data text with its markup parsed and its digits set as the document asks.
    func rich(_ string: String) -> RichText {
        var parsed = InlineMarkup.parse(string)
        for index in parsed.spans.indices { parsed.spans[index].text = text(parsed.spans[index].text) }
        return parsed
    }

    func text(_ string: String) -> String {
        numerals == .thai ? ThaiNumerals.convert(string) : string
    }
}
