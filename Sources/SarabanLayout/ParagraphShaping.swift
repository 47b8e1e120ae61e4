import Foundation
import CPangoCairo
import SarabanThai

/// A paragraph as Pango shapes it: for each of its lines (a paragraph of the text: a newline starts another), the
/// runs of glyphs in order; and the log attributes of all its characters (breaks, words, cursor positions).
struct GlyphLines {
    var lines: [[PangoGlyphItem]]
    var logAttributes: UnsafeBufferPointer<PangoLogAttr>
}

extension GlyphLines {
    /// A layout's lines as they stand: valid while the layout is.
    init(layout: OpaquePointer) {
        var count: Int32 = 0
        let attributes = pango_layout_get_log_attrs_readonly(layout, &count)
        logAttributes = UnsafeBufferPointer(start: attributes, count: Int(count))
        lines = (0..<pango_layout_get_line_count(layout)).map { index in
            var runs: [PangoGlyphItem] = []
            var node = pango_layout_get_line_readonly(layout, index)?.pointee.runs
            while let current = node {
                if let run = current.pointee.data?.assumingMemoryBound(to: PangoGlyphItem.self) { runs.append(run.pointee) }
                node = current.pointee.next
            }
            return runs
        }
    }

    /// Whether a font lacks a glyph for some character (Pango marks the glyph unknown).
    var hasUnknownGlyphs: Bool {
        lines.joined().contains { run in
            (0..<Int(run.glyphs.pointee.num_glyphs)).contains { run.glyphs.pointee.glyphs[$0].glyph & PANGO_GLYPH_UNKNOWN_FLAG != 0 }
        }
    }
}

/// Shapes a paragraph with Pango's own steps, without a PangoLayout.
///
/// A PangoLayout without a width does, for each paragraph of its text: itemize it with its attributes (fonts by
/// weight and coverage, scripts, directions), give the items the attributes that act on breaks, find the log
/// attributes (Unicode's breaks, the language's own — libthai's dictionary for Thai — and the allow-breaks
/// attributes), then shape each item. Those are the calls below, made in the same order with the same arguments
/// (Pango 1.50's `pango_layout_check_lines`), so the glyphs and breaks are the layout's. What a layout does besides
/// is left out: at the end of every `check_lines` it measures its lines, and measuring asks each font for its
/// metrics, which sets a sample sentence per font; a tenth of a fresh process's layout went to numbers saraban never
/// reads (it measures its own lines).
///
/// Where a layout would do more than these steps — a tab (shaped to its stop), a line separator (U+2028, a line
/// of its own), a right-to-left run (reordered), a hyphen a break would add at a paragraph's end — `shape` returns
/// nil and the caller lets a PangoLayout set the paragraph.
enum ParagraphShaping {
    /// Shapes `text` (a C string: it ends at its first NUL, as a layout's text does) in `context` with the font of
    /// `description` and `attributes` (bold spans, no-break phrases), and hands the result to `body`, whose glyph
    /// lines are freed when it returns. `attributes` is taken apart on the way, as a layout takes apart its copy: the
    /// caller still releases it, and makes a new one for a layout if this returns nil.
    static func shape<T>(_ text: UnsafePointer<CChar>, context: OpaquePointer, description: OpaquePointer,
                         attributes: OpaquePointer, _ body: (GlyphLines) throws -> T) rethrows -> T? {
        let length = Int32(strlen(text))
        guard length > 0, memchr(text, 0x09, Int(length)) == nil,
              strstr(text, "\u{2028}") == nil else { return nil }
        let charCount = Int(g_utf8_strlen(text, Int(length)))
        let logAttributes = UnsafeMutableBufferPointer<PangoLogAttr>.allocate(capacity: charCount + 1)
        logAttributes.initialize(repeating: PangoLogAttr())
        defer { logAttributes.deallocate() }

        // The layout's effective attributes: its font description under the text's own, then split into those
        // that choose fonts (itemizing) and those that act on breaks and shaping.
        pango_attr_list_insert_before(attributes, pango_attr_font_desc_new(description))
        let (breaking, itemizing) = split(attributes)
        defer {
            if let breaking { pango_attr_list_unref(breaking) }
            if let itemizing { pango_attr_list_unref(itemizing) }
        }
        // What is left a layout would apply to its runs at the end, splitting them (a colour, say): none is made.
        guard isEmpty(attributes) else { return nil }
        let iterator = itemizing.flatMap { pango_attr_list_get_iterator($0) }
        defer { if let iterator { pango_attr_iterator_destroy(iterator) } }

        let flags = pango_context_get_round_glyph_positions(context) != 0 ? PANGO_SHAPE_ROUND_POSITIONS : PANGO_SHAPE_NONE
        var lines: [[PangoGlyphItem]] = []
        defer { free(lines) }
        var start: Int32 = 0, startOffset = 0
        var previousDirection = pango_find_base_dir(text, length)
        if previousDirection == PANGO_DIRECTION_NEUTRAL { previousDirection = pango_context_get_base_dir(context) }
        while true {
            var delimiterIndex: Int32 = 0, nextParagraphIndex: Int32 = 0
            pango_find_paragraph_boundary(text + Int(start), length - start, &delimiterIndex, &nextParagraphIndex)
            var direction = pango_find_base_dir(text + Int(start), delimiterIndex)
            if direction == PANGO_DIRECTION_NEUTRAL { direction = previousDirection } else { previousDirection = direction }
            let end = start + delimiterIndex, delimiterLength = nextParagraphIndex - delimiterIndex
            let items = itemize(text, start: start, length: end - start, direction: direction, context: context,
                                itemizing: itemizing, iterator: iterator, breaking: breaking)
            findLogAttributes(text, start: start, length: delimiterIndex + delimiterLength, items: items, breaking: breaking,
                              into: UnsafeMutableBufferPointer(rebasing: logAttributes[startOffset...]))
            guard let line = shapeItems(items, text: text, length: length, logAttributes: logAttributes, from: startOffset,
                                        flags: flags) else {
                return nil
            }
            lines.append(line)
            guard end < length else { break }
            startOffset += Int(g_utf8_strlen(text + Int(start), Int(end - start + delimiterLength)))
            start = end + delimiterLength
        }
        return try body(GlyphLines(lines: lines, logAttributes: UnsafeBufferPointer(logAttributes)))
    }

