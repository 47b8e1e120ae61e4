import Foundation

/// Places a broken line inside its box: alignment, and for justified lines the spreading of the
/// line's spare width.
///
/// Pango's own justification stretches only spaces, and a Thai line has few: the spare width then
/// collects in a handful of wide holes. `thai-distributed` (what Word calls "Thai distributed") gives
/// every gap between grapheme clusters an equal share instead; a cluster is a base letter with its
/// marks, so a mark is never moved away from its letter. No gap but a space opens wider than
/// `maxGapInsideWord` (in em): beyond it the rest goes to the spaces, because a reader that rebuilds text
/// from glyph positions (MuPDF counts 0.15 em as a space) would otherwise find spaces inside words; a line
/// without a space then stops short of the margin. No gap opens after a cluster whose last mark sits
/// left of its pen (ปี: the vowel moved clear of ป's stem), for the same reason. The last line of a
/// paragraph, and a line ended by a newline, are not stretched; white space at a line's end takes nothing.
/// No space opens to `maxSpace` em or wider: a line that would need such a hole (a long address pushed to the
/// next line, one space left on this one) is set ragged instead, as Word does.
struct LinePlacement {
    let justification: PageDesign.Justification
    /// The widest a gap inside a word may open, as a fraction of the font size.
    var maxGapInsideWord: Double = 0.15
    /// The widest a space may become (its own width and what it is stretched by), as a fraction of the font size.
    var maxSpace: Double = 100

    init(justification: PageDesign.Justification, maxGapInsideWord: Double = 0.15, maxSpace: Double = 100) {
        self.justification = justification
        self.maxGapInsideWord = maxGapInsideWord
        self.maxSpace = maxSpace
    }

    init(design: PageDesign) {
        self.init(justification: design.justification, maxGapInsideWord: design.lineBreaking.maxGapInsideWord,
                  maxSpace: design.lineBreaking.maxSpace)
    }

    /// The line's runs as page elements, with the line's start at `x` and its baseline at `baseline`.
    func place(_ line: TextLine, x: Double, baseline: Double, available: Double,
               align: PageDesign.Alignment, size: Double = 16) -> [PageElement] {
        let offset: Double
        var runs = line.runs
        switch align {
        case .left: offset = 0
        case .center: offset = max(0, (available - line.width) / 2)
        case .right: offset = max(0, available - line.width)
        case .justify:
            offset = 0
            if !line.endsParagraph, justification != .left {
                let stretched = stretch(line, to: available, size: size)
                if !opensHole(stretched, available: available, size: size) { runs = stretched }
            }
        }
        return runs.map { .text($0, x: x + offset + $0.x, baseline: baseline) }
    }

    struct Shares {
        var insideWord = 0.0
        var betweenWords = 0.0
        var space = 0.0

        func share(_ kind: GapKind) -> Double {
            switch kind {
            case .none: return 0
            case .insideWord: return insideWord
            case .betweenWords: return betweenWords
            case .space: return space
            }
        }
    }

    /// How much each kind of gap opens to fill `spare`.
    func shares(spare: Double, inside: Int, between: Int, spaces: Int, size: Double) -> Shares {
        guard spare > 0 else { return Shares() }
        switch justification {
        case .left:
            return Shares()
        case .spaces:
            guard spaces > 0 else { return Shares() }
            return Shares(space: spare / Double(spaces))
        case .thaiDistributed:
            let all = inside + between + spaces
            guard all > 0 else { return Shares() }
            let even = spare / Double(all)
            let cap = maxGapInsideWord * size
            if even <= cap {
                return Shares(insideWord: even, betweenWords: even, space: even)
            }
            let letters = Double(inside + between)
            if spaces > 0 {
                return Shares(insideWord: cap, betweenWords: cap, space: (spare - cap * letters) / Double(spaces))
            }
            // No space to take the rest: the line stops short of the margin rather than tear its words apart.
            return Shares(insideWord: cap, betweenWords: cap)
        }
    }

    /// The gaps that may stretch: every cluster start but the first, before the line's trailing white space.
    func gaps(_ line: TextLine) -> (inside: Int, between: Int, spaces: Int) {
        var counts = (inside: 0, between: 0, spaces: 0)
        for run in line.runs {
            for glyph in run.glyphs where run.x + glyph.x < line.width - 0.001 {
                switch glyph.gapBefore {
                case .none: break
                case .insideWord: counts.inside += 1
                case .betweenWords: counts.between += 1
                case .space: counts.spaces += 1
                }
            }
        }
        return counts
    }

    func stretch(_ line: TextLine, to available: Double, size: Double) -> [GlyphRun] {
        let counts = gaps(line)
        let shares = shares(spare: available - line.width, inside: counts.inside, between: counts.between,
                            spaces: counts.spaces, size: size)
        var runs = line.runs
        var shift = 0.0
        for r in runs.indices {
            let naturalX = runs[r].x
            runs[r].x += shift
            var inRun = 0.0
            for g in runs[r].glyphs.indices {
                let glyph = runs[r].glyphs[g]
                if naturalX + glyph.x < line.width - 0.001 { inRun += shares.share(glyph.gapBefore) }
                runs[r].glyphs[g].x += inRun
            }
            runs[r].width += inRun
            shift += inRun
        }
        return runs
    }

    /// Whether justifying the line would open a space of `maxSpace` em or more: measured on the stretched
    /// glyphs, from the end of the letter before a space to the start of the letter after it, as a reader does.
    func opensHole(_ line: TextLine, available: Double, size: Double) -> Bool {
        opensHole(stretch(line, to: available, size: size), available: available, size: size)
    }

    func opensHole(_ stretched: [GlyphRun], available: Double, size: Double) -> Bool {
        maxSpace < 100 && Self.widestSpace(stretched, before: available) >= maxSpace * size
    }

    /// The widest white gap around a space inside the line, in points.
    static func widestSpace(_ runs: [GlyphRun], before end: Double) -> Double {
        var widest = 0.0
        var inkEnd = -Double.infinity
        var sawSpace = false
        for run in runs {
            for glyph in run.glyphs {
                let x = run.x + glyph.x
                guard x < end - 0.001 else { return widest }
                if glyph.character == " " { sawSpace = true; continue }
                if sawSpace, inkEnd > -Double.infinity { widest = max(widest, x - inkEnd) }
                sawSpace = false
                inkEnd = max(inkEnd, x + glyph.advance)
            }
        }
        return widest
    }
}
