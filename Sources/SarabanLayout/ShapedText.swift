import Foundation
import CPangoCairo

/// What may stretch before a cluster when a line is justified.
public enum GapKind: Sendable {
    /// The line's first cluster, or a mark-less continuation that must not move.
    case none
    /// Between two clusters of one word: stretched least, and never beyond the layout's cap.
    case insideWord
    /// Between two words with no space (Thai): a break opportunity.
    case betweenWords
    /// At a space.
    case space
}

/// One grapheme cluster as shaped: a base letter with its marks (or SARA AM's two glyphs), in one font.
struct Cluster {
    var byteStart: Int
    var byteEnd: Int
    /// Where the cluster's glyphs are in its paragraph's `ShapedText.glyphs`, each placed from the cluster's start.
    var glyphs: Range<Int>
    var width: Double
    var runIndex: Int
    var isSpace: Bool
    /// A line may break before this cluster (Pango's dictionary breaks, minus the no-break rules).
    var breakBefore: Bool
    /// A word starts here (libthai's word boundaries).
    var wordStart: Bool
    /// A forced break (a newline in the text) comes before this cluster.
    var forcedBreakBefore: Bool
}

/// A paragraph shaped once as a single line: its clusters in order, ready to be broken into lines.
struct ShapedText {
    var bytes: [UInt8]
    var clusters: [Cluster]
    /// Every cluster's glyphs one after another, each cluster naming its range: one array for the paragraph, not one
    /// per letter (a batch made and freed some fifteen thousand of those for each document).
    var glyphs: [PositionedGlyph]
    var fonts: [FontHandle]

    /// The cluster's last glyph ends left of where the next cluster starts (a mark moved left): a gap
    /// opened after it would read as a space to a reader that goes by glyph positions.
    func endsLeftOfPen(_ cluster: Cluster) -> Bool {
        guard let last = cluster.glyphs.last.map({ glyphs[$0] }) else { return false }
        return cluster.width - (last.x + last.advance) > 0.01
    }

    func text(_ range: Range<Int>) -> String {
        guard let first = range.first, range.count > 0 else { return "" }
        return String(decoding: bytes[clusters[first].byteStart..<clusters[range.last!].byteEnd], as: UTF8.self)
    }

    /// Natural width of clusters `range`, without white space at its end.
    func width(_ range: Range<Int>) -> Double {
        var end = range.upperBound
        while end > range.lowerBound, clusters[end - 1].isSpace { end -= 1 }
        return clusters[range.lowerBound..<end].reduce(0) { $0 + $1.width }
    }
}

extension Typesetter {
    /// The session's one handle for a Pango font (Pango's font map gives the same font for the same
    /// description), checked once for fallback: a font of another family means the layout's font cannot
    /// draw the text.
    func handle(for font: UnsafeMutablePointer<PangoFont>, drawing text: @autoclosure () -> String) throws -> FontHandle {
        if let known = fontHandles[UnsafeMutableRawPointer(font)] { return known }
        let handle = FontHandle(retaining: font)
        if handle.family.caseInsensitiveCompare(family) != .orderedSame {
            let characters = text().unicodeScalars.filter { !$0.properties.isWhitespace }
            let named = Unicode.Scalar.named(characters)
            throw FontError(message: "the font \"\(family)\" cannot draw \(named) (fontconfig chose \"\(handle.family)\" for them); remove them from the data, or choose a font that has them in the layout file",
                            thai: "ฟอนต์ \"\(family)\" ไม่มีอักขระ \(named) ให้ลบอักขระนั้นออกจากข้อมูล หรือเลือกฟอนต์ที่มีอักขระนี้ในไฟล์ layout")
        }
        fontHandles[UnsafeMutableRawPointer(font)] = handle
        return handle
    }

    /// The characters of `layout` its fonts have no glyph for (Pango marks their glyphs unknown).
    func unknownCharacters(_ layout: OpaquePointer, bytes: [UInt8]) -> [Unicode.Scalar] {
        var found: [Unicode.Scalar] = []
        for lineIndex in 0..<pango_layout_get_line_count(layout) {
            var node = pango_layout_get_line_readonly(layout, lineIndex)?.pointee.runs
            while let current = node {
                defer { node = current.pointee.next }
                guard let item = current.pointee.data?.assumingMemoryBound(to: PangoGlyphItem.self).pointee else { continue }
                let glyphs = item.glyphs.pointee
                for g in 0..<Int(glyphs.num_glyphs) where glyphs.glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG != 0 {
                    let start = Int(item.item.pointee.offset) + Int(glyphs.log_clusters[g])
                    let tail = bytes[start...].prefix(4)
                    if let scalar = String(decoding: tail, as: UTF8.self).unicodeScalars.first { found.append(scalar) }
                }
            }
        }
        return found
    }

