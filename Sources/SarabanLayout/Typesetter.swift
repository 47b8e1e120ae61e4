import Foundation
import CPangoCairo
import SarabanBlocks

/// Shapes and breaks text with Pango. One typesetter owns one Pango font map and context; Pango's
/// font maps are not safe to share between threads, so each worker makes its own.
public final class Typesetter {
    let fonts: FontSetup
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    let context: OpaquePointer
    let language: OpaquePointer?
    public var family: String { fonts.family }

    public init(families: [String], fontFolders: [URL] = []) throws {
        fonts = try FontSetup(families: families, fontFolders: fontFolders)
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
    }

    deinit {
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

        public init(width: Double, firstLineIndent: Double = 0, size: Double, bold: Bool = false) {
            self.width = width
            self.firstLineIndent = firstLineIndent
            self.size = size
            self.bold = bold
        }
    }

    /// Breaks `text` into lines (between words only: Pango's dictionary breaks for Thai) and copies each
    /// line out as positioned glyph runs, so pages can be decided before anything is drawn.
    public func lines(_ text: RichText, _ settings: Settings) throws -> [TextLine] {
        let plain = text.plainText
        guard !plain.isEmpty else { return [] }
        guard let layout = pango_layout_new(context) else { throw FontError(message: "Pango could not make a layout") }
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        let description = pango_font_description_new()!
        defer { pango_font_description_free(description) }
        pango_font_description_set_family(description, fonts.family)
        pango_font_description_set_absolute_size(description, settings.size * Double(PANGO_SCALE))
        pango_font_description_set_weight(description, settings.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_layout_set_font_description(layout, description)
        pango_layout_set_width(layout, Int32(settings.width * Double(PANGO_SCALE)))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_indent(layout, Int32(settings.firstLineIndent * Double(PANGO_SCALE)))
        pango_layout_set_text(layout, plain, -1)
        let attributes = attributes(for: text)
        pango_layout_set_attributes(layout, attributes)
        pango_attr_list_unref(attributes)

        let unknown = pango_layout_get_unknown_glyphs_count(layout)
        if unknown > 0 {
            throw FontError(message: "the font \"\(fonts.family)\" cannot draw \(unknown) character(s) in: \(plain.prefix(60))")
        }
        let bytes = Array(plain.utf8)
        var result: [TextLine] = []
        let count = pango_layout_get_line_count(layout)
        for index in 0..<count {
            guard let line = pango_layout_get_line_readonly(layout, index) else { continue }
            result.append(try copy(line, bytes: bytes, endsParagraph: index == count - 1))
        }
        return result
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

    func copy(_ line: UnsafeMutablePointer<PangoLayoutLine>, bytes: [UInt8], endsParagraph: Bool) throws -> TextLine {
        var runs: [GlyphRun] = []
        var x = 0.0
        var node = line.pointee.runs
        while let current = node {
            defer { node = current.pointee.next }
            guard let item = current.pointee.data?.assumingMemoryBound(to: PangoGlyphItem.self).pointee,
                  let font = item.item.pointee.analysis.font else { continue }
            let handle = FontHandle(retaining: font)
            if handle.family.caseInsensitiveCompare(fonts.family) != .orderedSame {
                throw FontError(message: "fontconfig fell back from \"\(fonts.family)\" to \"\(handle.family)\"; the layout's font cannot draw this text")
            }
            let start = Int(item.item.pointee.offset), length = Int(item.item.pointee.length)
            let text = String(decoding: bytes[start..<start + length], as: UTF8.self)
            let glyphString = item.glyphs.pointee
            var glyphs: [PositionedGlyph] = []
            var glyphX = 0.0
            for g in 0..<Int(glyphString.num_glyphs) {
                let info = glyphString.glyphs[g]
                let advance = Double(info.geometry.width) / Double(PANGO_SCALE)
                let cluster = Int(glyphString.log_clusters[g]) + start
                glyphs.append(PositionedGlyph(
                    id: info.glyph,
                    x: glyphX + Double(info.geometry.x_offset) / Double(PANGO_SCALE),
                    y: Double(info.geometry.y_offset) / Double(PANGO_SCALE),
                    startsCluster: info.attr.is_cluster_start != 0,
                    isSpace: cluster < bytes.count && (bytes[cluster] == 0x20 || bytes[cluster] == 0x0A),
                    advance: advance))
                glyphX += advance
            }
            runs.append(GlyphRun(font: handle, text: text, glyphs: glyphs, x: x, width: glyphX))
            x += glyphX
        }
        let start = Int(line.pointee.start_index), length = Int(line.pointee.length)
        let text = String(decoding: bytes[start..<start + length], as: UTF8.self)
        return TextLine(runs: runs, width: x - trailingSpaceWidth(runs), text: text, endsParagraph: endsParagraph)
    }

    func trailingSpaceWidth(_ runs: [GlyphRun]) -> Double {
        var width = 0.0
        for run in runs.reversed() {
            for glyph in run.glyphs.reversed() {
                guard glyph.isSpace else { return width }
                width += glyph.advance
            }
        }
        return width
    }

    /// The font's ascent and descent at `size`, to place baselines inside line boxes.
    public func metrics(size: Double) -> (ascent: Double, descent: Double) {
        let description = pango_font_description_new()!
        defer { pango_font_description_free(description) }
        pango_font_description_set_family(description, fonts.family)
        pango_font_description_set_absolute_size(description, size * Double(PANGO_SCALE))
        let metrics = pango_context_get_metrics(context, description, language)
        defer { pango_font_metrics_unref(metrics) }
        return (Double(pango_font_metrics_get_ascent(metrics)) / Double(PANGO_SCALE),
                Double(pango_font_metrics_get_descent(metrics)) / Double(PANGO_SCALE))
    }
}