    /// The attributes that act on breaks and shaping, then those that choose fonts, taken out of `attributes` into
    /// lists of their own (nil where there are none), as a layout splits its attributes.
    static func split(_ attributes: OpaquePointer) -> (breaking: OpaquePointer?, itemizing: OpaquePointer?) {
        let breaking = pango_attr_list_filter(attributes, { attribute, _ in ParagraphShaping.affectsBreakOrShape(attribute) ? 1 : 0 }, nil)
        let itemizing = pango_attr_list_filter(attributes, { attribute, _ in ParagraphShaping.affectsItemization(attribute) ? 1 : 0 }, nil)
        return (breaking, itemizing)
    }

    /// The items of one paragraph, with the attributes that act on breaks; the caller frees them (through the glyph
    /// items `shapeItems` makes of them).
    static func itemize(_ text: UnsafePointer<CChar>, start: Int32, length: Int32, direction: PangoDirection,
                        context: OpaquePointer, itemizing: OpaquePointer?, iterator: OpaquePointer?,
                        breaking: OpaquePointer?) -> [UnsafeMutablePointer<PangoItem>] {
        var items: [UnsafeMutablePointer<PangoItem>] = []
        var node = pango_itemize_with_base_dir(context, direction, text, start, length, itemizing, iterator)
        let list = node
        while let current = node {
            items.append(current.pointee.data.assumingMemoryBound(to: PangoItem.self))
            node = current.pointee.next
        }
        g_list_free(list)
        if let breaking {
            let applying = pango_attr_list_get_iterator(breaking)
            for item in items { pango_item_apply_attrs(item, applying) }
            pango_attr_iterator_destroy(applying)
        }
        return items
    }

