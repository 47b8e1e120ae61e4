import Foundation
import Hummingbird
import Mustache
import NIOCore
import SarabanData

/// The page itself: plain HTML, CSS and a little JavaScript from `Sources/SarabanWeb/Page/`, read once at start-up.
/// The HTML is a Mustache template filled with the texts of the chosen language (`texts.json`, Thai and English),
/// which the script also receives, so that nothing a user reads is written in two places.
struct WebPage: Sendable {
    let template: MustacheTemplate
    let texts: [String: [String: String]]
    let assets: [String: Data]

    static let folderName = "Sources/SarabanWeb/Page"

    init() throws {
        guard let folder = Resources.folder(Self.folderName) else {
            throw WebError("cannot find \(Self.folderName); set SARABAN_HOME to saraban's folder")
        }
        template = try MustacheTemplate(string: try String(contentsOf: folder.appendingPathComponent("index.mustache"), encoding: .utf8))
        let textData = try Data(contentsOf: folder.appendingPathComponent("texts.json"))
        guard let texts = try JSONSerialization.jsonObject(with: textData) as? [String: [String: String]],
              let thai = texts["th"], let english = texts["en"], Set(thai.keys) == Set(english.keys) else {
            throw WebError("\(Self.folderName)/texts.json: expected {\"th\": {...}, \"en\": {...}} with the same keys")
        }
        self.texts = texts
        var assets: [String: Data] = [:]
        for name in ["app.js", "style.css"] { assets[name] = try Data(contentsOf: folder.appendingPathComponent(name)) }
        self.assets = assets
    }

    /// The page in `language`; `signs`: whether it offers signing (a server on this machine's loopback only).
    func index(language: String, signs: Bool) -> Response {
        var values: [String: Any] = texts[language] ?? [:]
        values["signs"] = signs
        values["lang"] = language
        values["other_lang"] = language == "th" ? "en" : "th"
        let json = (try? JSONSerialization.data(withJSONObject: texts[language] ?? [:], options: [.sortedKeys])) ?? Data("{}".utf8)
        // Inside a <script> element: "</" must not close it.
        values["texts_json"] = String(decoding: json, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: template.render(values))))
    }

    func asset(_ name: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: assets[name] ?? Data())))
    }
}

struct WebError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
