import CPangoCairo

/// Thai word breaks from libthai's dictionary, the ones Pango's Thai tailoring finds, without Pango's lock.
///
/// Pango 1.50 breaks Thai (`break_thai` in break-thai.c) with one libthai breaker that it keeps behind a global
/// lock, so every thread that breaks Thai waits for every other: the two workers of a batch waited 0.16–0.20 s
/// each on it over 245 documents (`perf sched`), and a single render's layout, its second typesetter and its
/// checks wait for one another the same way. libthai says of its breaker (thbrk.c, since 0.1.25) that once made,
/// its methods may be called from several threads at once. This is one such breaker, made once, with the steps
/// Pango takes around it, so that the breaks are Pango's own; a test compares the two on the example's texts and on
/// random texts (`TypesettingTests.testThaiBreaksGivePangosAttributes`).
public enum ThaiBreaks {
    /// libthai's breaker with its default dictionary (about 32 million instructions to read). A Swift global is
    /// initialised once, and a second thread asking meanwhile waits: libthai makes a breaker without a lock.
    nonisolated(unsafe) static let breaker: OpaquePointer? = th_brk_new(nil)

    /// What `pango_tailor_break` does to a run of Thai script: `attributes` holds one log attribute for each
    /// character of the run's `length` bytes and one after them, with Unicode's breaks in them already
    /// (`pango_default_break`). libthai's breaks become line and word boundaries where Unicode had none, and the
    /// run's first attribute keeps what it had from the text before the run.
    public static func tailor(_ text: UnsafePointer<CChar>, length: Int, attributes: UnsafeMutablePointer<PangoLogAttr>) {
        let before = attributes.pointee
        // libthai reads TIS-620, one byte a character, ending with a 0; a character has at least one UTF-8 byte.
        withUnsafeTemporaryAllocation(of: thchar_t.self, capacity: length + 1) { tis in
            let characters = tisText(text, length: length, into: tis)
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: characters + 1) { breaks in
                let found = th_brk_find_breaks(breaker, tis.baseAddress, breaks.baseAddress, characters + 1)
                for index in 0..<Int(max(found, 0)) { markBreak(attributes + Int(breaks[index])) }
            }
        }
        attributes.pointee.backspace_deletes_character = before.backspace_deletes_character
        attributes.pointee.is_line_break |= before.is_line_break
        attributes.pointee.is_mandatory_break |= before.is_mandatory_break
        attributes.pointee.is_cursor_position |= before.is_cursor_position
    }

    /// What `pango_get_log_attrs` gives for `text` at level -1 in `language`: Unicode's breaks, then each run of
    /// one script tailored, Thai runs here and the others by Pango. `attributes` has a place for each character
    /// and one after them.
    public static func logAttributes(_ text: UnsafePointer<CChar>, length: Int32, language: OpaquePointer?,
                                     into attributes: UnsafeMutableBufferPointer<PangoLogAttr>) {
        var analysis = PangoAnalysis()
        analysis.level = UInt8.max
        analysis.language = language
        pango_default_break(text, length, &analysis, attributes.baseAddress, Int32(attributes.count))
        guard let runs = pango_script_iter_new(text, length) else { return }
        defer { pango_script_iter_free(runs) }
        var broken = 0
        repeat {
            var start: UnsafePointer<CChar>?
            var end: UnsafePointer<CChar>?
            var script = PANGO_SCRIPT_COMMON
            pango_script_iter_get_range(runs, &start, &end, &script)
            guard let start, let end else { break }
            let bytes = end - start
            let characters = Int(g_utf8_strlen(start, bytes))
            guard broken + characters < attributes.count else { break }
            analysis.script = UInt8(truncatingIfNeeded: script.rawValue)
            tailorBreak(start, length: bytes, characters: characters, analysis: &analysis, attributes: attributes.baseAddress! + broken)
            broken += characters
        } while pango_script_iter_next(runs) != 0
    }

    /// `pango_tailor_break` for one run of `analysis`'s script (its attributes left to `pango_attr_break`): a Thai
    /// run tailored here, any other by Pango. `attributes` has a place for each of the run's `characters` and one
    /// after them.
    public static func tailorBreak(_ text: UnsafePointer<CChar>, length: Int, characters: Int, analysis: inout PangoAnalysis,
                                   attributes: UnsafeMutablePointer<PangoLogAttr>) {
        if Int32(analysis.script) == Int32(PANGO_SCRIPT_THAI.rawValue) {
            tailor(text, length: length, attributes: attributes)
        } else {
            pango_tailor_break(text, Int32(length), &analysis, -1, attributes, Int32(characters + 1))
        }
    }

    /// The text in TIS-620 with a closing 0 (a character TIS-620 lacks becomes 0, as libthai's `th_uni2tis`
    /// makes it); returns the number of characters.
    private static func tisText(_ text: UnsafePointer<CChar>, length: Int, into tis: UnsafeMutableBufferPointer<thchar_t>) -> Int {
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: length)
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var count = 0
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                tis[count] = th_uni2tis(thwchar_t(bitPattern: scalar.value))
            case .error:
                tis[count] = 0
            case .emptyInput:
                break decoding
            }
            count += 1
        }
        tis[count] = 0
        return count
    }

    /// A libthai break: a line break where Unicode had none (a character boundary too, to keep Pango's
    /// invariants), and the end of one word and the start of the next unless a word already starts or ends here.
    private static func markBreak(_ attribute: UnsafeMutablePointer<PangoLogAttr>) {
        if attribute.pointee.is_line_break == 0 {
            attribute.pointee.is_char_break = 1
            attribute.pointee.is_line_break = 1
        }
        if attribute.pointee.is_word_start == 0 && attribute.pointee.is_word_end == 0 {
            attribute.pointee.is_word_start = 1
            attribute.pointee.is_word_end = 1
        }
    }
}
