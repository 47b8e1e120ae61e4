import Foundation
import SarabanData

/// Chooses the line breaks of a whole paragraph at once.
///
/// Breaks may fall only where Pango's dictionary allows one (between words; never inside the no-break
/// phrases), or must fall at a newline. Among all ways to break, the breaker takes the one with the least
/// total cost, found by dynamic programming over the break opportunities (the "total fit" of Knuth and
/// Plass, without hyphenation): a line costs the square of its spare width as a share of the line, and a
/// break inside a compound word (งบ|ประมาณ, หน่วย|งาน, ตัว|ชี้|วัด) costs a fixed penalty, so the breaker
/// avoids one when the lines around it can absorb the difference. The penalty counts once for each word of the
/// lexicon the break falls inside: where words nest, a break between the parts of the longer one
/// ("เขตพื้นที่|การศึกษา") costs less than one that also cuts a shorter one ("เขตพื้นที่การ|ศึกษา"). The last line costs nothing, unless it is
/// a runt: shorter than `runt.minShare` of the line while the paragraph has more than one line ("นี้" or
/// "ทราบ" alone under a full line). A runt costs `runt.penalty`, so the breaker brings a word or two down from
/// the lines above (total fit: the lines above share the extra spare width) rather than leave one; a
/// paragraph that cannot avoid it keeps it. In a ragged line (not justified) spare width shows only as a
/// shorter line, while a break between two words of one phrase can cut a name the dictionary does not know
/// ("ขุนลุ|มประพาส"): there a break with no space before it costs `phrasePenalty`, so lines break at spaces
/// unless that leaves a line far shorter than it could be. Centred text is balanced: there the last line costs its
/// spare width too, so a title wraps into lines of even length rather than full lines over a short one. A word wider than the line (a long URL, a run of letters with no dictionary break) would run off
/// the page: as a last resort it may break between any two of its grapheme clusters (never inside one), each
/// such break costing `lastResortPenalty` so the word is cut as few times as its width needs; the line that
/// ends inside it names the word, for a warning.
struct LineBreaker {
    struct Line {
        var clusters: Range<Int>
        /// Ended by the paragraph's end or a newline: not stretched when justified.
        var isLast: Bool
        /// The compound word this line's end splits, written with a bar where it breaks ("งบ|ประมาณ").
        var brokenCompound: String?
        /// The word wider than a line that this line's end cuts between letters.
        var brokenWord: String?
    }

    /// Costs far more than any spare width (at most 100² a line), so a cut is made only where the word needs it.
    static let lastResortPenalty = 50_000.0

    let shaped: ShapedText
    let firstWidth: Double
    let otherWidth: Double
    /// Byte offsets inside a compound word, where a break is penalised, with the (longest) word's byte range.
    let insideCompound: [Range<Int>?]
    /// For each byte offset, how many words of the lexicon it falls inside: the penalty counts once for each.
    let compoundDepth: [Int]
    let compoundPenalty: Double
    /// The shortest a paragraph's last line should be, as a share of the line, and what falling short costs.
    var runt = RuntRule(minShare: 0, penalty: 0)
    /// What a break costs where no space comes before it (between two words of a phrase): set for ragged lines only.
    var phrasePenalty = 0.0
    /// Centred text: the last line's spare width costs as any line's does, so the lines are balanced.
    var balanced = false
    /// For each cluster, the range of the over-wide word it is inside, where a last-resort break may come before it.
    var lastResort: [Int: LastResortBreak] = [:]

    /// A break opened inside a stretch wider than the line: the stretch, and where the break falls.
    struct LastResortBreak {
        enum Place { case space, address, insideWord }
        var stretch: Range<Int>
        /// At a space inside a no-break phrase (a title and a name): reported as a split phrase. After an
        /// address's separator: allowed there anyway. Inside a word (at a dictionary boundary Pango refused, or
        /// between letters): a broken word, warned about.
        var place: Place
    }