    /// Unicode's breaks over the paragraph (its delimiter included), each item's language's own, then the
    /// allow-breaks attributes: as `get_items_log_attrs` in pango-layout.c.
    static func findLogAttributes(_ text: UnsafePointer<CChar>, start: Int32, length: Int32,
                                  items: [UnsafeMutablePointer<PangoItem>], breaking: OpaquePointer?,
                                  into attributes: UnsafeMutableBufferPointer<PangoLogAttr>) {
        pango_default_break(text + Int(start), length, nil, attributes.baseAddress, Int32(attributes.count))
        var offset = 0
        for item in items {
            let characters = Int(item.pointee.num_chars)
            // Pango's own tailoring, Thai's without the lock Pango holds around libthai (see ThaiBreaks).
            ThaiBreaks.tailorBreak(text + Int(item.pointee.offset), length: Int(item.pointee.length), characters: characters,
                                   analysis: &item.pointee.analysis, attributes: attributes.baseAddress! + offset)
            offset += characters
        }
        if let breaking, let first = items.first {
            pango_attr_break(text + Int(start), length, breaking, first.pointee.offset, attributes.baseAddress, Int32(attributes.count))
        }
    }

    /// Each item shaped with the whole text as its context; nil (everything freed) where a layout would reorder
    /// or add a hyphen.
    static func shapeItems(_ items: [UnsafeMutablePointer<PangoItem>], text: UnsafePointer<CChar>, length: Int32,
                           logAttributes: UnsafeMutableBufferPointer<PangoLogAttr>, from startOffset: Int,
                           flags: PangoShapeFlags) -> [PangoGlyphItem]? {
        var runs: [PangoGlyphItem] = []
        var offset = startOffset
        for item in items {
            let glyphs = pango_glyph_string_new()!
            pango_shape_item(item, text, length, logAttributes.baseAddress! + offset, glyphs, flags)
            runs.append(PangoGlyphItem(item: item, glyphs: glyphs, y_offset: 0, start_x_offset: 0, end_x_offset: 0))
            offset += Int(item.pointee.num_chars)
        }
        // Any embedding level but the first, left-to-right one: the layout would reorder the runs for display.
        let reordered = items.contains { $0.pointee.analysis.level != 0 }
        if reordered || logAttributes[offset].break_inserts_hyphen != 0 {
            free([runs])
            return nil
        }
        return runs
    }

    static func isEmpty(_ list: OpaquePointer) -> Bool {
        guard let attributes = pango_attr_list_get_attributes(list) else { return true }
        let empty = g_slist_length(attributes) == 0
        g_slist_free_full(attributes) { pango_attribute_destroy($0?.assumingMemoryBound(to: PangoAttribute.self)) }
        return empty
    }

    static func free(_ lines: [[PangoGlyphItem]]) {
        for run in lines.joined() {
            pango_glyph_string_free(run.glyphs)
            pango_item_free(run.item)
        }
    }

    /// The attribute types a layout itemizes by (pango-layout.c's `affects_itemization`).
    static func affectsItemization(_ attribute: UnsafeMutablePointer<PangoAttribute>?) -> Bool {
        guard let type = attribute?.pointee.klass.pointee.type else { return false }
        return [PANGO_ATTR_LANGUAGE, PANGO_ATTR_FAMILY, PANGO_ATTR_STYLE, PANGO_ATTR_WEIGHT, PANGO_ATTR_VARIANT,
                PANGO_ATTR_STRETCH, PANGO_ATTR_SIZE, PANGO_ATTR_FONT_DESC, PANGO_ATTR_SCALE, PANGO_ATTR_FALLBACK,
                PANGO_ATTR_ABSOLUTE_SIZE, PANGO_ATTR_GRAVITY, PANGO_ATTR_GRAVITY_HINT, PANGO_ATTR_FONT_SCALE,
                PANGO_ATTR_LETTER_SPACING, PANGO_ATTR_SHAPE, PANGO_ATTR_RISE, PANGO_ATTR_BASELINE_SHIFT,
                PANGO_ATTR_LINE_HEIGHT, PANGO_ATTR_ABSOLUTE_LINE_HEIGHT, PANGO_ATTR_TEXT_TRANSFORM].contains(type)
    }

    /// The attribute types a layout gives its items and log attributes (pango-layout.c's `affects_break_or_shape`).
    static func affectsBreakOrShape(_ attribute: UnsafeMutablePointer<PangoAttribute>?) -> Bool {
        guard let type = attribute?.pointee.klass.pointee.type else { return false }
        return [PANGO_ATTR_ALLOW_BREAKS, PANGO_ATTR_WORD, PANGO_ATTR_SENTENCE, PANGO_ATTR_INSERT_HYPHENS,
                PANGO_ATTR_FONT_FEATURES, PANGO_ATTR_SHOW].contains(type)
    }
}