    /// Turns a paragraph's glyph runs into grapheme clusters with their break and word information.
    ///
    /// Pango reports glyphs by character (its log clusters); a grapheme is a letter with its marks, so the
    /// log clusters are merged where Pango's cursor positions say a grapheme goes on. SARA AM, which the
    /// shaper splits into NIKHAHIT and SARA AA glyphs, is drawn with the font's precomposed SARA AM glyph
    /// where the split glyphs sit in their usual places: it looks the same and reads back as one character.
    func shape(_ glyphLines: GlyphLines, bytes: [UInt8]) throws -> ShapedText {
        let logAttributes = glyphLines.logAttributes
        var charIndexOfByte = [Int](repeating: 0, count: bytes.count + 1)
        var charIndex = 0
        for (offset, byte) in bytes.enumerated() {
            if byte & 0xC0 != 0x80 && offset > 0 { charIndex += 1 }
            charIndexOfByte[offset] = charIndex
        }
        charIndexOfByte[bytes.count] = bytes.isEmpty ? 0 : charIndex + 1

        // Each glyph is placed once (SARA AM's two may become one) and a cluster has one glyph or more: the arrays
        // are made at their final size instead of growing by doubling.
        let glyphCount = glyphLines.lines.reduce(0) { $0 + $1.reduce(0) { $0 + Int($1.glyphs.pointee.num_glyphs) } }
        var clusters: [Cluster] = []
        clusters.reserveCapacity(glyphCount)
        var placed: [PositionedGlyph] = []
        placed.reserveCapacity(glyphCount)
        var fonts: [FontHandle] = []
        for (lineIndex, line) in glyphLines.lines.enumerated() {
            let lineStartCluster = clusters.count
            for run in line {
                guard let font = run.item.pointee.analysis.font else { continue }
                let item = run.item.pointee
                // A run set right to left (Hebrew or Arabic letters, in a font that has them) has its glyphs in the
                // order they show, not the text's: saraban breaks and places text left to right only.
                let runText = { String(decoding: bytes[Int(item.offset)..<Int(item.offset + item.length)], as: UTF8.self) }
                guard item.analysis.level % 2 == 0 else {
                    let text = runText()
                    throw FontError(message: "the text \"\(text.prefix(40))\" runs right to left, which saraban cannot set (it sets Thai and Latin, left to right); remove it",
                                    thai: "ข้อความ \"\(text.prefix(40))\" เขียนจากขวาไปซ้าย ซึ่ง saraban จัดพิมพ์ไม่ได้ (จัดได้เฉพาะภาษาไทยและอักษรละตินจากซ้ายไปขวา) ให้ลบออก")
                }
                let handle = try handle(for: font, drawing: runText())
                fonts.append(handle)
                let runStart = Int(item.offset), runEnd = runStart + Int(item.length)
                let glyphs = run.glyphs.pointee
                let count = Int(glyphs.num_glyphs)
                var g = 0
                while g < count {
                    let clusterOffset = Int(glyphs.log_clusters[g])
                    var h = g
                    while h < count, Int(glyphs.log_clusters[h]) == clusterOffset { h += 1 }
                    let byteStart = runStart + clusterOffset
                    let byteEnd = h < count ? runStart + Int(glyphs.log_clusters[h]) : runEnd
                    let first = placed.count
                    place(glyphs, g..<h, text: bytes[byteStart..<byteEnd], font: handle, after: &placed)
                    let width = placed[first...].reduce(0) { $0 + $1.advance }
                    let attribute = logAttributes[charIndexOfByte[byteStart]]
                    let continuesGrapheme = attribute.is_cursor_position == 0 && clusters.count > lineStartCluster
                        && clusters[clusters.count - 1].runIndex == fonts.count - 1
                    if continuesGrapheme {
                        // The cluster before is the last one, so its glyphs end where these start.
                        let last = clusters.count - 1
                        for index in first..<placed.count { placed[index].x += clusters[last].width }
                        clusters[last].glyphs = clusters[last].glyphs.lowerBound..<placed.count
                        clusters[last].width += width
                        clusters[last].byteEnd = byteEnd
                    } else {
                        let byte = bytes[byteStart]
                        clusters.append(Cluster(byteStart: byteStart, byteEnd: byteEnd, glyphs: first..<placed.count, width: width,
                                                runIndex: fonts.count - 1,
                                                isSpace: byte == 0x20 || byte == 0x0A || byte == 0x09,
                                                breakBefore: attribute.is_line_break != 0,
                                                wordStart: attribute.is_word_start != 0 || attribute.is_word_boundary != 0,
                                                forcedBreakBefore: false))
                    }
                    g = h
                }
            }
            if lineIndex > 0, lineStartCluster < clusters.count { clusters[lineStartCluster].forcedBreakBefore = true }
        }
        return ShapedText(bytes: bytes, clusters: clusters, glyphs: placed, fonts: fonts)
    }

