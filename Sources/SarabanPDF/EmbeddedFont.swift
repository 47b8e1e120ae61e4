import Foundation
import CPangoCairo
import PDFSyntax
import SarabanLayout

/// A font face as the PDF embeds it: a composite font (Type0, `/Identity-H`) whose two-byte codes are the face's
/// own glyph ids, over a TrueType CIDFont with the identity CIDToGIDMap (or, for PostScript outlines, a CFF-based
/// OpenType CIDFont whose CIDs are its glyph ids).
///
/// The font program is HarfBuzz's subset of the face with the glyph ids kept (`HB_SUBSET_FLAGS_RETAIN_GIDS`): the
/// ids the shaper chose are written in the page content as they are, so no table maps them. Layout tables and
/// hinting are dropped (a PDF reader positions no glyph and hints none). Every size of a face is one font.
///
/// What else a reader or a validator needs is written beside it: the widths (`/W`) from the face's own advances,
/// so that they agree with the program as PDF/A asks; the set of glyphs present (`/CIDSet`, PDF/A-1); and a
/// ToUnicode map from each glyph to the character it stands for, for extractors that read glyph by glyph.
final class EmbeddedFont {
    let face: OpaquePointer
    /// The face at one unit per font unit, for its advances and metrics.
    private let metrics: OpaquePointer
    let unitsPerEm: Double
    /// `/F1`, `/F2`…: the font's name in the pages' resources.
    let resourceName: String
    /// The Type0 font's object number, reserved when the font is first used.
    let number: Int
    /// By glyph id: whether the pages use it, and the character it stands for where one is known (0 for none).
    /// Arrays, not dictionaries: asked for every glyph drawn, and a face has a few thousand glyphs at most.
    private var isUsed: [Bool]
    private var characters: [UInt32]
    /// By glyph id: its advance in thousandths of an em, or -1 until first asked.
    private var widths: [Double]

    init(face: OpaquePointer, resourceName: String, number: Int) {
        self.face = hb_face_reference(face)
        metrics = hb_font_create(face)
        let upem = hb_face_get_upem(face)
        hb_font_set_scale(metrics, Int32(upem), Int32(upem))
        unitsPerEm = Double(max(upem, 1))
        self.resourceName = resourceName
        self.number = number
        let count = Int(hb_face_get_glyph_count(face))
        isUsed = [Bool](repeating: false, count: count)
        characters = [UInt32](repeating: 0, count: count)
        widths = [Double](repeating: -1, count: count)
    }

    deinit {
        hb_font_destroy(metrics)
        hb_face_destroy(face)
    }

    /// A glyph drawn: kept in the subset, with its character for the ToUnicode map (the first one known).
    /// Returns the glyph's advance in thousandths of an em, rounded as `/W` writes it: what a reader moves by after
    /// it. Nil for an id the face does not have.
    func use(_ glyph: PositionedGlyph) -> Double? {
        let index = Int(glyph.id)
        guard index < isUsed.count else { return nil }
        isUsed[index] = true
        if characters[index] == 0, let character = glyph.character { characters[index] = character.value }
        return width(glyph.id)
    }

    func width(_ glyph: UInt32) -> Double {
        let index = Int(glyph)
        if widths[index] >= 0 { return widths[index] }
        let advance = Double(hb_font_get_glyph_h_advance(metrics, glyph))
        widths[index] = (advance * 1000 / unitsPerEm * 1000).rounded() / 1000
        return widths[index]
    }

    /// The glyph ids used, ascending.
    var usedGlyphs: [UInt32] { isUsed.indices.filter { isUsed[$0] }.map { UInt32($0) } }

    /// The Type0 font, its CIDFont, descriptor, program, CIDSet and ToUnicode map.
    func write(into file: inout PDFFileBuilder) throws {
        let glyphs = usedGlyphs
        let baseName = subsetTag(glyphs) + "+" + postScriptName()
        let cidFont = file.reserve(), descriptor = file.reserve()

        var type0 = PDFDictionary()
        type0["Type"] = .name("Font")
        type0["Subtype"] = .name("Type0")
        type0["BaseFont"] = .name(baseName)
        type0["Encoding"] = .name("Identity-H")
        type0["DescendantFonts"] = .array([.reference(cidFont, 0)])
        type0["ToUnicode"] = .reference(try file.addStream(data: toUnicodeMap(glyphs)), 0)
        file.set(number, .dictionary(type0))

        var cid = PDFDictionary()
        cid["Type"] = .name("Font")
        // TrueType outlines make a CIDFontType2 with the identity CIDToGIDMap; PostScript (CFF) outlines, an
        // OpenType font such as TLWG's .otf files, a CIDFontType0 whose CIDs are the glyph ids (ISO 32000 9.7.4.2).
        let postScript = hasPostScriptOutlines
        cid["Subtype"] = .name(postScript ? "CIDFontType0" : "CIDFontType2")
        cid["BaseFont"] = .name(baseName)
        var system = PDFDictionary()
        system["Registry"] = .string(Array("Adobe".utf8))
        system["Ordering"] = .string(Array("Identity".utf8))
        system["Supplement"] = .integer(0)
        cid["CIDSystemInfo"] = .dictionary(system)
        cid["FontDescriptor"] = .reference(descriptor, 0)
        cid["W"] = .array(widthArray(glyphs))
        if !postScript { cid["CIDToGIDMap"] = .name("Identity") }
        file.set(cidFont, .dictionary(cid))

        let program = try subsetProgram(glyphs)
        var programHeader = PDFDictionary()
        if postScript { programHeader["Subtype"] = .name("OpenType") } else { programHeader["Length1"] = .integer(program.count) }
        let fontFile = try file.addStream(programHeader, data: program)
        let cidSet = try file.addStream(data: cidSetBits(glyphs))
        var fontDescriptor = fontDescriptor(baseName, cidSet: cidSet)
        fontDescriptor[postScript ? "FontFile3" : "FontFile2"] = .reference(fontFile, 0)
        file.set(descriptor, .dictionary(fontDescriptor))
    }

