import Foundation
import CPangoCairo

/// A Pango font, kept alive for as long as a laid-out run refers to it.
public final class FontHandle {
    public let pointer: UnsafeMutablePointer<PangoFont>
    /// The family fontconfig actually chose, to catch silent fallback.
    public let family: String
    /// The glyphs of SARA AM: decomposed (NIKHAHIT, SARA AA) as the shaper places them, and precomposed.
    lazy var saraAm: (nikhahit: UInt32, aa: UInt32, precomposed: UInt32)? = {
        guard let hb = pango_font_get_hb_font(pointer) else { return nil }
        var nikhahit: hb_codepoint_t = 0, aa: hb_codepoint_t = 0, am: hb_codepoint_t = 0
        guard hb_font_get_nominal_glyph(hb, 0x0E4D, &nikhahit) != 0, hb_font_get_nominal_glyph(hb, 0x0E32, &aa) != 0,
              hb_font_get_nominal_glyph(hb, 0x0E33, &am) != 0 else { return nil }
        return (nikhahit, aa, am)
    }()

    init(retaining pointer: UnsafeMutablePointer<PangoFont>) {
        self.pointer = pointer
        g_object_ref(UnsafeMutableRawPointer(pointer))
        let description = pango_font_describe(pointer)
        family = pango_font_description_get_family(description).map { String(cString: $0) } ?? ""
        pango_font_description_free(description)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(pointer)) }

    /// The glyph the font's cmap gives a character. Asked for every glyph a paragraph is shaped into, so the
    /// answers for U+0000–U+0FFF (Latin, punctuation and Thai) are kept, one array slot a character.
    func nominalGlyph(_ scalar: Unicode.Scalar) -> UInt32? {
        let index = Int(scalar.value)
        guard index < Self.keptNominalGlyphs else { return lookUpNominalGlyph(scalar) }
        if nominalGlyphs.isEmpty { nominalGlyphs = [UInt32](repeating: Self.notAsked, count: Self.keptNominalGlyphs) }
        let kept = nominalGlyphs[index]
        if kept != Self.notAsked { return kept == Self.noGlyph ? nil : kept }
        let found = lookUpNominalGlyph(scalar)
        nominalGlyphs[index] = found ?? Self.noGlyph
        return found
    }

    private static let keptNominalGlyphs = 0x1000
    /// Glyph ids are 16-bit in a TrueType or OpenType font, so these two values are never a glyph.
    private static let notAsked = UInt32.max, noGlyph = UInt32.max - 1
    private var nominalGlyphs: [UInt32] = []

    private func lookUpNominalGlyph(_ scalar: Unicode.Scalar) -> UInt32? {
        guard let hb = pango_font_get_hb_font(pointer) else { return nil }
        var glyph: hb_codepoint_t = 0
        return hb_font_get_nominal_glyph(hb, scalar.value, &glyph) != 0 ? glyph : nil
    }

    /// The character a glyph's name gives, for names of the form "uniXXXX" or "uniXXXX.variant": kept per font, since
    /// reading a glyph's name costs thousands of instructions and the same few variants recur.
    func namedCharacter(_ glyph: UInt32) -> Unicode.Scalar? {
        if let known = namedCharacters[glyph] { return known }
        let found = readNamedCharacter(glyph)
        namedCharacters[glyph] = found
        return found
    }

    private var namedCharacters: [UInt32: Unicode.Scalar?] = [:]

    private func readNamedCharacter(_ glyph: UInt32) -> Unicode.Scalar? {
        guard let hb = pango_font_get_hb_font(pointer) else { return nil }
        var buffer = [CChar](repeating: 0, count: 64)
        guard hb_font_get_glyph_name(hb, glyph, &buffer, UInt32(buffer.count)) != 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard name.hasPrefix("uni"), name.count >= 7, let value = UInt32(name.dropFirst(3).prefix(4), radix: 16) else { return nil }
        return Unicode.Scalar(value)
    }

    /// Glyph → the Private Use Area code points the font's cmap gives it (U+E000–U+F8FF): where Thai
    /// fonts put their positional variants. Asked once per font and session (6,400 cmap look-ups).
    public private(set) lazy var privateUseCodes: [UInt32: [UInt32]] = {
        guard let hb = pango_font_get_hb_font(pointer) else { return [:] }
        var codes: [UInt32: [UInt32]] = [:]
        for point in UInt32(0xE000)...UInt32(0xF8FF) {
            var glyph: hb_codepoint_t = 0
            if hb_font_get_nominal_glyph(hb, point, &glyph) != 0 { codes[glyph, default: []].append(point) }
        }
        return codes
    }()

    /// The HarfBuzz face of the font's file: one for every size of it (the PDF embeds each face once).
    public var face: OpaquePointer? {
        guard let hb = pango_font_get_hb_font(pointer) else { return nil }
        return hb_font_get_face(hb)
    }

    /// The font's file and its face's index in it: one font in the PDF, whichever Pango font map (and so whichever
    /// HarfBuzz face) drew it (see LinesFromTheEnd). A font fontconfig did not give is known by its face alone.
    public private(set) lazy var fileIdentity: String = {
        var file: UnsafeMutablePointer<FcChar8>?
        var index: Int32 = 0
        guard let pattern = fontconfigPattern, FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch, let file else {
            return "face \(String(describing: face))"
        }
        _ = FcPatternGetInteger(pattern, FC_INDEX, 0, &index)
        return "\(String(cString: file))#\(index)"
    }()

    /// The fontconfig pattern Pango chose the font by, for a font of Pango's fontconfig font map (all of saraban's).
    private var fontconfigPattern: OpaquePointer? {
        let instance = UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: GTypeInstance.self)
        guard g_type_check_instance_is_a(instance, pango_fc_font_get_type()) != 0 else { return nil }
        return pango_fc_font_get_pattern(UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: PangoFcFont.self))
    }

    /// Whether `other` draws the same glyphs the same way: the same Pango font, or one of another font map (see
    /// LinesFromTheEnd) for the same face of the same file, at the same size and emboldening.
    public func drawsLike(_ other: FontHandle) -> Bool {
        pointer == other.pointer
            || (fileIdentity == other.fileIdentity && size == other.size && isSyntheticBold == other.isSyntheticBold)
    }

    /// Whether fontconfig asked for this font to be emboldened: the family has no bold face, so bold is drawn from
    /// the regular one made heavier (Pango's own drawing does it; a PDF writer must do it too, or bold is lost).
    public private(set) lazy var isSyntheticBold: Bool = {
        guard let pattern = fontconfigPattern else { return false }
        var embolden: FcBool = 0
        return FcPatternGetBool(pattern, FC_EMBOLDEN, 0, &embolden) == FcResultMatch && embolden != 0
    }()

    /// The font's size in points (Pango's resolution is set to 72 dots per inch, so a pixel is a point).
    public private(set) lazy var size: Double = {
        let description = pango_font_describe_with_absolute_size(pointer)
        defer { pango_font_description_free(description) }
        return Double(pango_font_description_get_size(description)) / Double(PANGO_SCALE)
    }()

    /// The Cairo font the PNG preview draws this font's glyphs with (owned by the Pango font).
    public var scaledFont: OpaquePointer? { pango_cairo_font_get_scaled_font(OpaquePointer(pointer)) }
}

