import Foundation
import CPangoCairo

/// What a reader measures on the pages, computed from exactly what is drawn: every glyph where the PDF puts it.
///
/// The rules are those of `Tests/measure_pdf.py`, which applies them to the PDF itself (MuPDF's characters
/// and their boxes); a test holds the two to the same figures, so the report cannot measure something other
/// than what the reader sees. Rules, in the order they are applied:
///  - lines: the glyphs sharing a baseline (marks within 0.4 em of it count with their letter); a table line
///    has letters more than 2 em apart (two cells), and is left out of the paragraph rules;
///  - a line continues the one before it (one paragraph) when the one before reaches the right margin: it
///    was justified, so it did not end its paragraph; this holds across a page break;
///  - stranded heading: a page, not the last, whose last line of text (not a table line) is all bold;
///  - runt: a continuing line that stops short of the margin and is shorter than `min_last_line` of its measure;
///  - compound split: a break with no space, between two Thai letters, inside a word of the layout's lexicons;
///  - unit split: a number at a line's end and its unit at the next line's start;
///  - address split: a break inside "https://", or not after / . - _ ? & = inside an address;
///  - widest gap between letters with no space between, and widest gap across a space, on lines that reach
///    the margin, in em;
///  - blank foot: a page, not the last, with more than four empty line pitches above the bottom margin;
///  - outside: letters beyond the left or right margin by more than 1 pt;
///  - bad continuation: a continuation word whose end is not exactly "..." or longer than the layout's
///    `continuation.max_letters`.
public struct ReaderMeasure: Sendable {
    public var pages = 0
    public var lines = 0
    public var strandedHeadings: [Int] = []
    public var runts: [String] = []
    public var compoundSplits: [String] = []
    public var thaiLineEnds = 0
    public var unitSplits: [String] = []
    public var urlSplits: [String] = []
    public var widestGapInsideWord = 0.0
    public var widestSpace = 0.0
    public var blankFootPages: [Int] = []
    public var outsideTextArea = 0
    public var tableLines = 0
    public var badContinuations: [String] = []

    /// The figures under the names `measure_pdf.py` prints, for `--report --format json`.
    public var json: [String: Any] {
        ["pages": pages, "lines": lines, "stranded_headings": strandedHeadings, "runts": runts,
         "compound_splits": compoundSplits, "thai_line_ends": thaiLineEnds, "unit_splits": unitSplits,
         "url_splits": urlSplits, "widest_gap_inside_word_em": (widestGapInsideWord * 1000).rounded() / 1000,
         "widest_space_em": (widestSpace * 1000).rounded() / 1000, "blank_foot_pages": blankFootPages,
         "outside_text_area": outsideTextArea, "table_lines": tableLines, "bad_continuations": badContinuations]
    }
}

extension ReaderMeasure {
    /// A drawn glyph as a reader's tool sees it.
    struct Mark {
        var character: Character
        var x0: Double, x1: Double, baseline: Double, size: Double, bold: Bool
    }

    /// One line: its glyphs in drawing order.
    struct Line {
        var marks: [Mark]
        var baseline: Double { marks[0].baseline }
        var size: Double { marks.map(\.size).max() ?? 0 }
        var inked: [Mark] { marks.filter { $0.character != " " } }
        var x0: Double { inked.map(\.x0).min() ?? marks[0].x0 }
        var x1: Double { inked.map(\.x1).max() ?? marks[0].x1 }
        var bold: Bool { inked.allSatisfy(\.bold) }
        var text: String { String(marks.map(\.character)) }
        var bases: [Mark] { marks.filter { !ReaderMeasure.isMark($0.character) } }

        /// Text in two cells of a table row: letters more than 2 em apart, spaces or not between them (a
        /// justified line's spaces stay under 1 em, a list marker sits under 1 em from its text).
        var isTable: Bool {
            let ink = bases.filter { $0.character != " " }
            return zip(ink, ink.dropFirst()).contains { a, b in b.x0 - a.x1 > 2 * size }
        }

