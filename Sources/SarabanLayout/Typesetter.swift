import Foundation
import CPangoCairo
import SarabanBlocks
import SarabanITA
import SarabanThai

/// Shapes and breaks text with Pango. One typesetter owns one Pango font map and context; Pango's
/// font maps are not safe to share between threads, so each worker makes its own.
public final class Typesetter {
    let fonts: FontSetup
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    let context: OpaquePointer
    let language: OpaquePointer?
    public var family: String { fonts.family }

    let compounds: Compounds
    /// Words never broken (BreakOpportunities), and the runt rule for paragraphs (LineBreaker).
    let noBreak: Compounds
    let runt: RuntRule
    /// What a break inside a phrase costs in a ragged line (`Settings.ragged`).
    let phrasePenalty: Double
    private var metricsCache: [Double: (ascent: Double, descent: Double)] = [:]
    private var linesCache: [LinesKey: [TextLine]] = [:]
    private var oldLinesCache: [LinesKey: [TextLine]] = [:]
    /// Paragraphs set once, by their key's hash: a paragraph's lines are kept only when it comes a second time.
    private var seenOnce: Set<Int> = []
    /// Every font a run has used, by Pango font, kept for the session (see `handle(for:)`).
    var fontHandles: [UnsafeMutableRawPointer: FontHandle] = [:]
    /// Lines a second typesetter set for this one (see LinesFromTheEnd), taken over once that one has stopped: read
    /// when a paragraph is not in this typesetter's own caches. They hold that typesetter's fonts, so it is kept too.
    var borrowed: (lines: [LinesKey: [TextLine]], from: AnyObject)?
    /// Set on a second typesetter: told each paragraph it sets, and asked before each whether to stop.
    var lending: LinesLending?

    /// In em: how far a word wider than its line may run past the line's end before it is cut between letters.
    let overflowTolerance: Double

