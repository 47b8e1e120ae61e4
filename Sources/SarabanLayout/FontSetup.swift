import Foundation
import SarabanFiles
import CPangoCairo
import SarabanITA

/// A font problem the user can fix: which font, and what to do.
public struct FontError: Error, CustomStringConvertible, Sendable {
    public let message: String
    /// The same in Thai, for an official's `--lang th` (and the web page), where it has been written.
    public let thai: String?
    public init(message: String, thai: String? = nil) {
        self.message = message
        self.thai = thai
    }
    public var description: String { message }
}

/// A layout problem that is not about fonts (an unreadable image, say).
public struct LayoutError: Error, CustomStringConvertible, Sendable {
    public let message: String
    /// The same in Thai, where it has been written (the problems a document's own text can cause).
    public let thai: String?
    public init(message: String, thai: String? = nil) {
        self.message = message
        self.thai = thai
    }
    public var description: String { message }
}

/// Fontconfig with saraban's `Fonts/fonts.conf` and any folders the user adds, and the font family
/// the layout asks for, resolved once and checked for Thai. Silent fallback is what makes Thai text
/// come out in the wrong font, so the family is chosen here explicitly and every run is checked later.
final class FontSetup {
    let config: OpaquePointer
    let family: String

    init(families: [String], fontFolders: [URL]) throws {
        let folder = Resources.folder("Fonts")
        guard let config = Self.configuration(saraban: folder?.appendingPathComponent("fonts.conf")) else {
            throw FontError(message: "fontconfig could not be initialised")
        }
        self.config = config
        if let folder { _ = FcConfigAppFontAddDir(config, folder.path) }
        for folder in fontFolders {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
                FcConfigDestroy(config)
                throw FontError(message: "font folder not found: \(folder.path)")
            }
            _ = FcConfigAppFontAddDir(config, folder.path)
        }
        do {
            self.family = try Self.resolve(families, in: config)
        } catch {
            FcConfigDestroy(config)
            throw error
        }
        Self.offerAsCurrent(config)
    }

    /// saraban's own configuration (`Fonts/fonts.conf`: the system's font and cache folders, the TH Sarabun names,
    /// synthetic bold) with its fonts. The system's configuration is read only when the user points fontconfig at
    /// one (`FONTCONFIG_FILE`, `FONTCONFIG_PATH`) or saraban's file is missing: its thirty-odd rule files are for
    /// screens, and parsing them was a tenth of a cold render's instructions, twice over (each typesetter makes a
    /// set-up of its own).
    static func configuration(saraban file: URL?, environment: (String) -> String? = EnvironmentVariable.value) -> OpaquePointer? {
        let userChoseOne = environment("FONTCONFIG_FILE") != nil || environment("FONTCONFIG_PATH") != nil
        let own = file.map(\.path).flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        if let own, !userChoseOne { return loaded([own]) }
        return loaded([nil] + (own.map { [$0] } ?? []))
    }

    /// The configuration of `files`, each read on top of the ones before (nil: the system's, /etc/fonts/fonts.conf
    /// and what it includes, or FONTCONFIG_FILE), with its fonts. FcInitLoadConfigAndFonts would do the same for
    /// the system's and then also parse every file of fontconfig's template folder (conf.avail, about 45 files that
    /// are not in use) only so that they can be listed. Where a file cannot be read, that function's built-in
    /// fallback is used.
    private static func loaded(_ files: [String?]) -> OpaquePointer? {
        guard let config = FcConfigCreate() else { return nil }
        guard files.allSatisfy({ FcConfigParseAndLoad(config, $0, 1) != 0 }), FcConfigBuildFonts(config) != 0 else {
            FcConfigDestroy(config)
            return FcInitLoadConfigAndFonts()
        }
        return config
    }

    private static let currentLock = NSLock()
    nonisolated(unsafe) private static var currentIsSet = false

    /// Pango's fontconfig font map calls FcInit(), which reads the whole system configuration a second time
    /// (measured: 24 million instructions, as much as this set-up) unless a current configuration exists.
    /// The first set-up of the process becomes the current one; every set-up is made the same way, and each
    /// font map is still given its own through pango_fc_font_map_set_config.
    private static func offerAsCurrent(_ config: OpaquePointer) {
        currentLock.lock()
        defer { currentLock.unlock() }
        guard !currentIsSet else { return }
        currentIsSet = FcConfigSetCurrent(config) != 0
    }

    deinit { FcConfigDestroy(config) }

    /// The first of `families` that is installed; it must cover Thai.
    static func resolve(_ families: [String], in config: OpaquePointer) throws -> String {
        for family in families {
            switch coverage(of: family, in: config) {
            case .missing: continue
            case .withoutThai:
                throw FontError(message: "the font \"\(family)\" has no Thai glyphs; choose a Thai font in the layout file (such as Laksaman, from Debian's fonts-tlwg-laksaman)",
                                thai: "ฟอนต์ \"\(family)\" ไม่มีอักษรไทย ให้เลือกฟอนต์ภาษาไทยในไฟล์ layout (เช่น Laksaman จากแพ็กเกจ fonts-tlwg-laksaman)")
            case .thai: return family
            }
        }
        throw FontError(message: "none of the fonts \(families.map { "\"\($0)\"" }.joined(separator: ", ")) is installed; install Laksaman (apt-get install fonts-tlwg-laksaman) or put TH Sarabun's .ttf files in a folder and pass --fonts FOLDER")
    }

    enum Coverage { case missing, withoutThai, thai }

    /// The faces fontconfig lists for `family`, with the properties named (FC_FAMILY, FC_CHARSET…); the caller
    /// destroys the set.
    static func faces(of family: String, in config: OpaquePointer, reading properties: [String]) -> UnsafeMutablePointer<FcFontSet>? {
        let pattern = FcPatternCreate()!
        defer { FcPatternDestroy(pattern) }
        _ = family.withCString { FcPatternAddString(pattern, FC_FAMILY, UnsafeRawPointer($0).assumingMemoryBound(to: FcChar8.self)) }
        let objects = FcObjectSetCreate()!
        defer { FcObjectSetDestroy(objects) }
        for property in properties { _ = FcObjectSetAdd(objects, property) }
        return FcFontList(config, pattern, objects)
    }

    static func coverage(of family: String, in config: OpaquePointer) -> Coverage {
        guard let set = faces(of: family, in: config, reading: [FC_FAMILY, FC_CHARSET]) else { return .missing }
        defer { FcFontSetDestroy(set) }
        let count = Int(set.pointee.nfont)
        if count == 0 { return .missing }
        for index in 0..<count {
            guard let font = set.pointee.fonts[index] else { continue }
            var charset: OpaquePointer?
            if FcPatternGetCharSet(font, FC_CHARSET, 0, &charset) == FcResultMatch, let charset,
               FcCharSetHasChar(charset, 0x0E01) != 0, FcCharSetHasChar(charset, 0x0E49) != 0 {
                return .thai
            }
        }
        return .withoutThai
    }
}