    /// Whether the face's outlines are PostScript (a `CFF ` or `CFF2` table) rather than TrueType (`glyf`).
    var hasPostScriptOutlines: Bool {
        !hasTable("glyf") && (hasTable("CFF ") || hasTable("CFF2"))
    }

    /// Whether the face has the table, asked without copying it (a glyf table is tens of kilobytes).
    func hasTable(_ name: String) -> Bool {
        let blob = hb_face_reference_table(face, Self.tag(name))
        defer { hb_blob_destroy(blob) }
        return hb_blob_get_length(blob) > 0
    }

    /// The descriptor without its font file, which the caller names by the outlines' kind.
    func fontDescriptor(_ baseName: String, cidSet: Int) -> PDFDictionary {
        func metric(_ tag: hb_ot_metrics_tag_t) -> Int? {
            var position: hb_position_t = 0
            return hb_ot_metrics_get_position(metrics, tag, &position) != 0 ? Int((Double(position) * 1000 / unitsPerEm).rounded()) : nil
        }
        let ascent = metric(HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER) ?? 1000
        var descriptor = PDFDictionary()
        descriptor["Type"] = .name("FontDescriptor")
        descriptor["FontName"] = .name(baseName)
        // Symbolic: the font's glyphs are named by id, not by a standard character set.
        descriptor["Flags"] = .integer(4)
        descriptor["FontBBox"] = .array(boundingBox().map { .integer($0) })
        descriptor["ItalicAngle"] = .real(italicAngle())
        descriptor["Ascent"] = .integer(ascent)
        descriptor["Descent"] = .integer(metric(HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER) ?? -250)
        descriptor["CapHeight"] = .integer(metric(HB_OT_METRICS_TAG_CAP_HEIGHT) ?? ascent)
        // Not in the font's tables; readers use it only to make a stand-in font, and the font is embedded.
        descriptor["StemV"] = .integer(80)
        descriptor["CIDSet"] = .reference(cidSet, 0)
        return descriptor
    }

    /// `/W`: consecutive glyph ids share one array (`first [w1 w2 …]`).
    func widthArray(_ glyphs: [UInt32]) -> [PDFObject] {
        var result: [PDFObject] = []
        var index = 0
        while index < glyphs.count {
            var end = index
            while end + 1 < glyphs.count, glyphs[end + 1] == glyphs[end] + 1 { end += 1 }
            result.append(.integer(Int(glyphs[index])))
            result.append(.array(glyphs[index...end].map { glyph in
                let width = width(glyph)
                return width == width.rounded() ? .integer(Int(width)) : .real(width)
            }))
            index = end + 1
        }
        return result
    }