    public init(families: [String], fontFolders: [URL] = [], compounds: Compounds = Compounds(words: [], penalty: 0),
                noBreak: Compounds = Compounds(words: [], penalty: 0), runt: RuntRule = .init(minShare: 0, penalty: 0),
                phrasePenalty: Double = 0, overflowTolerance: Double = 0) throws {
        self.compounds = compounds
        self.phrasePenalty = phrasePenalty
        self.noBreak = noBreak
        self.runt = runt
        self.overflowTolerance = overflowTolerance
        FontCharacters.coming(families: families, fontFolders: fontFolders)
        do {
            fonts = try FontSetup(families: families, fontFolders: fontFolders)
        } catch {
            FontCharacters.notComing(families: families, fontFolders: fontFolders)
            throw error
        }
        FontCharacters.offer(fonts, families: families, fontFolders: fontFolders)
        fontMap = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT)
        pango_fc_font_map_set_config(OpaquePointer(fontMap), fonts.config)
        context = pango_font_map_create_context(fontMap)
        // 72 dpi, so that 16 pt is 16 pt on the PDF page (Pango assumes 96 otherwise).
        pango_cairo_context_set_resolution(context, 72)
        // Unhinted metrics: positions on a PDF page must not be rounded to a screen's pixels.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        language = pango_language_from_string("th")
        pango_context_set_language(context, language)
        // Pango rounds glyph positions to whole device units by default; at 72 dpi that is whole points,
        // which spaces letters unevenly on a PDF page (and would make the PDF correct nearly every glyph's place).
        pango_context_set_round_glyph_positions(context, 0)
        // Before Pango breaks any Thai text: libthai's breaker must be made by one thread only. Last, so that a
        // session made while the dictionary is still being read (see ThaiDictionary.loadInBackground) sets up its
        // fonts meanwhile.
        ThaiDictionary.load()
    }

    deinit {
        // Fonts go before the font map that made them, and lines that hold them go before the fonts.
        linesCache.removeAll()
        oldLinesCache.removeAll()
        fontHandles.removeAll()
        g_object_unref(UnsafeMutableRawPointer(context))
        // The font map holds a reference to our fontconfig set-up and does not give it back when finalised.
        pango_fc_font_map_set_config(OpaquePointer(fontMap), nil)
        g_object_unref(UnsafeMutableRawPointer(fontMap))
    }

    /// How one paragraph is set: its width, indents and font.
    public struct Settings {
        public var width: Double
        /// Extra indent of the first line (negative: the other lines are indented instead).
        public var firstLineIndent: Double
        public var size: Double
        public var bold: Bool
        /// A paragraph of running text: its last line should not be a runt. Not for table cells and the lines
        /// of a signature block, whose short last lines are normal.
        public var avoidRunts: Bool
        /// Set ragged (left, centred or right, not justified): a line need not be filled, so a break between two
        /// words of a phrase (no space between them) costs the layout's phrase penalty, and breaks come at spaces
        /// where the lines allow. An address, a subject or a position then breaks between its phrases, not inside
        /// a name the dictionary does not know ("ถนนขุนลุ|มประพาส").
        public var ragged: Bool
        /// Centred (a title, a signature's position): the last line costs its spare width like the others, so the
        /// lines come out of even length ("คำสั่งสำนักงานปลัดกระทรวงการอุดมศึกษา / วิทยาศาสตร์ วิจัยและนวัตกรรม")
        /// rather than full lines over a short one.
        public var balanced = false

        public init(width: Double, firstLineIndent: Double = 0, size: Double, bold: Bool = false, avoidRunts: Bool = true,
                    ragged: Bool = false, balanced: Bool = false) {
            self.width = width
            self.firstLineIndent = firstLineIndent
            self.size = size
            self.bold = bold
            self.avoidRunts = avoidRunts
            self.ragged = ragged
            self.balanced = balanced
        }
    }

    /// Breaks `text` into lines (between words only: Pango's dictionary breaks for Thai, chosen for the
    /// whole paragraph by `LineBreaker`) and copies each line out as positioned glyph runs, so pages can be
    /// decided before anything is drawn.
    public func lines(_ text: RichText, _ settings: Settings) throws -> [TextLine] {
        // A batch sets the same template paragraphs again and again: their lines are kept. Two generations
        // bound the memory: when the young one fills, it becomes the old one, and what is used again moves back.
        let key = LinesKey(text: text, settings: settings)
        if let known = linesCache[key] { return known }
        if let known = oldLinesCache[key] {
            remember(key, known)
            return known
        }
        if let known = borrowed?.lines[key] { return known }
        if let lending, lending.shouldStop() { throw LinesLending.Stopped() }
        let lines = try breakLines(text, settings)
        lending?.lend(key, lines)
        // Admitted on second sight: a batch's own paragraphs (the agency's name, its scores) come once and would
        // otherwise push out the template's and the library's, which come again and again.
        if seenOnce.insert(key.hashValue).inserted {
            if seenOnce.count > 100_000 { seenOnce.removeAll(keepingCapacity: true) }
        } else {
            remember(key, lines)
        }
        return lines
    }

    private func remember(_ key: LinesKey, _ lines: [TextLine]) {
        if linesCache.count >= 400 {
            oldLinesCache = linesCache
            linesCache.removeAll(keepingCapacity: true)
        }
        linesCache[key] = lines
    }

    /// A paragraph's text (by its bytes, see UTF8Key) and the settings it is set with.
    struct LinesKey: Hashable {
        let spans: [SpanKey]
        let width: Double, indent: Double, size: Double, bold: Bool, avoidRunts: Bool, ragged: Bool, balanced: Bool
        init(text: RichText, settings: Settings) {
            spans = text.spans.map { SpanKey(text: UTF8Key($0.text), bold: $0.bold) }
            width = settings.width
            indent = settings.firstLineIndent
            size = settings.size
            bold = settings.bold
            avoidRunts = settings.avoidRunts
            ragged = settings.ragged
            balanced = settings.balanced
        }

        struct SpanKey: Hashable {
            let text: UTF8Key
            let bold: Bool
        }
    }

    func breakLines(_ text: RichText, _ settings: Settings) throws -> [TextLine] {
        let plain = text.plainText
        guard !plain.isEmpty else { return [] }
        var shaped = try shapeParagraph(text, plain: plain, settings: settings)
        BreakOpportunities.restrict(&shaped, noBreak: noBreak)
        let indent = settings.firstLineIndent
        let firstWidth = settings.width - max(indent, 0), otherWidth = settings.width - max(-indent, 0)
        let lastResort = LineBreaker.openLastResortBreaks(&shaped, width: min(firstWidth, otherWidth) + overflowTolerance * settings.size)
        let inside = compounds.insideWords(shaped.bytes)
        var breaker = LineBreaker(shaped: shaped, firstWidth: firstWidth, otherWidth: otherWidth, insideCompound: inside.longest,
                                  compoundDepth: inside.depth, compoundPenalty: compounds.penalty, lastResort: lastResort)
        if settings.avoidRunts { breaker.runt = runt }
        if settings.ragged { breaker.phrasePenalty = phrasePenalty }
        breaker.balanced = settings.balanced
        return breaker.lines().map { line in textLine(shaped, line) }
    }

    /// The paragraph shaped by Pango's own steps (ParagraphShaping), or by a PangoLayout where a layout would do more
    /// than those, or where a glyph is missing (the layout's path says which characters).
    func shapeParagraph(_ text: RichText, plain: String, settings: Settings) throws -> ShapedText {
        let bytes = Array(plain.utf8)
        let description = fontDescription(settings)
        defer { pango_font_description_free(description) }
        let attributeList = attributes(for: text)
        defer { pango_attr_list_unref(attributeList) }
        let direct = try plain.withCString { pointer in
            try ParagraphShaping.shape(pointer, context: context, description: description, attributes: attributeList) { lines in
                lines.hasUnknownGlyphs ? nil : try shape(lines, bytes: bytes)
            }
        }
        if let shaped = direct ?? nil { return shaped }
        return try shapeWithLayout(text, plain: plain, bytes: bytes, description: description)
    }

    /// The paragraph set by a PangoLayout without a width (so that it does not wrap).
    func shapeWithLayout(_ text: RichText, plain: String, bytes: [UInt8], description: OpaquePointer) throws -> ShapedText {
        guard let layout = pango_layout_new(context) else { throw FontError(message: "Pango could not make a layout") }
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        pango_layout_set_font_description(layout, description)
        pango_layout_set_width(layout, -1)
        pango_layout_set_text(layout, plain, -1)
        let attributeList = attributes(for: text)
        pango_layout_set_attributes(layout, attributeList)
        pango_attr_list_unref(attributeList)

        let unknown = pango_layout_get_unknown_glyphs_count(layout)
        if unknown > 0 {
            let characters = Unicode.Scalar.named(unknownCharacters(layout, bytes: bytes))
            throw FontError(message: "the font \"\(fonts.family)\" cannot draw \(characters) in \"\(plain.prefix(60))\"; remove them from the data, or choose a font that has them in the layout file",
                            thai: "ฟอนต์ \"\(fonts.family)\" ไม่มีอักขระ \(characters) ใน \"\(plain.prefix(60))\" ให้ลบอักขระนั้นออกจากข้อมูล หรือเลือกฟอนต์ที่มีอักขระนี้ในไฟล์ layout")
        }
        return try shape(GlyphLines(layout: layout), bytes: bytes)
    }

    /// The layout's font at the paragraph's size and weight; the caller frees it.
    func fontDescription(_ settings: Settings) -> OpaquePointer {
        let description = pango_font_description_new()!
        pango_font_description_set_family(description, fonts.family)
        pango_font_description_set_absolute_size(description, settings.size * Double(PANGO_SCALE))
        pango_font_description_set_weight(description, settings.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        return description
    }

    /// A broken line as runs of glyphs, each run one font and one stretch of text.
    func textLine(_ shaped: ShapedText, _ line: LineBreaker.Line) -> TextLine {
        var runs: [GlyphRun] = []
        var x = 0.0
        for index in line.clusters {
            let cluster = shaped.clusters[index]
            if runs.isEmpty || shaped.clusters[index - 1].runIndex != cluster.runIndex {
                var run = GlyphRun(font: shaped.fonts[cluster.runIndex], text: "", glyphs: [], x: x, width: 0)
                // Exactly the run's glyphs: a Thai cluster often has two or three, and growing the array by
                // doubling left a third of every line's glyph storage unused.
                let runIndex = cluster.runIndex
                run.glyphs.reserveCapacity(shaped.clusters[index..<line.clusters.upperBound]
                    .prefix { $0.runIndex == runIndex }.reduce(0) { $0 + $1.glyphs.count })
                run.byteStart = cluster.byteStart
                runs.append(run)
            }
            let gap: GapKind = index == line.clusters.lowerBound || shaped.endsLeftOfPen(shaped.clusters[index - 1]) ? .none
                : cluster.isSpace || shaped.clusters[index - 1].isSpace ? .space
                : cluster.wordStart ? .betweenWords : .insideWord
            let last = runs.count - 1
            for g in cluster.glyphs {
                var placed = shaped.glyphs[g]
                placed.x += runs[last].width
                placed.gapBefore = g == cluster.glyphs.lowerBound ? gap : .none
                runs[last].glyphs.append(placed)
            }
            runs[last].width += cluster.width
            runs[last].byteEnd = cluster.byteEnd
            x += cluster.width
        }
        for index in runs.indices {
            runs[index].text = String(decoding: shaped.bytes[runs[index].byteStart..<runs[index].byteEnd], as: UTF8.self)
        }
        return TextLine(runs: runs, width: shaped.width(line.clusters), text: shaped.text(line.clusters),
                        endsParagraph: line.isLast, brokenCompound: line.brokenCompound, brokenWord: line.brokenWord)
    }

    /// Bold spans and the no-break phrases as Pango attributes; the caller owns the returned list.
    func attributes(for text: RichText) -> OpaquePointer {
        let list = pango_attr_list_new()!
        var offset = 0
        for span in text.spans {
            let length = span.text.utf8.count
            if span.bold {
                let attribute = pango_attr_weight_new(PANGO_WEIGHT_BOLD)!
                attribute.pointee.start_index = UInt32(offset)
                attribute.pointee.end_index = UInt32(offset + length)
                pango_attr_list_insert(list, attribute)
            }
            offset += length
        }
        for range in NoBreakRules.ranges(in: text.plainText) {
            let attribute = pango_attr_allow_breaks_new(0)!
            attribute.pointee.start_index = UInt32(range.lowerBound)
            attribute.pointee.end_index = UInt32(range.upperBound)
            pango_attr_list_insert(list, attribute)
        }
        return list
    }

    /// The font's ascent and descent at `size`, to place baselines inside line boxes; each size is measured once.
    public func metrics(size: Double) -> (ascent: Double, descent: Double) {
        if let known = metricsCache[size] { return known }
        let measured = measureMetrics(size: size)
        metricsCache[size] = measured
        return measured
    }

    /// Read from the font's own extents (hhea or OS/2), which is where Pango's metrics take them from too. Pango's
    /// metrics would also lay out a sample sentence to estimate character widths nobody here uses: 17 million
    /// instructions in a fresh process, a tenth of its layout.
    func measureMetrics(size: Double) -> (ascent: Double, descent: Double) {
        let description = pango_font_description_new()!
        defer { pango_font_description_free(description) }
        pango_font_description_set_family(description, fonts.family)
        pango_font_description_set_absolute_size(description, size * Double(PANGO_SCALE))
        guard let font = pango_font_map_load_font(fontMap, context, description) else { return pangoMetrics(description) }
        defer { g_object_unref(UnsafeMutableRawPointer(font)) }
        var extents = hb_font_extents_t()
        hb_font_get_extents_for_direction(pango_font_get_hb_font(font), HB_DIRECTION_LTR, &extents)
        return (Double(extents.ascender) / Double(PANGO_SCALE), Double(-extents.descender) / Double(PANGO_SCALE))
    }

    /// Pango's own measure, for a font map that cannot load a single font of the family (FontSetup has found it, so
    /// this is not expected): the font set's ascent and descent.
    private func pangoMetrics(_ description: OpaquePointer) -> (ascent: Double, descent: Double) {
        let metrics = pango_context_get_metrics(context, description, language)
        defer { pango_font_metrics_unref(metrics) }
        return (Double(pango_font_metrics_get_ascent(metrics)) / Double(PANGO_SCALE),
                Double(pango_font_metrics_get_descent(metrics)) / Double(PANGO_SCALE))
    }
}