/// The characters a layout's font family can draw: the union of fontconfig's character sets of the family's faces,
/// read once per process for each family list and font folders, and shared by every thread (a character set is only
/// read once made).
public final class FontCharacters: @unchecked Sendable {
    public let family: String
    private let charset: OpaquePointer

    private init(family: String, charset: OpaquePointer) {
        self.family = family
        self.charset = charset
    }

    deinit { FcCharSetDestroy(charset) }

    public func covers(_ scalar: Unicode.Scalar) -> Bool { FcCharSetHasChar(charset, scalar.value) != 0 }

    private static let state = NSCondition()
    nonisolated(unsafe) private static var known: [String: FontCharacters] = [:]
    /// How many typesetters are setting fontconfig up for each key, and will offer its characters.
    nonisolated(unsafe) private static var coming: [String: Int] = [:]

    /// The characters of the first installed family of `families` (as the layout resolves it), with `fontFolders` added:
    /// a typesetter's, when one is setting these fonts up (waited for: the checks otherwise raced the render's
    /// session and often made a third set-up), else from a set-up of their own.
    public static func of(families: [String], fontFolders: [URL]) throws -> FontCharacters {
        let key = Self.key(families, fontFolders)
        state.lock()
        defer { state.unlock() }
        while known[key] == nil, coming[key, default: 0] > 0 { state.wait() }
        if let made = known[key] { return made }
        let fonts = try FontSetup(families: families, fontFolders: fontFolders)
        let made = FontCharacters(family: fonts.family, charset: fonts.characters())
        known[key] = made
        return made
    }

    /// A typesetter sets up `families` with `fontFolders`, and offers their characters (`offer`) or gives up
    /// (`notComing`). The characters are read on the typesetter's own thread from its own fontconfig, so that the
    /// checks need not set fontconfig up a third time (each set-up parses the system's configuration).
    static func coming(families: [String], fontFolders: [URL]) {
        let key = Self.key(families, fontFolders)
        state.lock()
        if known[key] == nil { coming[key, default: 0] += 1 }
        state.unlock()
    }

    /// The character set is a copy, only read once made, so any thread may read it.
    static func offer(_ fonts: FontSetup, families: [String], fontFolders: [URL]) {
        let key = Self.key(families, fontFolders)
        state.lock()
        defer { state.unlock() }
        if known[key] == nil { known[key] = FontCharacters(family: fonts.family, charset: fonts.characters()) }
        coming[key] = nil
        state.broadcast()
    }

    static func notComing(families: [String], fontFolders: [URL]) {
        let key = Self.key(families, fontFolders)
        state.lock()
        defer { state.unlock() }
        if let count = coming[key] { coming[key] = count > 1 ? count - 1 : nil }
        state.broadcast()
    }

    private static func key(_ families: [String], _ fontFolders: [URL]) -> String {
        (families + ["|"] + fontFolders.map(\.path)).joined(separator: "\n")
    }
}

extension FontSetup {
    /// The union of the character sets of every face of the chosen family.
    func characters() -> OpaquePointer {
        let union = FcCharSetCreate()!
        guard let set = Self.faces(of: family, in: config, reading: [FC_CHARSET]) else { return union }
        defer { FcFontSetDestroy(set) }
        for index in 0..<Int(set.pointee.nfont) {
            var charset: OpaquePointer?
            if let font = set.pointee.fonts[index], FcPatternGetCharSet(font, FC_CHARSET, 0, &charset) == FcResultMatch, let charset {
                _ = FcCharSetMerge(union, charset, nil)
            }
        }
        return union
    }
}