    /// Opens last-resort break opportunities inside every unbreakable stretch wider than `width`, in `shaped`,
    /// from the least to the most harmful, each only where the one before did not make the stretch fit: after
    /// its spaces (a no-break phrase such as a title and a name), after an address's separators ("." "/" "@"),
    /// at its dictionary word boundaries, and, inside
    /// a word that is still too wide, between any two grapheme clusters. Returns, for each cluster where one was
    /// opened, the stretch's cluster range.
    static func openLastResortBreaks(_ shaped: inout ShapedText, width: Double) -> [Int: LastResortBreak] {
        var opened: [Int: LastResortBreak] = [:]
        let bytes = shaped.bytes
        let levels: [(Cluster, Cluster) -> Bool] = [
            { previous, this in previous.isSpace && !this.isSpace },
            // Inside an address, after its separators (and "@"), before anywhere else.
            { previous, this in !this.isSpace && (BreakOpportunities.afterWhich.contains(bytes[previous.byteStart])
                                                   || bytes[previous.byteStart] == UInt8(ascii: "@")) },
            { previous, this in this.wordStart && !this.isSpace && !previous.isSpace },
            { previous, this in !this.isSpace && !previous.isSpace },
        ]
        for (level, allowed) in levels.enumerated() {
            // Nearly every paragraph has no stretch too wide: then this is one pass over its clusters.
            let stretches = tooWide(shaped, width: width)
            if stretches.isEmpty { break }
            for stretch in stretches {
                for index in stretch.dropFirst() where allowed(shaped.clusters[index - 1], shaped.clusters[index]) {
                    shaped.clusters[index].breakBefore = true
                    opened[index] = LastResortBreak(stretch: stretch, place: level == 0 ? .space : level == 1 ? .address : .insideWord)
                }
            }
        }
        return opened
    }

    /// The stretches between break opportunities that are wider than `width`.
    static func tooWide(_ shaped: ShapedText, width: Double) -> [Range<Int>] {
        let clusters = shaped.clusters
        var bounds = [0] + (1..<max(clusters.count, 1)).filter { clusters[$0].breakBefore || clusters[$0].forcedBreakBefore }
        bounds.append(clusters.count)
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }.filter { $0.count > 1 && shaped.width($0) > width + 0.01 }
    }

    func lines() -> [Line] {
        let clusters = shaped.clusters
        let count = clusters.count
        guard count > 0 else { return [] }
        // Prefix widths, and for each end the end without its trailing white space.
        var prefix = [0.0]
        prefix.reserveCapacity(count + 1)
        for cluster in clusters { prefix.append(prefix.last! + cluster.width) }
        var trimmed = [Int](repeating: 0, count: count + 1)
        for end in 0...count {
            var e = end
            while e > 0, clusters[e - 1].isSpace { e -= 1 }
            trimmed[end] = e
        }
        let candidates = (1..<count).filter { clusters[$0].breakBefore || clusters[$0].forcedBreakBefore } + [count]
        let isForced = { (p: Int) in p == count || clusters[p].forcedBreakBefore }

        var best: [Int: (cost: Double, previous: Int)] = [0: (0, -1)]
        var starts = [0]
        for p in candidates {
            var choice: (cost: Double, previous: Int)?
            for q in starts.reversed() {
                guard let base = best[q] else { continue }
                let available = q == 0 ? firstWidth : otherWidth
                let natural = prefix[max(trimmed[p], q)] - prefix[q]
                let cost: Double
                if natural > available + 0.01 {
                    // Overflow is allowed only when nothing shorter could end here.
                    guard q == starts.last! else { break }
                    cost = 1e9 + natural - available
                } else if isForced(p) {
                    // The paragraph's (or a newline's) last line; a first line is never a runt.
                    let isFirst = q == 0 || clusters[q].forcedBreakBefore
                    let spare = (available - natural) / available * 100
                    cost = (!isFirst && natural < runt.minShare * available ? runt.penalty : 0)
                        + (balanced && !isFirst ? spare * spare : 0)
                } else {
                    let spare = (available - natural) / available * 100
                    cost = spare * spare + compoundCost(at: clusters[p].byteStart)
                        + (lastResort[p] != nil ? Self.lastResortPenalty : 0)
                        + (clusters[p - 1].isSpace ? 0 : phrasePenalty)
                }
                let total = base.cost + cost
                if choice == nil || total < choice!.cost { choice = (total, q) }
                if natural > available + 0.01 { break }
            }
            if let choice {
                best[p] = choice
                if isForced(p) { starts = [] }
                starts.append(p)
            }
        }
        var lines: [Line] = []
        var end = count
        while end > 0, let entry = best[end] {
            let start = entry.previous
            let cut = lastResort[end]
            // A cut at a space inside a no-break phrase counts as a split compound; a cut inside a word is a
            // broken word.
            lines.append(Line(clusters: start..<end, isLast: isForced(end),
                              brokenCompound: end < count ? brokenCompound(at: clusters[end].byteStart)
                                  ?? cut.flatMap { $0.place == .space ? splitText($0.stretch, at: end) : nil } : nil,
                              brokenWord: cut.flatMap { $0.place == .insideWord ? shaped.text($0.stretch) : nil }))
            end = start
        }
        return lines.reversed()
    }

    /// The compound penalty for a break at byte `offset`, once for each lexicon word it falls inside.
    func compoundCost(at offset: Int) -> Double {
        compoundPenalty * Double(compoundDepth[offset])
    }

    func splitText(_ stretch: Range<Int>, at index: Int) -> String {
        shaped.text(stretch.lowerBound..<index) + "|" + shaped.text(index..<stretch.upperBound)
    }

    func brokenCompound(at offset: Int) -> String? {
        guard let word = insideCompound[offset] else { return nil }
        let bytes = shaped.bytes
        return String(decoding: bytes[word.lowerBound..<offset], as: UTF8.self) + "|"
            + String(decoding: bytes[offset..<word.upperBound], as: UTF8.self)
    }
}

