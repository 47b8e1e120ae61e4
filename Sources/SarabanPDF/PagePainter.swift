import Foundation
import CPangoCairo
import SarabanLayout

/// The fonts a document's pages use, one `EmbeddedFont` per face of a font file, named `/F1`, `/F2`… in order of
/// first use.
final class FontTable {
    private(set) var fonts: [EmbeddedFont] = []
    /// By the face's file and index rather than its HarfBuzz face: a document's lines may come from two typesetters,
    /// each with its own Pango font map and so its own face of the same file (see LinesFromTheEnd).
    private var byFile: [String: EmbeddedFont] = [:]
    /// The same, by HarfBuzz face, asked first: the file is read from fontconfig's pattern once per face.
    private var byFace: [OpaquePointer: EmbeddedFont] = [:]

    func font(for handle: FontHandle, reserving reserve: () -> Int) -> EmbeddedFont? {
        guard let face = handle.face else { return nil }
        if let known = byFace[face] { return known }
        if let known = byFile[handle.fileIdentity] {
            byFace[face] = known
            return known
        }
        let font = EmbeddedFont(face: face, resourceName: "F\(fonts.count + 1)", number: reserve())
        fonts.append(font)
        byFile[handle.fileIdentity] = font
        byFace[face] = font
        return font
    }
}

/// Writes one page's elements as its content stream, in PDF's coordinates (origin at the bottom left): text as
/// glyph ids placed where the layout put them, rules, dotted leaders, images.
///
/// Tagged PDF is written here, as the content is: each run of elements of one structure node is one marked
/// sequence (`/P <</MCID 3>> BDC … EMC`), numbered on the page in order; what belongs to no node (page numbers,
/// borders, leaders, repeated headers) is one `/Artifact` sequence. Each text run also carries its exact text as
/// `/ActualText`, so that copying and searching give back the data's characters, in order, with no space added,
/// whatever the glyphs' positions after justification.
struct PagePainter {
    let pageHeight: Double
    /// The structure's nodes, to name each sequence by its node's role; nil for a file without tags.
    let structure: [StructureNode]?
    private(set) var content = PageContent()
    /// The node of each marked sequence, in MCID order.
    private(set) var sequences: [Int] = []

    private enum Marked: Equatable { case none, node(Int), artifact }
    private var marked = Marked.none
    private var fill: Color?
    private var lineWidth: Double?

    /// The ink where a run names none; the fill colour a content stream starts with.
    static let black = Color(red: 0, green: 0, blue: 0)

    /// In thousandths of an em: see `text`.
    static let smallestAdjustment = 0.5

    init(pageHeight: Double, structure: [StructureNode]?) {
        self.pageHeight = pageHeight
        self.structure = structure
    }

    /// Closes what is open: called once after the page's last element.
    mutating func finish() {
        mark(.none)
    }

    /// Opens the element's sequence if another is open.
    mutating func enter(_ node: Int?) {
        guard let structure else { return }
        if let node, node < structure.count { mark(.node(node)) } else { mark(.artifact) }
    }

    private mutating func mark(_ next: Marked) {
        guard next != marked else { return }
        if marked != .none { content.op("EMC") }
        switch next {
        case .none: break
        case .artifact: content.op("/Artifact BMC")
        case .node(let node):
            content.name(structure![node].role.rawValue)
            content.raw(" <</MCID ")
            content.integer(sequences.count)
            content.op(">> BDC")
            sequences.append(node)
        }
        marked = next
    }

    mutating func setFill(_ color: Color?) {
        guard color != fill else { return }
        let ink = color ?? Self.black
        content.numbers(ink.red, ink.green, ink.blue)
        content.op("rg")
        fill = color
    }