        /// (widest gap between letters with no space between, widest gap across spaces), in em.
        var gaps: (inside: Double, between: Double) {
            var inside = 0.0, between = 0.0
            var last: Mark?
            var spaced = false
            for mark in bases {
                if mark.character == " " { spaced = true; continue }
                if let last {
                    let gap = (mark.x0 - last.x1) / size
                    if spaced { between = max(between, gap) }
                    else if ReaderMeasure.isThaiLetter(last.character) && ReaderMeasure.isThaiLetter(mark.character) {
                        inside = max(inside, gap)
                    }
                }
                last = mark
                spaced = false
            }
            return (inside, between)
        }
    }

    static func isMark(_ c: Character) -> Bool {
        guard let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1 else { return false }
        return scalar.value == 0x0E31 || (0x0E34...0x0E3A).contains(scalar.value) || (0x0E47...0x0E4E).contains(scalar.value)
    }

    static func isThaiLetter(_ c: Character) -> Bool {
        guard let scalar = c.unicodeScalars.first else { return false }
        return (0x0E01...0x0E4E).contains(scalar.value)
    }

    static let units = ["คะแนน", "ปี", "บาท", "คน", "ลำดับ", "เดือน", "วัน", "ครั้ง", "แห่ง"]

    /// Measures the laid-out pages of a document set with `design`.
    public init(_ document: LaidOutDocument, design: PageDesign) {
        let left = design.marginLeft, right = design.marginLeft + design.textWidth
        let top = design.marginTop, bottom = design.pageHeight - design.marginBottom
        let lexicon = Set((design.lineBreaking.compounds.words + design.lineBreaking.noBreak.words)
            .map { String(decoding: $0, as: UTF8.self) }.filter { !$0.contains(" ") && $0.unicodeScalars.count > 1 })
        pages = document.pages.count
        var previous: Line?
        for (index, page) in document.pages.enumerated() {
            let number = index + 1
            let marks = Self.marks(page)
            outsideTextArea += marks.filter { $0.character != " " && !Self.isMark($0.character) && ($0.x0 < left - 1 || $0.x1 > right + 1) }.count
            let all = Self.lines(marks)
            let body = all.filter { $0.baseline > top - 2 && $0.baseline < bottom + 2 }
            for foot in all where foot.baseline > bottom + 2 {
                let word = foot.text.trimmingCharacters(in: .whitespaces)
                guard word.hasPrefix("/") else { continue }
                let letters = word.filter { !Self.isMark($0) }.count - 4
                let core = word.dropFirst().dropLast(3)
                if !word.hasSuffix("...") || core.hasSuffix(".") || core.isEmpty || letters > design.continuation?.maxLetters ?? 0 { badContinuations.append(word) }
            }
            lines += body.count
            for line in body {
                if line.isTable {
                    tableLines += 1
                    previous = nil
                    continue
                }
                if line.x1 >= right - 1 {
                    let gaps = line.gaps
                    widestGapInsideWord = max(widestGapInsideWord, gaps.inside)
                    widestSpace = max(widestSpace, gaps.between)
                }
                if let before = previous, before.x1 >= right - 1 {
                    judgeBreak(before, line, right: right, page: number, lexicon: lexicon, minShare: design.lineBreaking.runt.minShare)
                }
                previous = line
            }
            if number < document.pages.count, let last = body.last {
                if last.bold && !last.isTable { strandedHeadings.append(number) }
                if (bottom - last.baseline) / design.linePitch - 1 > 4 { blankFootPages.append(number) }
            }
        }
    }