/// A paragraph's last line shorter than `minShare` of its line is a runt, and costs the breaker `penalty`.
public struct RuntRule: Sendable {
    public var minShare: Double
    public var penalty: Double

    public init(minShare: Double, penalty: Double) {
        self.minShare = minShare
        self.penalty = penalty
    }
}

/// Compound words whose parts Pango's dictionary would split (งบ|ประมาณ): a line break between the parts
/// costs a penalty. The list is data (`Layouts/thai-compounds.txt`), one word a line.
public struct Compounds: Sendable {
    public let words: [[UInt8]]
    public let penalty: Double
    /// The words of three bytes or more (one Thai letter in UTF-8) end to end, each found by its place in `spans`:
    /// every byte of every paragraph is looked up, so the search compares raw bytes without a reference count.
    let packed: [UInt8]
    let spans: [Span]
    /// The words that start with a letter of the Thai block (U+0E00–U+0E7F, E0 B8 80–E0 B9 BF), by the letter's
    /// place in the block: an array read without hashing the key. Each entry is a range of `spans`.
    let thaiRanges: [Range<Int>]
    /// The words that start with any other character, by their first three bytes.
    let otherRanges: [UInt32: Range<Int>]
    /// Whether a word of `otherRanges` starts with the byte: most bytes of a paragraph are looked up no further.
    let otherFirstBytes: [Bool]

    struct Span {
        let start: Int
        let count: Int
        /// The word's bytes after its first three (its second Thai letter), up to three, as a number: a word is
        /// compared byte by byte only where the text has them too, which rules out most words of the first letter.
        let next: UInt32
    }

    public init(words: [String], penalty: Double) {
        self.words = words.filter { $0.count > 1 }.map { Array($0.utf8) }
        self.penalty = penalty
        let grouped = Dictionary(grouping: self.words.filter { $0.count >= 3 }) { Self.key($0, 0) }
        var packed: [UInt8] = [], spans: [Span] = []
        var thai = [Range<Int>](repeating: 0..<0, count: 128), other: [UInt32: Range<Int>] = [:]
        // In order of the key, so that the packing does not depend on the dictionary's order.
        for key in grouped.keys.sorted() {
            let first = spans.count
            for word in grouped[key]! {
                spans.append(Span(start: packed.count, count: word.count, next: Self.key(word, 3, count: word.count - 3)))
                packed += word
            }
            if Self.isThai(key) { thai[Self.thaiSlot(key)] = first..<spans.count } else { other[key] = first..<spans.count }
        }
        self.packed = packed
        self.spans = spans
        thaiRanges = thai
        otherRanges = other
        otherFirstBytes = (0..<256).map { byte in other.keys.contains { $0 >> 16 == byte } }
    }

