import Foundation
import Yams

/// YAML for the official to keep, JSON for the form: the same data either way.
enum DataConversion {
    static func json(fromYAML text: String, file: String) throws -> String {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw Refusal(.badRequest, "bad-yaml", th: "\(file): อ่าน YAML ไม่ได้: \(error)", en: "\(file): not readable as YAML: \(error)")
        }
        guard let node, case .mapping = node, let json = jsonText(node) else {
            throw Refusal(.badRequest, "bad-yaml", th: "\(file): ไม่ใช่ไฟล์ข้อมูล (ต้องเป็นชุดของช่องข้อมูล)",
                          en: "\(file): not a data file (expected a mapping of fields)")
        }
        return json
    }

    /// A YAML node as JSON text, in the file's order: keys as written ("9.1" stays "9.1"), a plain scalar that reads
    /// as a number or true/false as one, every other scalar as its text (a date stays "2023-11-20"); nil for an
    /// alias, which a data file never needs.
    static func jsonText(_ node: Node) -> String? {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            guard scalar.style == .plain else { return quoted(text) }
            if ["", "~", "null", "Null", "NULL"].contains(text) { return "null" }
            if ["true", "True", "false", "False"].contains(text) { return text.lowercased() }
            if Int(text) != nil || (Double(text) != nil && text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) && !text.hasSuffix(".")) {
                return text
            }
            return quoted(text)
        case .mapping(let mapping):
            var members: [String] = []
            for (key, value) in mapping {
                guard case .scalar(let name) = key, let converted = jsonText(value) else { return nil }
                members.append(quoted(name.string) + ":" + converted)
            }
            return "{" + members.joined(separator: ",") + "}"
        case .sequence(let sequence):
            var items: [String] = []
            for item in sequence {
                guard let converted = jsonText(item) else { return nil }
                items.append(converted)
            }
            return "[" + items.joined(separator: ",") + "]"
        default:
            return nil
        }
    }

    static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    /// JSON (the form's data) as block-style YAML in the same order, for the official to keep and edit.
    static func yaml(fromJSON text: String) throws -> String {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch { node = nil }
        guard let node, case .mapping = node else {
            throw Refusal(.badRequest, "bad-json", th: "อ่าน JSON ไม่ได้", en: "not readable as JSON")
        }
        return try Yams.serialize(node: blockStyle(node), allowUnicode: true)
    }

    static func blockStyle(_ node: Node) -> Node {
        switch node {
        case .scalar(let scalar): return .scalar(.init(scalar.string, scalar.tag, scalar.string.contains("\n") ? .literal : .any))
        case .mapping(let mapping): return .mapping(.init(mapping.map { (blockStyle($0.key), blockStyle($0.value)) }, mapping.tag, .block))
        case .sequence(let sequence): return .sequence(.init(sequence.map(blockStyle), sequence.tag, .block))
        default: return node
        }
    }
}
