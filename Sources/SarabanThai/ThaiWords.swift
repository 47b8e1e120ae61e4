import Foundation
import CPangoCairo

/// libthai's word dictionary, which Pango reads the first time it breaks Thai text.
///
/// libthai makes its shared breaker without a lock, so two threads must never be the first to break Thai at
/// the same moment; and reading the dictionary is a sizeable part of a cold start (about 32 million
/// instructions), worth doing on a thread that would otherwise wait. `load()` is both: a Swift global is
/// initialised exactly once, and a second caller waits until the first has finished.
public enum ThaiDictionary {
    public static func load() { _ = loaded }

    private static let loaded: Bool = {
        let sample = "ภาษาไทย"
        var attributes = [PangoLogAttr](repeating: PangoLogAttr(), count: sample.unicodeScalars.count + 1)
        sample.withCString { pointer in
            pango_get_log_attrs(pointer, Int32(sample.utf8.count), -1, pango_language_from_string("th"),
                                &attributes, Int32(attributes.count))
        }
        return true
    }()
}

/// Thai words as Pango's dictionary (libthai) finds them: the same boundaries the line breaker uses.
public enum ThaiWords {
    /// The words of `text`, in order, with where each starts.
    public static func words(_ text: String) -> [(word: String, start: String.Index)] {
        ThaiDictionary.load()
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return [] }
        var attributes = [PangoLogAttr](repeating: PangoLogAttr(), count: scalars.count + 1)
        let language = pango_language_from_string("th")
        text.withCString { pointer in
            pango_get_log_attrs(pointer, Int32(text.utf8.count), -1, language, &attributes, Int32(attributes.count))
        }
        var words: [(String, String.Index)] = []
        var start: Int?
        let indices = Array(text.unicodeScalars.indices) + [text.unicodeScalars.endIndex]
        for position in 0...scalars.count {
            let attribute = attributes[position]
            if attribute.is_word_end != 0, let begin = start {
                words.append((String(text.unicodeScalars[indices[begin]..<indices[position]]), indices[begin]))
                start = nil
            }
            if attribute.is_word_start != 0, position < scalars.count { start = position }
        }
        return words
    }

    /// The first word a reader meets: the text up to its first space, cut at the first dictionary word when
    /// that word is Thai and at least two characters long ("มาตรการเพื่อ…" → "มาตรการ"; "๒)" stays "๒)").
    /// A leading token with no letter or digit (a list's "-") is passed over.
    public static func firstWord(of text: String) -> String {
        let tokens = text.split(whereSeparator: { $0.isWhitespace })
        let token = String(tokens.first { $0.contains { $0.isLetter || $0.isNumber } } ?? tokens.first ?? "")
        guard let first = words(token).first, first.start == token.startIndex, first.word.count >= 2,
              first.word.unicodeScalars.allSatisfy({ (0x0E01...0x0E4E).contains($0.value) }) else { return token }
        return first.word
    }
}