/// A glyph placed relative to its run's origin (x to the right, y down from the baseline).
public struct PositionedGlyph {
    // Fields ordered so the struct packs into 40 bytes: a document keeps tens of thousands of these.
    public var id: UInt32
    /// The character this glyph alone stands for, where it stands for exactly one (most Thai glyphs,
    /// marks' positional variants included): the PDF writer maps the glyph to it for extractors that
    /// read glyphs one by one rather than the run's /ActualText.
    public var character: Unicode.Scalar? = nil
    /// What may stretch before this glyph when the line is justified: set on a cluster's first glyph
    /// only, so a mark never moves away from its letter.
    public var gapBefore: GapKind
    public var x: Double
    public var y: Double
    public var advance: Double

    public init(id: UInt32, x: Double, y: Double, gapBefore: GapKind, advance: Double, character: Unicode.Scalar? = nil) {
        self.id = id
        self.character = character
        self.gapBefore = gapBefore
        self.x = x
        self.y = y
        self.advance = advance
    }
}

/// A run of glyphs in one font, with the text it draws: the unit written to the PDF with its text.
public struct GlyphRun {
    public var font: FontHandle
    public var text: String
    public var glyphs: [PositionedGlyph]
    /// Offset of the run from the line's start.
    public var x: Double
    public var width: Double
    var byteStart = 0
    var byteEnd = 0
    /// Ink other than black (a mark's red), as red, green and blue from 0 to 1.
    public var color: Color? = nil
    /// The structure node the run's text belongs to (see `StructureTree`); nil for an artifact.
    public var node: Int? = nil
}