    /// The words whose first letter (three UTF-8 bytes) is the first of `bytes`.
    func words(startingWith bytes: [UInt8]) -> [[UInt8]] {
        guard bytes.count >= 3 else { return [] }
        return candidates(key: Self.key(bytes, 0)).map { Array(packed[spans[$0].start..<spans[$0].start + spans[$0].count]) }
    }

    /// The places in `spans` of the words whose first three bytes are `key`.
    @inline(__always)
    func candidates(key: UInt32) -> Range<Int> {
        Self.isThai(key) ? thaiRanges[Self.thaiSlot(key)] : otherFirstBytes[Int(key >> 16)] ? otherRanges[key] ?? 0..<0 : 0..<0
    }

    static func isThai(_ key: UInt32) -> Bool { key >> 8 == 0xE0B8 || key >> 8 == 0xE0B9 }

    /// A Thai letter's place in the block, from its UTF-8 (E0 B8 80 → 0, E0 B9 BF → 127).
    static func thaiSlot(_ key: UInt32) -> Int {
        Int((key >> 8) & 1) << 6 | Int(key & 0x3F)
    }

    /// The three bytes from `at` as a number, the first byte highest: a Thai letter in UTF-8.
    static func key<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ at: Int) -> UInt32 where Bytes.Index == Int {
        UInt32(bytes[at]) << 16 | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2])
    }

    /// Up to three bytes from `at` (fewer where `count` says so) as a number, the first byte highest.
    static func key<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ at: Int, count: Int) -> UInt32 where Bytes.Index == Int {
        var key: UInt32 = 0
        for offset in 0..<min(count, 3) { key |= UInt32(bytes[at + offset]) << (16 - 8 * offset) }
        return key
    }

    public static func load(contentsOf url: URL, penalty: Double) throws -> Compounds {
        let text = try String(contentsOf: url, encoding: .utf8)
        let words = text.utf8.split(separator: 0x0A).map { Substring($0).trimmingSpaces() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        return Compounds(words: words, penalty: penalty)
    }

    /// For each byte offset of `bytes` (and its end), the byte range of the word it falls inside, if any;
    /// where words overlap, the longer one counts.
    func insideOffsets(_ bytes: [UInt8]) -> [Range<Int>?] { insideWords(bytes).longest }

    /// For each byte offset of `bytes` (and its end): the longest word of the list it falls inside, and how many
    /// words of the list it falls inside.
    func insideWords(_ bytes: [UInt8]) -> (longest: [Range<Int>?], depth: [Int]) {
        var inside = [Range<Int>?](repeating: nil, count: bytes.count + 1)
        var depth = [Int](repeating: 0, count: bytes.count + 1)
        guard !spans.isEmpty, bytes.count >= 3 else { return (inside, depth) }
        // Raw buffers: this runs over every byte of every paragraph, twice (compounds, no-break words).
        bytes.withUnsafeBufferPointer { text in
            packed.withUnsafeBufferPointer { packed in
                spans.withUnsafeBufferPointer { spans in
                    inside.withUnsafeMutableBufferPointer { inside in
                        depth.withUnsafeMutableBufferPointer { depth in
                            for start in 0...(text.count - 3) where text[start] & 0xC0 != 0x80 {
                                // Words start at a character, never at a UTF-8 continuation byte (10xxxxxx).
                                let places = candidates(key: Self.key(text, start))
                                guard !places.isEmpty else { continue }
                                let after = start + 3, left = text.count - after
                                let next = left >= 3 ? Self.key(text, after) : Self.key(text, after, count: left)
                                for place in places {
                                    let word = spans[place]
                                    guard start + word.count <= text.count,
                                          word.next == (word.count >= 6 ? next : next & 0xFFFFFF & ~(0xFFFFFF >> (8 * (word.count - 3)))),
                                          word.count <= 6
                                            || memcmp(text.baseAddress! + start + 6, packed.baseAddress! + word.start + 6, word.count - 6) == 0
                                    else { continue }
                                    for offset in (start + 1)..<(start + word.count) {
                                        depth[offset] += 1
                                        if (inside[offset]?.count ?? 0) < word.count { inside[offset] = start..<(start + word.count) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (inside, depth)
    }
}
