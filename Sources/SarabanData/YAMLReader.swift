import Foundation
import Yams

/// Reads a composed YAML tree field by field, so that every mistake is reported with its file,
/// line, column and field path. Codable decoding loses the positions, so the model is read by hand.
public struct YAMLValue {
    public let node: Node
    public let path: String
    public let file: String
    /// Where the value is when it did not come from a YAML file (a table's cell): its errors and texts point there.
    public let fixedLocation: SourceLocation?

    public init(node: Node, path: String, file: String, at fixedLocation: SourceLocation? = nil) {
        self.node = node
        self.path = path
        self.file = file
        self.fixedLocation = fixedLocation
    }

    /// A table cell read as the scalar field `path`: the same checks and messages as in a data file, placed at the cell.
    public static func cell(_ text: String, path: String, at location: SourceLocation) -> YAMLValue {
        YAMLValue(node: .scalar(Node.Scalar(text)), path: path, file: location.file, at: location)
    }

    /// Parses YAML (or JSON, which YAML contains) into a root value, turning parser errors into `DataError`.
    public static func parse(_ text: String, file: String) throws -> YAMLValue {
        do {
            try YAMLAliasGuard.scan(text, file: file)
            // No type resolution: every field reads its scalar's text itself (`double()`, `int()`, `isNull`), and
            // Yams's default resolver matched each plain scalar, keys included, against a list of regular expressions.
            // UTF-8 named, not left to Yams's default, which reads the whole environment at each parse to decide.
            guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
                throw DataError(location: SourceLocation(file: file, line: 1, column: 1), field: "",
                                message: "the file is empty; expected a YAML or JSON mapping")
            }
            try YAMLAliasGuard.check(node, file: file)
            return YAMLValue(node: node, path: "", file: file)
        } catch let error as YamlError {
            throw DataError.fromYams(error, file: file)
        }
    }

    public static func load(contentsOf url: URL) throws -> YAMLValue {
        let data: Data
        do {
            data = try InputFile.read(url, what: "a YAML or JSON data file", limit: InputFile.dataLimit)
        } catch let problem as InputFileError {
            throw DataError(location: SourceLocation(file: url.path, line: 0, column: 0), field: "",
                            message: problem.reason, code: problem.code,
                            thai: problem.thai)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataError(location: SourceLocation(file: url.path, line: 1, column: 1), field: "",
                            message: "the file is not UTF-8 text; save it as UTF-8")
        }
        return try parse(text, file: url.path)
    }

    public var location: SourceLocation {
        if let fixedLocation { return fixedLocation }
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    public func error(_ message: String, code: String = "invalid-value", thai: String? = nil) -> DataError {
        DataError(location: location, field: path, message: message, code: code, thai: thai ?? "ค่าไม่ถูกต้อง: \(message)")
    }

    private var kindName: String {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? "nothing" : "\"\(s.string)\""
        case .mapping: return "a mapping of fields"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// What was found, said in Thai for an official's message.
    private var thaiKindName: String {
        switch node {
        case .scalar(let s): return s.string.isEmpty || isNull ? "ช่องว่าง" : " \"\(s.string)\""
        case .mapping: return "กลุ่มของช่องข้อมูล"
        case .sequence: return "รายการ"
        case .alias: return "การอ้างถึงด้วย * (alias)"
        }
    }

    // MARK: Scalars

    public var isNull: Bool {
        // Every null spelling is at most four bytes: a longer text (most are long Thai ones) is compared with none.
        if case .scalar(let s) = node, s.style == .plain, s.string.utf8.count <= 4 {
            return ["", "~", "null", "Null", "NULL"].contains(s.string)
        }
        return false
    }

    public func string() throws -> String {
        guard case .scalar(let s) = node, !isNull else {
            throw error("expected text, found \(kindName)", thai: "ต้องเป็นข้อความ แต่พบ\(thaiKindName)")
        }
        return s.string
    }

    public func text() throws -> LocatedText {
        let value = try string().trimmingSpaces(newlines: true)
        if value.isEmpty { throw error("expected text, found an empty value", thai: "ช่องนี้ต้องมีข้อความ แต่ยังว่างอยู่") }
        if let (offset, scalar) = Unprintable.first(in: value) { throw unprintable(scalar, at: offset, in: value) }
        return LocatedText(value, at: location, field: path)
    }

    /// A character no document prints, named with where it is in the text, and what to do instead.
    func unprintable(_ scalar: Unicode.Scalar, at offset: Int, in text: String) -> DataError {
        let code = scalar.codePoint
        let before = String(text.unicodeScalars.prefix(offset).suffix(20).map(Character.init))
        let reason = Unprintable.reason(scalar)
        return error("character \(offset + 1) of the text, after \"\(before)\", is \(code) (\(reason.en)), which cannot be printed; \(reason.fixEn)",
                     code: "unprintable-character",
                     thai: "อักขระที่ \(offset + 1) ของข้อความ ต่อจาก \"\(before)\" คือ \(code) (\(reason.th)) ซึ่งพิมพ์ไม่ได้ \(reason.fixTh)")
    }

    public func double() throws -> Double {
        guard case .scalar(let s) = node, let value = Double(s.string.trimmingSpaces().withArabicDigits()) else {
            throw error("expected a number, found \(kindName)", thai: "ต้องเป็นตัวเลข แต่พบ\(thaiKindName)")
        }
        // "Infinity", "nan" and 1e400 parse as doubles, but no field of a document can mean them.
        guard value.isFinite else { throw error("expected a finite number, found \(kindName)", thai: "ต้องเป็นตัวเลขที่มีค่าจำกัด แต่พบ\(thaiKindName)") }
        return value
    }

    /// A number within `range` (a layout's sizes and lengths: a value outside would lose text or hang the layout).
    public func double(in range: ClosedRange<Double>, unit: String) throws -> Double {
        let value = try double()
        guard range.contains(value) else {
            throw error("expected \(Self.plain(range.lowerBound))–\(Self.plain(range.upperBound)) \(unit), found \(Self.plain(value))",
                        thai: "ค่าต้องอยู่ระหว่าง \(Self.plain(range.lowerBound)) ถึง \(Self.plain(range.upperBound)) \(unit) แต่พบ \(Self.plain(value))")
        }
        return value
    }

    public func score() throws -> Double {
        let value = try double()
        guard (0...100).contains(value) else {
            throw error("expected a score from 0 to 100, found \(Self.plain(value))", code: "score-out-of-range",
                        thai: "คะแนนต้องอยู่ระหว่าง 0 ถึง 100 แต่พบ \(Self.plain(value))")
        }
        return value
    }

    public func int(in range: ClosedRange<Int>? = nil, what: String = "a whole number") throws -> Int {
        guard case .scalar(let s) = node, let value = Int(s.string.trimmingSpaces().withArabicDigits()) else {
            throw error("expected \(what), found \(kindName)", thai: "ต้องเป็นจำนวนเต็ม แต่พบ\(thaiKindName)")
        }
        if let range, !range.contains(value) {
            throw error("expected \(what) from \(range.lowerBound) to \(range.upperBound), found \(value)",
                        thai: "ต้องเป็นจำนวนเต็มตั้งแต่ \(range.lowerBound) ถึง \(range.upperBound) แต่พบ \(value)")
        }
        return value
    }

    public func bool() throws -> Bool {
        let thai = "ต้องเป็น true (ใช่) หรือ false (ไม่ใช่) แต่พบ\(thaiKindName)"
        guard case .scalar(let s) = node else { throw error("expected true or false, found \(kindName)", thai: thai) }
        switch s.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, found \(kindName)", thai: thai)
        }
    }

    public func oneOf(_ choices: [String]) throws -> String {
        let value = try string()
        guard choices.contains(value) else {
            throw error("expected one of \(choices.joined(separator: ", ")), found \"\(value)\"",
                        thai: "ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: \(choices.joined(separator: ", ")) แต่พบ \"\(value)\"")
        }
        return value
    }

    // MARK: Collections

    /// The list's items; a single value where a list is expected counts as a list of one,
    /// which is what a person writing YAML by hand means.
    public func list() throws -> [YAMLValue] {
        switch node {
        case .sequence(let seq):
            return seq.enumerated().map { YAMLValue(node: $1, path: "\(path)[\($0 + 1)]", file: file) }
        case .scalar, .mapping:
            return isNull ? [] : [self]
        case .alias:
            throw error("expected a list, found \(kindName)", thai: "ต้องเป็นรายการ (บรรทัดละ - ) แต่พบ\(thaiKindName)")
        }
    }

    public func texts() throws -> [LocatedText] { try list().map { try $0.text() } }

    /// A mapping whose keys must come from `allowed`; a misspelt key is an error that suggests the
    /// nearest allowed one.
    public func fields(_ allowed: [String]) throws -> Fields {
        guard case .mapping(let mapping) = node else {
            throw error("expected a mapping with the fields \(allowed.joined(separator: ", ")), found \(kindName)",
                        thai: "ต้องเป็นกลุ่มของช่องข้อมูล (\(allowed.joined(separator: ", "))) แต่พบ\(thaiKindName)")
        }
        var values: [String: YAMLValue] = [:]
        var order: [String] = []
        for (keyNode, valueNode) in mapping {
            let key = keyNode.scalar?.string ?? ""
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            guard allowed.contains(key) else {
                let keyValue = YAMLValue(node: keyNode, path: keyPath, file: file)
                var message = "unknown field \"\(key)\""
                if let near = Self.nearest(key, in: allowed) { message += "; did you mean \"\(near)\"?" }
                else { message += "; expected one of \(allowed.joined(separator: ", "))" }
                throw keyValue.error(message, code: "unknown-field",
                                     thai: "ไม่รู้จักช่อง \"\(key)\"" + (Self.nearest(key, in: allowed).map { " หมายถึง \"\($0)\" หรือไม่" } ?? ""))
            }
            values[key] = YAMLValue(node: valueNode, path: keyPath, file: file)
            order.append(key)
        }
        return Fields(owner: self, values: values, order: order)
    }

    /// A mapping with free keys (scores keyed by indicator code), in file order.
    public func entries() throws -> [(key: String, value: YAMLValue, keyLocation: SourceLocation)] {
        guard case .mapping(let mapping) = node else {
            throw error("expected a mapping, found \(kindName)", thai: "ต้องเป็นกลุ่มของช่องข้อมูล (ชื่อช่อง: ค่า) แต่พบ\(thaiKindName)")
        }
        return mapping.map { keyNode, valueNode in
            let key = keyNode.scalar?.string ?? ""
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            let keyValue = YAMLValue(node: keyNode, path: keyPath, file: file)
            return (key, YAMLValue(node: valueNode, path: keyPath, file: file), keyValue.location)
        }
    }

    public struct Fields {
        public let owner: YAMLValue
        let values: [String: YAMLValue]
        public let order: [String]

        public subscript(key: String) -> YAMLValue? {
            guard let value = values[key], !value.isNull else { return nil }
            return value
        }

        public func required(_ key: String, _ expected: String) throws -> YAMLValue {
            guard let value = self[key] else {
                let path = owner.path.isEmpty ? key : "\(owner.path).\(key)"
                throw DataError(location: owner.location, field: path,
                                message: "missing field \"\(key)\": expected \(expected)", code: "missing-field",
                                thai: "ขาดช่อง \"\(key)\" (\(expected))")
            }
            return value
        }
    }

    // MARK: Helpers

    /// A number as a person would write it: whole numbers without ".0". Never traps: Int(_:) of a Double
    /// beyond Int's range would.
    public static func plain(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    public static func nearest(_ word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

extension DataError {
    /// What the mistakes behind libyaml's commonest messages are, said plainly for someone who typed the file
    /// by hand: a ": " inside a value, a tab, a line out of step with its group.
    static func syntaxHint(_ detail: String) -> (english: String, thai: String)? {
        if detail.contains("mapping values are not allowed") {
            return ("a value that holds \": \" must be put in double quotes, as in subject: \"เรื่อง: …\"",
                    "ข้อความที่มีเครื่องหมาย : ตามด้วยเว้นวรรค ต้องอยู่ในเครื่องหมายคำพูด เช่น subject: \"เรื่อง: …\"")
        }
        if detail.contains("tab") {
            return ("indent with spaces, not the Tab key", "ย่อหน้าด้วยการเว้นวรรค (space) ไม่ใช้ปุ่ม Tab")
        }
        if detail.contains("did not find expected key") || detail.contains("could not find expected ':'") {
            return ("this line is indented differently from the others of its group, or a field name lacks its \":\"",
                    "บรรทัดนี้ย่อหน้าไม่ตรงกับบรรทัดอื่นในกลุ่มเดียวกัน หรือชื่อช่องขาดเครื่องหมาย :")
        }
        if detail.contains("cannot start any token") {
            return ("a value that starts with @, `, % or | must be put in double quotes",
                    "ข้อความที่ขึ้นต้นด้วย @ ` % หรือ | ต้องอยู่ในเครื่องหมายคำพูด")
        }
        return nil
    }

    static func fromYams(_ error: YamlError, file: String) -> DataError {
        func at(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> DataError {
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            let hint = syntaxHint(detail)
            return DataError(location: SourceLocation(file: file, line: mark.line, column: mark.column), field: "",
                             message: "the file is not valid YAML: \(detail)" + (hint.map { "; \($0.english)" } ?? ""), code: "yaml-syntax",
                             thai: "รูปแบบไฟล์ YAML ไม่ถูกต้อง: " + (hint.map { "\($0.thai) (\(detail))" } ?? detail))
        }
        switch error {
        case let .scanner(context, problem, mark, _): return at(mark, problem, context)
        case let .parser(context, problem, mark, _): return at(mark, problem, context)
        case let .composer(context, problem, mark, _): return at(mark, problem, context)
        case let .duplicatedKeysInMapping(duplicates, context):
            return DataError(location: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                             field: duplicates.joined(separator: ", "),
                             message: "the field is given twice; keep one", code: "duplicate-field",
                             thai: "ช่องนี้ซ้ำกัน ให้เหลือเพียงช่องเดียว")
        default:
            return DataError(location: SourceLocation(file: file, line: 1, column: 1), field: "",
                             message: "the file is not valid YAML: \(error)")
        }
    }
}

/// Characters that text pasted from a word processor or a spreadsheet brings along and that no document prints:
/// control characters (Word's line break within a paragraph is U+000B, its page break U+000C) and private-use
/// characters (Word's Symbol and Wingdings fonts put their bullets and ticks at U+F020–U+F0FF; old Thai fonts put
/// tone marks in their own positions at U+F700–U+F71F). A font may even draw the latter, but the PDF could then
/// not be searched or copied as Thai. Tabs and line ends are white space, not among them. Nor does a document print
/// the marks that turn text right to left (U+200F, U+061C) or override its direction (U+202A–U+202E, U+2066–U+2069):
/// they make it show in another order than its characters, the order a reader copies (a way to forge a PDF's text).
enum Unprintable {
    /// The first such character of `text`, by its offset in Unicode scalars.
    static func first(in text: String) -> (offset: Int, scalar: Unicode.Scalar)? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where isUnprintable(scalar) { return (offset, scalar) }
        return nil
    }

    static func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F, 0xE000...0xF8FF: true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200F, 0x061C: true
        default: false
        }
    }

    static func reason(_ scalar: Unicode.Scalar) -> (en: String, th: String, fixEn: String, fixTh: String) {
        switch scalar.value {
        case 0x0B:
            ("a line break inside a paragraph, as Word copies it", "การขึ้นบรรทัดใหม่ภายในย่อหน้าที่คัดลอกมาจาก Word",
             "join the lines, or make each its own paragraph or list item", "ให้ต่อข้อความเป็นบรรทัดเดียว หรือแยกเป็นย่อหน้าหรือข้อใหม่")
        case 0x0C:
            ("a page break, as Word copies it", "การขึ้นหน้าใหม่ที่คัดลอกมาจาก Word",
             "delete it: saraban breaks pages itself", "ให้ลบออก saraban แบ่งหน้าให้เอง")
        case 0xF020...0xF0FF:
            ("a symbol from Word's Symbol or Wingdings font, such as its bullet", "สัญลักษณ์จากฟอนต์ Symbol หรือ Wingdings ของ Word เช่น จุดนำหน้าข้อ",
             "delete it, and write the items as a list (items:) or type the symbol itself", "ให้ลบออก แล้วเขียนเป็นรายการข้อ (items:) หรือพิมพ์สัญลักษณ์นั้นใหม่")
        case 0x202A...0x202E, 0x2066...0x2069, 0x200F, 0x061C:
            ("a right-to-left mark or a direction override, which shows the text in another order than it is written: the PDF would show one thing and copy out as another",
             "เครื่องหมายกำหนดทิศทางข้อความ ซึ่งทำให้ข้อความแสดงในลำดับต่างจากที่พิมพ์ไว้ PDF จะแสดงอย่างหนึ่งแต่คัดลอกออกมาได้อีกอย่าง",
             "delete it", "ให้ลบออก")
        case 0xE000...0xF8FF:
            ("a private-use character, as old Thai fonts code their tone marks and vowels", "อักขระในช่วงใช้เฉพาะ ซึ่งฟอนต์ไทยรุ่นเก่าใช้แทนวรรณยุกต์และสระ",
             "retype the word, or the PDF cannot be searched or copied as Thai", "ให้พิมพ์คำนั้นใหม่ มิฉะนั้นจะค้นหาหรือคัดลอกข้อความไทยจาก PDF ไม่ได้")
        default:
            ("a control character", "อักขระควบคุม", "delete it", "ให้ลบออก")
        }
    }
}