/// A colour as the layout file writes it ("#C00000"), as red, green and blue from 0 to 1 (PDF's and Cairo's terms).
public struct Color: Sendable, Equatable {
    public var red: Double, green: Double, blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// "#RRGGBB", or nil.
    public init?(hex: String) {
        let digits = hex.hasPrefix("#") ? hex.dropFirst() : Substring(hex)
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
        red = Double(value >> 16 & 0xFF) / 255
        green = Double(value >> 8 & 0xFF) / 255
        blue = Double(value & 0xFF) / 255
    }
}

/// One line of text, positioned by the line breaker; runs are relative to the line's start.
public struct TextLine {
    public var runs: [GlyphRun]
    /// Natural width, without white space at the line's end.
    public var width: Double
    public var text: String
    /// Ended by the paragraph's end or a newline: never stretched.
    public var endsParagraph: Bool
    /// The compound word the break after this line splits, as "งบ|ประมาณ" (for the report).
    public var brokenCompound: String?
    /// A word wider than the line, cut between letters at this line's end (a last resort, warned about).
    public var brokenWord: String?
}

/// What a page holds, in points from the page's top-left corner.
public enum PageElement {
    /// A run of glyphs whose origin is at (x, baseline).
    case text(GlyphRun, x: Double, baseline: Double)
    /// A stroked line (table borders).
    case rule(x0: Double, y0: Double, x1: Double, y1: Double, width: Double)
    /// A dotted leader from x0 to x1 on a baseline: round dots `pitch` apart, drawn, not typed, so that copying
    /// the text gives no run of full stops.
    case leader(x0: Double, x1: Double, y: Double, pitch: Double, radius: Double)
    /// A PNG image scaled into a box; `node` is its figure in the structure, nil for an artifact.
    case image(URL, x: Double, y: Double, width: Double, height: Double, node: Int? = nil)
    /// What `--debug-layout` draws over the page: line boxes, baselines, break points.
    case debug(x0: Double, y0: Double, x1: Double, y1: Double, mark: DebugMark)

    func shifted(by dy: Double) -> PageElement {
        switch self {
        case let .text(run, x, baseline): return .text(run, x: x, baseline: baseline + dy)
        case let .rule(x0, y0, x1, y1, width): return .rule(x0: x0, y0: y0 + dy, x1: x1, y1: y1 + dy, width: width)
        case let .leader(x0, x1, y, pitch, radius): return .leader(x0: x0, x1: x1, y: y + dy, pitch: pitch, radius: radius)
        case let .image(url, x, y, width, height, node): return .image(url, x: x, y: y + dy, width: width, height: height, node: node)
        case let .debug(x0, y0, x1, y1, mark): return .debug(x0: x0, y0: y0 + dy, x1: x1, y1: y1 + dy, mark: mark)
        }
    }
}

public enum DebugMark: Sendable {
    /// The box a line or an item occupies.
    case box
    /// A line's baseline.
    case baseline
    /// Where a line breaks: the end of its natural width.
    case breakPoint
}

/// An entry of the PDF's outline: a heading's text, its level and where it stands.
public struct OutlineEntry {
    public var title: String
    public var level: Int
    public var page: Int
    public var y: Double
}

public struct LaidOutPage {
    public var number: Int
    public var elements: [PageElement]
    /// The plain text of the body's items, top to bottom.
    public var bodyText: [String]
    /// Text printed again on this page where a table continues: its header row, cells spanning rows.
    public var repeatedText: [String]
    /// The continuation word at the page's foot, if the page has one.
    public var continuation: String? = nil
    /// The signature blocks on this page: which signatory (from 1) and the box, from the page's top left.
    public var signatureBoxes: [SignatureBox] = []
}