    /// A run of glyphs: `Tm` at its first glyph and wherever a glyph leaves the baseline (a mark the shaper raised
    /// or lowered); between, each glyph's offset from where the previous one's advance left the pen, in
    /// thousandths of an em, as a `TJ` adjustment where it is not negligible.
    mutating func text(_ run: GlyphRun, x: Double, baseline: Double, font: EmbeddedFont) {
        let size = run.font.size
        guard size > 0, run.glyphs.contains(where: { $0.id <= 0xFFFF }) else { return }
        setFill(run.color)
        let emboldened = run.font.isSyntheticBold
        if emboldened { startEmboldening(size: size, ink: run.color) }
        content.op("BT")
        if emboldened { content.op("2 Tr") }
        content.raw("/Span <</ActualText ")
        content.textString(run.text)
        content.op(">> BDC")
        content.name(font.resourceName)
        content.raw(" ")
        content.number(size)
        content.op(" Tf")
        var penX = 0.0, penY = 0.0
        var inArray = false, inString = false
        for glyph in run.glyphs where glyph.id <= 0xFFFF {
            guard let width = font.use(glyph) else { continue }
            let glyphX = x + glyph.x, glyphY = pageHeight - baseline - glyph.y
            if !inArray || abs(glyphY - penY) > 0.0005 {
                if inString { content.raw(")") }
                if inArray { content.op("]TJ") }
                content.raw("1 0 0 1 ")
                content.numbers(glyphX, glyphY)
                content.raw("Tm[(")
                penX = glyphX
                penY = glyphY
                inArray = true
                inString = true
            } else {
                let adjustment = (((penX - glyphX) * 1000 / size) * 1000).rounded() / 1000
                // Below half a thousandth of an em (0.008 pt at 16 pt) the difference is the rounding of the shaper's
                // units against the font's: left to build up until it is worth a number, so it never grows past that.
                if abs(adjustment) >= Self.smallestAdjustment {
                    if inString { content.raw(")") }
                    content.number(adjustment)
                    content.raw("(")
                    inString = true
                    penX -= adjustment * size / 1000
                } else if !inString {
                    content.raw("(")
                    inString = true
                }
            }
            content.glyph(glyph.id)
            penX += width * size / 1000
        }
        if inString { content.raw(")") }
        if inArray { content.op("]TJ") }
        content.op("EMC")
        content.op("ET")
        if emboldened { content.op("Q") }
    }

    /// Bold from a family with no bold face: the glyphs filled and stroked in their own ink, the stroke a 24th of
    /// the size wide — FreeType's emboldening (what Pango's own drawing, and the PNG preview, do) widens an outline
    /// by that much. Saved and restored round the text object, since neither `q` nor `Q` may stand inside one.
    private mutating func startEmboldening(size: Double, ink: Color?) {
        let colour = ink ?? Self.black
        content.op("q")
        content.numbers(colour.red, colour.green, colour.blue)
        content.op("RG")
        content.number(size / 24)
        content.op(" w")
    }

    mutating func rule(x0: Double, y0: Double, x1: Double, y1: Double, width: Double) {
        setLineWidth(width)
        content.numbers(x0, pageHeight - y0)
        content.op("m")
        content.numbers(x1, pageHeight - y1)
        content.op("l S")
    }

    mutating func setLineWidth(_ width: Double) {
        guard width != lineWidth else { return }
        content.number(width)
        content.op(" w")
        lineWidth = width
    }

    /// Round dots `pitch` apart from x0 to x1, each a circle of four Bézier curves, filled at once.
    mutating func leader(x0: Double, x1: Double, y: Double, pitch: Double, radius: Double) {
        guard pitch > 0, radius > 0 else { return }
        let k = radius * 0.552_284_749_8
        let cy = pageHeight - (y - radius)
        var cx = x0 + radius
        while cx <= x1 - radius {
            content.numbers(cx + radius, cy)
            content.op("m")
            curve(cx + radius, cy + k, cx + k, cy + radius, cx, cy + radius)
            curve(cx - k, cy + radius, cx - radius, cy + k, cx - radius, cy)
            curve(cx - radius, cy - k, cx - k, cy - radius, cx, cy - radius)
            curve(cx + k, cy - radius, cx + radius, cy - k, cx + radius, cy)
            cx += pitch
        }
        content.op("f")
    }

    private mutating func curve(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ x3: Double, _ y3: Double) {
        content.numbers(x1, y1, x2, y2, x3, y3)
        content.op("c")
    }

    /// An image XObject drawn into its box (`y` is the box's top, from the page's top).
    mutating func image(_ name: String, x: Double, y: Double, width: Double, height: Double) {
        content.op("q")
        content.numbers(width, 0, 0, height, x, pageHeight - y - height)
        content.op("cm")
        content.name(name)
        content.op(" Do")
        content.op("Q")
    }

    /// What `--debug-layout` draws: a thin coloured line, in a saved state so the page's own ink is untouched.
    mutating func debugLine(x0: Double, y0: Double, x1: Double, y1: Double, mark: DebugMark) {
        let colour: (Double, Double, Double) = switch mark {
        case .box: (0.2, 0.5, 1)
        case .baseline: (1, 0.3, 0.3)
        case .breakPoint: (0.1, 0.7, 0.2)
        }
        content.op("q")
        content.numbers(colour.0, colour.1, colour.2)
        content.op("RG")
        content.number(mark == .breakPoint ? 1 : 0.3)
        content.op(" w")
        content.numbers(x0, pageHeight - y0)
        content.op("m")
        content.numbers(x1, pageHeight - y1)
        content.op("l S")
        content.op("Q")
    }
}