    /// Every glyph that stands for a character, where it is drawn.
    static func marks(_ page: LaidOutPage) -> [Mark] {
        var marks: [Mark] = []
        for case let .text(run, x, baseline) in page.elements {
            let size = run.font.size, bold = run.font.isBold
            // A glyph that stands for no single character (a ligature, a letter drawn with its mark) is still
            // ink where the reader sees a letter: it counts as one, or lines would show gaps that are not there.
            let stand: Character = run.text.unicodeScalars.contains { (0x0E01...0x0E5B).contains($0.value) } ? "\u{0E01}" : "?"
            for glyph in run.glyphs {
                let start = x + glyph.x
                marks.append(Mark(character: glyph.character.map(Character.init) ?? stand, x0: start, x1: start + glyph.advance,
                                  baseline: baseline + glyph.y, size: size, bold: bold))
            }
        }
        return marks
    }

    /// Glyphs grouped into lines by baseline (within 0.4 em), each line in drawing order, top to bottom.
    static func lines(_ marks: [Mark]) -> [Line] {
        guard let size = marks.map(\.size).max() else { return [] }
        var firstOf: [Double: Double] = [:]
        var first = -Double.infinity
        for y in Set(marks.map(\.baseline)).sorted() {
            if y - first > 0.4 * size { first = y }
            firstOf[y] = first
        }
        let grouped = Dictionary(grouping: marks) { firstOf[$0.baseline]! }
        return grouped.keys.sorted().map { Line(marks: grouped[$0]!) }
    }

    mutating func judgeBreak(_ before: Line, _ after: Line, right: Double, page: Int, lexicon: Set<String>, minShare: Double) {
        let end = before.text.trimmingCharacters(in: .whitespaces), start = after.text.trimmingCharacters(in: .whitespaces)
        guard let last = end.last, let first = start.first else { return }
        if after.x1 < right - 1, after.x1 - after.x0 < minShare * (right - after.x0) { runts.append("p\(page): \(start)") }
        // The space a line breaks at is drawn past the line's end: a break there falls between words.
        let atSpace = before.text.hasSuffix(" ")
        if Self.isThaiLetter(last), Self.isThaiLetter(first), !atSpace {
            thaiLineEnds += 1
            if let word = lexicon.first(where: { Self.spans($0, end: end, start: start) }) {
                compoundSplits.append(Self.split(word, end: end))
            }
        }
        if last.isNumber, let unit = Self.units.first(where: { start.hasPrefix($0) }) {
            unitSplits.append("\(end.split(separator: " ").last ?? "")|\(unit)")
        }
        guard !atSpace, let token = end.split(separator: " ").last.map(String.init) else { return }
        let isAddress = token.contains("://") || token.contains("www.") || token.contains("@")
        if token.hasSuffix("http:") || token.hasSuffix("https:") || token.hasSuffix("https:/") || token.hasSuffix("http:/")
            || token.hasSuffix("://") || (isAddress && !"/.-_?&=".contains(token.last!)) {
            urlSplits.append("\(token)|\(start.split(separator: " ").first ?? "")")
        }
    }

    /// Whether `word` runs across the break: a head of it ends the line and the rest starts the next.
    static func spans(_ word: String, end: String, start: String) -> Bool {
        let scalars = Array(word.unicodeScalars)
        return (1..<scalars.count).contains { cut in
            end.unicodeScalars.reversed().starts(with: scalars[..<cut].reversed())
                && start.unicodeScalars.starts(with: scalars[cut...])
        }
    }

    static func split(_ word: String, end: String) -> String {
        let scalars = Array(word.unicodeScalars)
        let cut = (1..<scalars.count).last { end.unicodeScalars.reversed().starts(with: scalars[..<$0].reversed()) } ?? 1
        return String(String.UnicodeScalarView(scalars[..<cut])) + "|" + String(String.UnicodeScalarView(scalars[cut...]))
    }
}

extension FontHandle {
    /// Whether the font is bold, as its Pango description says.
    var isBold: Bool {
        let description = pango_font_describe(pointer)
        defer { pango_font_description_free(description) }
        return pango_font_description_get_weight(description).rawValue >= PANGO_WEIGHT_BOLD.rawValue
    }
}