public struct SignatureBox: Sendable {
    public var signatory: Int
    public var x: Double, y: Double, width: Double, height: Double
}

/// What only the layout engine knows of a document, for warnings and `saraban render --report` (what a reader
/// can measure on the pages is `ReaderMeasure`).
public struct LayoutReport: Sendable {
    public var pages = 0
    /// Words wider than their line or cell, cut between letters as a last resort, with the page they are on.
    public var brokenWords: [(word: String, page: Int)] = []
    /// Each part of a table on its page, as its number of body rows (a table on one page is one part).
    public var tableParts: [Int] = []
    /// Why a page ends early: what the next page starts with, by page number.
    public var blankFootReasons: [Int: String] = [:]
    /// The runt rule's share of the line, for the report's wording.
    public var runtShare = 0.0
}

/// The document after layout: every page decided, every glyph placed; nothing left to compute when drawing.
public struct LaidOutDocument {
    public var pageWidth: Double
    public var pageHeight: Double
    public var pages: [LaidOutPage]
    public var outline: [OutlineEntry]
    public var report: LayoutReport
    /// The logical structure the pages' elements name by number (tagged PDF).
    public var structure: [StructureNode]
    /// What the layout prints on every page at its own place (a secrecy mark), as artifacts.
    public var marksOnEveryPage: [PageElement]

    public init(pageWidth: Double, pageHeight: Double, pages: [LaidOutPage], outline: [OutlineEntry], report: LayoutReport,
                structure: [StructureNode] = StructureTree().nodes, marksOnEveryPage: [PageElement] = []) {
        self.pageWidth = pageWidth
        self.pageHeight = pageHeight
        self.pages = pages
        self.outline = outline
        self.report = report
        self.structure = structure
        self.marksOnEveryPage = marksOnEveryPage
    }

    /// Documents set one after another in one PDF (a memo and the report it submits): each part keeps its own
    /// page numbers and continuation words; the outline gets an entry at each part's first page; signatories
    /// are numbered through the whole file, so `sign --signer N` names one block. A part's marks for every page (a
    /// classified memo's secrecy mark) go on every page of the parts set in after it too: what a classified
    /// document carries is classified with it, and its marks are at the paper's edges, clear of any layout's text.
    public init(joining parts: [(document: LaidOutDocument, title: String)]) {
        var pages: [LaidOutPage] = [], outline: [OutlineEntry] = [], report = LayoutReport()
        var signatories = 0
        var structure = StructureTree().nodes
        var carriedMarks: [PageElement] = []
        for (part, title) in parts {
            defer { carriedMarks += part.marksOnEveryPage }
            let offset = pages.count
            let before = signatories
            // Each part's structure under the file's: its document node becomes a part, its numbers move up.
            let nodeOffset = structure.count
            structure += part.structure.map { node in
                var moved = node
                if node.role == .document { moved.role = .part }
                moved.parent = node.parent.map { $0 + nodeOffset } ?? StructureTree.root
                return moved
            }
            for var page in part.pages {
                page.elements = page.elements.map { element in element.node.map { element.tagged($0 + nodeOffset) } ?? element }
                page.elements += carriedMarks
                page.signatureBoxes = page.signatureBoxes.map { box in
                    var renumbered = box
                    renumbered.signatory += before
                    signatories = max(signatories, renumbered.signatory)
                    return renumbered
                }
                pages.append(page)
            }
            if let first = part.pages.first, !part.outline.contains(where: { $0.page == first.number && $0.level == 0 }) {
                outline.append(OutlineEntry(title: title, level: 0, page: offset + 1, y: 0))
            }
            outline += part.outline.map { entry in
                var moved = entry
                moved.page += offset
                return moved
            }
            report.pages += part.report.pages
            report.brokenWords += part.report.brokenWords.map { ($0.word, $0.page + offset) }
            report.tableParts += part.report.tableParts
        }
        self.init(pageWidth: parts.first?.document.pageWidth ?? 0, pageHeight: parts.first?.document.pageHeight ?? 0, pages: pages,
                  outline: outline, report: report, structure: structure, marksOnEveryPage: carriedMarks)
    }
}