    /// The face cut down to the glyphs used (and .notdef), with their ids kept.
    func subsetProgram(_ glyphs: [UInt32]) throws -> [UInt8] {
        guard let input = hb_subset_input_create_or_fail() else { throw PDFError(message: "HarfBuzz could not start a font subset") }
        defer { hb_subset_input_destroy(input) }
        let set = hb_subset_input_glyph_set(input)
        hb_set_add(set, 0)
        for glyph in glyphs { hb_set_add(set, glyph) }
        hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_RETAIN_GIDS.rawValue | HB_SUBSET_FLAGS_NO_HINTING.rawValue)
        let dropped = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for table in ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "kern", "morx", "kerx", "DSIG", "hdmx", "VDMX", "LTSH"] {
            hb_set_add(dropped, Self.tag(table))
        }
        guard let subset = hb_subset_or_fail(face, input) else { throw PDFError(message: "HarfBuzz could not subset the font \(postScriptName())") }
        defer { hb_face_destroy(subset) }
        let blob = hb_face_reference_blob(subset)
        defer { hb_blob_destroy(blob) }
        var length: UInt32 = 0
        guard let data = hb_blob_get_data(blob, &length), length > 0 else { throw PDFError(message: "HarfBuzz wrote an empty subset of \(postScriptName())") }
        return data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { Array(UnsafeBufferPointer(start: $0, count: Int(length))) }
    }

    /// One bit per glyph id the program holds, the highest bit of the first byte for glyph 0.
    func cidSetBits(_ glyphs: [UInt32]) -> [UInt8] {
        var bits = [UInt8](repeating: 0, count: Int(glyphs.last ?? 0) / 8 + 1)
        bits[0] |= 0x80
        for glyph in glyphs { bits[Int(glyph / 8)] |= 0x80 >> UInt8(glyph % 8) }
        return bits
    }

    /// Each glyph to its character: the one the layout knew, else the one the face's cmap gives it (private-use
    /// code points, the positional variants of Thai fonts, are no character a reader can use).
    func toUnicodeMap(_ glyphs: [UInt32]) -> [UInt8] {
        var fallback: [UInt32: Unicode.Scalar]?
        var entries: [(UInt32, Unicode.Scalar)] = []
        for glyph in glyphs {
            if let known = Unicode.Scalar(characters[Int(glyph)]), known.value != 0 {
                entries.append((glyph, known))
                continue
            }
            if fallback == nil { fallback = characterMap() }
            if let scalar = fallback?[glyph] { entries.append((glyph, scalar)) }
        }
        let text = """
        /CIDInit /ProcSet findresource begin
        12 dict begin
        begincmap
        /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
        /CMapName /Adobe-Identity-UCS def
        /CMapType 2 def
        1 begincodespacerange
        <0000> <FFFF>
        endcodespacerange

        """
        var map = Array(text.utf8)
        var start = 0
        while start < entries.count {
            let block = entries[start..<min(start + 100, entries.count)]
            map += Array("\(block.count) beginbfchar\n".utf8)
            for (glyph, scalar) in block {
                map.append(0x3C)
                Self.appendHex(UInt16(glyph), to: &map)
                map += [0x3E, 0x20, 0x3C]
                for unit in String(scalar).utf16 { Self.appendHex(unit, to: &map) }
                map += [0x3E, 0x0A]
            }
            map += Array("endbfchar\n".utf8)
            start += 100
        }
        map += Array("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n".utf8)
        return map
    }

    static func appendHex(_ value: UInt16, to bytes: inout [UInt8]) {
        for shift in stride(from: 12, through: 0, by: -4) { bytes.append(PageContent.hexDigits[Int((value >> UInt16(shift)) & 0xF)]) }
    }

    /// Glyph → the lowest character outside the Private Use Area the face's cmap maps to it.
    func characterMap() -> [UInt32: Unicode.Scalar] {
        let characters = hb_set_create()
        defer { hb_set_destroy(characters) }
        hb_face_collect_unicodes(face, characters)
        var map: [UInt32: Unicode.Scalar] = [:]
        var point = hb_codepoint_t.max  // HB_SET_VALUE_INVALID: start before the first
        while hb_set_next(characters, &point) != 0 {
            guard !(0xE000...0xF8FF).contains(point), let scalar = Unicode.Scalar(point) else { continue }
            var glyph: hb_codepoint_t = 0
            if hb_font_get_nominal_glyph(metrics, point, &glyph) != 0, map[glyph] == nil { map[glyph] = scalar }
        }
        return map
    }

    /// The face's PostScript name, kept to the characters a PDF name may hold without escapes.
    func postScriptName() -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        var length = UInt32(buffer.count)
        hb_ot_name_get_utf8(face, hb_ot_name_id_t(HB_OT_NAME_ID_POSTSCRIPT_NAME), nil, &length, &buffer)
        let name = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return name.isEmpty ? "Font" : name
    }

    /// Six capital letters naming this subset (ISO 32000 9.6.4), from the glyphs it holds: the same document gives
    /// the same name.
    func subsetTag(_ glyphs: [UInt32]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for glyph in glyphs {
            hash ^= UInt64(glyph)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        var tag = ""
        for _ in 0..<6 {
            tag.append(Character(Unicode.Scalar(UInt8(65 + hash % 26))))
            hash /= 26
        }
        return tag
    }

    /// The head table's box round every glyph, in thousandths of an em.
    func boundingBox() -> [Int] {
        let table = tableBytes("head")
        guard table.count >= 44 else { return [0, -250, 1000, 1000] }
        return [36, 38, 40, 42].map { offset in
            let value = Int16(bitPattern: UInt16(table[offset]) << 8 | UInt16(table[offset + 1]))
            return Int((Double(value) * 1000 / unitsPerEm).rounded())
        }
    }

    /// The post table's italic angle (a 16.16 fixed-point number of degrees).
    func italicAngle() -> Double {
        let table = tableBytes("post")
        guard table.count >= 8 else { return 0 }
        let fixed = Int32(bitPattern: table[4...7].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        return (Double(fixed) / 65_536 * 100).rounded() / 100
    }

    func tableBytes(_ name: String) -> [UInt8] {
        let blob = hb_face_reference_table(face, Self.tag(name))
        defer { hb_blob_destroy(blob) }
        var length: UInt32 = 0
        guard let data = hb_blob_get_data(blob, &length), length > 0 else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { Array(UnsafeBufferPointer(start: $0, count: Int(length))) }
    }

    static func tag(_ name: String) -> hb_tag_t {
        name.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }
}
