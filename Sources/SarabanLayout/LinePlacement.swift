import Foundation

/// Places a broken line inside its box: alignment, and for justified lines the spreading of the
/// line's spare width.
///
/// Pango's own justification stretches only spaces, and a Thai line has few: the spare width then
/// collects in a handful of wide holes. `thai-distributed` (what Word calls "Thai distributed") gives
/// every gap between grapheme clusters an equal share instead; a cluster is a base letter with its
/// marks, so a mark is never moved away from its letter. The last line of a paragraph is not stretched.
struct LinePlacement {
    let justification: PageDesign.Justification

    /// The line's runs as page elements, with the line's start at `x` and its baseline at `baseline`.
    func place(_ line: TextLine, x: Double, baseline: Double, available: Double,
               align: PageDesign.Alignment) -> [PageElement] {
        switch align {
        case .left:
            return line.runs.map { .text($0, x: x + $0.x, baseline: baseline) }
        case .center:
            let offset = max(0, (available - line.width) / 2)
            return line.runs.map { .text($0, x: x + offset + $0.x, baseline: baseline) }
        case .right:
            let offset = max(0, available - line.width)
            return line.runs.map { .text($0, x: x + offset + $0.x, baseline: baseline) }
        case .justify:
            guard !line.endsParagraph, justification != .left else {
                return line.runs.map { .text($0, x: x + $0.x, baseline: baseline) }
            }
            return stretch(line, to: available).map { .text($0, x: x + $0.x, baseline: baseline) }
        }
    }

    /// Spreads `available − width` over the line's stretchable gaps; white space at the line's end
    /// takes none.
    func stretch(_ line: TextLine, to available: Double) -> [GlyphRun] {
        let spare = available - line.width
        let gaps = gapCount(line)
        guard spare > 0, gaps > 0 else { return line.runs }
        let share = spare / Double(gaps)
        var runs = line.runs
        var shift = 0.0
        var seenFirst = false
        var remainingGaps = gaps
        for r in runs.indices {
            runs[r].x += shift
            var inRunShift = 0.0
            for g in runs[r].glyphs.indices {
                let glyph = runs[r].glyphs[g]
                if glyph.startsCluster, seenFirst, remainingGaps > 0, isGap(glyph) {
                    inRunShift += share
                    remainingGaps -= 1
                }
                seenFirst = true
                runs[r].glyphs[g].x += inRunShift
            }
            runs[r].width += inRunShift
            shift += inRunShift
        }
        return runs
    }

    func isGap(_ glyph: PositionedGlyph) -> Bool {
        justification == .thaiDistributed || glyph.isSpace
    }

    /// The gaps that may stretch: cluster starts after the first, up to the last non-space cluster.
    func gapCount(_ line: TextLine) -> Int {
        let glyphs = line.runs.flatMap(\.glyphs)
        guard let lastInk = glyphs.lastIndex(where: { !$0.isSpace }) else { return 0 }
        var count = 0
        for index in glyphs.indices.dropFirst() where index <= lastInk {
            if glyphs[index].startsCluster && isGap(glyphs[index]) { count += 1 }
        }
        return count
    }
}