    /// The glyphs of one log cluster, placed from the cluster's start, appended to `placed`; each glyph that alone
    /// stands for the cluster's one character is marked with it. `text` is the cluster's UTF-8, read in place: a
    /// String made of each of a document's ten thousand clusters was 15% of the copy-out's work.
    func place(_ glyphs: PangoGlyphString, _ range: Range<Int>, text: ArraySlice<UInt8>, font: FontHandle,
               after placed: inout [PositionedGlyph]) {
        let first = placed.count
        var x = 0.0
        for h in range {
            let info = glyphs.glyphs[h]
            let advance = Double(info.geometry.width) / Double(PANGO_SCALE)
            placed.append(PositionedGlyph(id: info.glyph,
                                          x: x + Double(info.geometry.x_offset) / Double(PANGO_SCALE),
                                          y: Double(info.geometry.y_offset) / Double(PANGO_SCALE),
                                          gapBefore: .none, advance: advance))
            x += advance
        }
        withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: text.count) { buffer in
            var iterator = text.makeIterator()
            var decoder = UTF8()
            var count = 0
            // The text is a Swift string's bytes, cut where Pango's clusters start: whole characters, valid UTF-8.
            while case .scalarValue(let scalar) = decoder.decode(&iterator) {
                buffer[count] = scalar
                count += 1
            }
            let characters = UnsafeBufferPointer(rebasing: buffer[..<count])
            if characters.contains("\u{0E33}") { precomposeSaraAm(&placed, from: first, font: font) }
            assignCharacters(&placed, from: first, characters: characters, font: font)
        }
    }

    /// Which character each glyph from `first` on stands for: the character whose nominal glyph it is, or, for a
    /// positional variant, the character its name in the font says ("uni0E48.low" → U+0E48). Log clusters
    /// alone cannot tell: the shaper may put a mark's glyph in its neighbour's cluster.
    func assignCharacters(_ placed: inout [PositionedGlyph], from first: Int, characters: UnsafeBufferPointer<Unicode.Scalar>,
                          font: FontHandle) {
        for index in first..<placed.count {
            if let scalar = characters.first(where: { font.nominalGlyph($0) == placed[index].id }) {
                placed[index].character = scalar
            } else if let scalar = font.namedCharacter(placed[index].id) {
                placed[index].character = scalar
            }
        }
    }

    /// NIKHAHIT + SARA AA → the precomposed SARA AM glyph, where NIKHAHIT sits unmoved on the pen.
    func precomposeSaraAm(_ placed: inout [PositionedGlyph], from first: Int, font: FontHandle) {
        guard let am = font.saraAm,
              let n = placed[first...].firstIndex(where: { $0.id == am.nikhahit }),
              let a = placed[first...].lastIndex(where: { $0.id == am.aa }), n < a else { return }
        let nikhahit = placed[n], aa = placed[a]
        // The precomposed glyph draws NIKHAHIT at SARA AA's origin: only valid where the shaper put it there.
        guard abs(nikhahit.x - aa.x) < 0.01, abs(nikhahit.y) < 0.01, abs(aa.y) < 0.01 else { return }
        placed[a].id = am.precomposed
        placed.remove(at: n)
    }
}
