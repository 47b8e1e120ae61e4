import Foundation
import Yams

/// Bounds what YAML's anchors and aliases can make of a small file.
///
/// An alias is a second reference to an earlier node, so ten lines of nested aliases can stand for a billion
/// nodes. Yams shares aliased nodes rather than copying them, which keeps composing cheap, but it hashes every
/// mapping key to find duplicates, and a key that is (or holds) an alias to nested lists is hashed in full:
/// each level multiplies the time. So two guards:
/// - before composing, a scan of the text refuses an alias in a key and more than `maxAliases` aliases;
/// - after composing, a walk refuses a tree deeper than `maxDepth` or larger than `maxNodes` once expanded
///   (the walk stops at the limit, so it is itself bounded).
/// A data file written by hand uses a few aliases at most, or none.
enum YAMLAliasGuard {
    static let maxAliases = 256
    static let maxDepth = 64
    static let maxNodes = 200_000

    /// The scan: aliases (`*name`) where a node may start, outside comments and quoted text. An alias is refused
    /// where it would be a key, or part of one: before ":", after "?", as an entry of a flow mapping (`{*a}` is the
    /// key *a with no value), and anywhere inside a flow collection that is itself a key (`[*a]: 1`). A file that
    /// uses explicit keys (`? `) may hold no alias at all: what such a key spans is not worth following by hand.
    static func scan(_ text: String, file: String) throws {
        guard containsByte(0x2A, text) else { return }  // no "*": no alias
        var scanner = AliasScanner(bytes: Array(text.utf8), file: file)
        try scanner.run()
    }

    /// Whether `text` holds `byte`, by memchr over its bytes: a generic search of a String's UTF-8 view costs
    /// about 25 instructions a byte, and every data, layout and framework file is searched.
    static func containsByte(_ byte: UInt8, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }

    static func keyError(_ location: SourceLocation) -> DataError {
        DataError(location: location, field: "", message: "an alias (*name) cannot be a key; write the key out",
                  code: "yaml-syntax", thai: "ห้ามใช้ชื่ออ้างอิง (*ชื่อ) เป็นชื่อช่อง ให้พิมพ์ชื่อช่องเต็ม")
    }

    /// The walk: depth and expanded size, stopping at the first limit passed.
    static func check(_ root: Node, file: String) throws {
        var count = 0
        func walk(_ node: Node, depth: Int) throws {
            count += 1
            guard depth <= maxDepth, count <= maxNodes else {
                let mark = node.mark
                throw DataError(location: SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1), field: "",
                                message: depth > maxDepth ? "the data nests deeper than \(maxDepth) levels"
                                    : "the data, with its aliases (*name) expanded, has more than \(maxNodes) values",
                                code: "yaml-syntax", thai: "ข้อมูลซ้อนกันลึกหรือมากเกินไป (รวมการอ้างอิง *ชื่อ)")
            }
            switch node {
            case .scalar, .alias: return
            case .sequence(let items): for item in items { try walk(item, depth: depth + 1) }
            case .mapping(let pairs): for (key, value) in pairs { try walk(key, depth: depth + 1); try walk(value, depth: depth + 1) }
            }
        }
        try walk(root, depth: 0)
    }
}

/// One pass over a YAML text for `YAMLAliasGuard.scan`: quotes, comments, and the flow collections (`[…]`, `{…}`)
/// open at each point, across lines.
struct AliasScanner {
    let bytes: [UInt8]
    let file: String
    var index = 0, line = 1, column = 0
    /// The last byte that is not a space on this line; 0 at the line's start: a node may start after 0 or one of
    /// "-:?[{,", and an anchor or a tag before it (`&a [`) leaves it where a node starts.
    var previous: UInt8 = 0
    var explicitKeyOnLine = false
    var usesExplicitKeys = false
    var firstAlias: SourceLocation?
    var aliases = 0
    var flows: [Flow] = []

    struct Flow {
        let isMapping: Bool
        /// Known to be a key (or part of one) when it opened.
        let isKey: Bool
        /// In a flow mapping: past the ":" of the entry, until the next ",".
        var expectingValue = false
        /// Aliases inside it: refused if it turns out to be a key when it closes.
        var aliases: [SourceLocation] = []
    }

    var atNodeStart: Bool { previous == 0 || Array("-:?[{,".utf8).contains(previous) }
    var location: SourceLocation { SourceLocation(file: file, line: line, column: column + 1) }

    mutating func run() throws {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1; column = 0; previous = 0; explicitKeyOnLine = false
                index += 1
            } else if (byte == 0x22 || byte == 0x27) && atNodeStart {
                skipQuoted(byte)
                previous = byte
            } else if byte == 0x23, index == 0 || [0x20, 0x09, 0x0A].contains(bytes[index - 1]) {
                while index < bytes.count, bytes[index] != 0x0A { advance() }  // a comment runs to the end of the line
            } else if (byte == 0x26 || byte == 0x21) && atNodeStart {
                // An anchor or a tag: the node still starts after it.
                while index < bytes.count, ![0x20, 0x0A, 0x09].contains(bytes[index]) { advance() }
            } else if byte == 0x2A && atNodeStart {
                try alias()
            } else if (byte == 0x5D || byte == 0x7D) && !flows.isEmpty {
                advance()
                previous = byte
                try close(flows.removeLast())
            } else {
                step(byte)
            }
        }
        if usesExplicitKeys, let firstAlias { throw YAMLAliasGuard.keyError(firstAlias) }
    }

    /// Any other byte: what it opens or marks, then past it.
    mutating func step(_ byte: UInt8) {
        if byte == 0x3F && atNodeStart && marksNodeStart(byte) {
            explicitKeyOnLine = true
            usesExplicitKeys = true
        } else if (byte == 0x5B || byte == 0x7B) && atNodeStart {
            let parentExpectsKey = flows.last.map { $0.isMapping && !$0.expectingValue } ?? false
            flows.append(Flow(isMapping: byte == 0x7B, isKey: explicitKeyOnLine || parentExpectsKey))
        } else if byte == 0x3A, flows.last?.isMapping == true {
            flows[flows.count - 1].expectingValue = true
        } else if byte == 0x2C, flows.last?.isMapping == true {
            flows[flows.count - 1].expectingValue = false
        }
        if byte != 0x20 && byte != 0x09 { previous = marksNodeStart(byte) ? byte : 0x61 }
        advance()
    }

    /// "-", ":" and "?" are indicators only before a blank, as libyaml reads them: `name:"x` is one plain scalar,
    /// and the quote in it opens nothing.
    func marksNodeStart(_ byte: UInt8) -> Bool {
        guard byte == 0x2D || byte == 0x3A || byte == 0x3F else { return true }
        return index + 1 >= bytes.count || [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index + 1])
    }

    /// A flow collection closed: a key (known when it opened, or by the ":" after it) may hold no alias; one that is
    /// not a key passes its aliases to the collection around it, which may yet be a key.
    mutating func close(_ flow: Flow) throws {
        if flow.isKey || followedByColon() {
            if let first = flow.aliases.first { throw YAMLAliasGuard.keyError(first) }
        } else if !flows.isEmpty {
            flows[flows.count - 1].aliases += flow.aliases
        }
    }

    mutating func advance() {
        // Columns count Unicode scalars, as libyaml does: a continuation byte starts none.
        if bytes[index] & 0xC0 != 0x80 { column += 1 }
        index += 1
    }

    /// A quoted scalar, to its closing quote ("\"" escapes one in double quotes, '' in single ones). One that does
    /// not close on its line is not taken for a quote: where this scan and libyaml could differ, it reads on and
    /// looks at more of the text for aliases, never less (a hand-written data file's quoted text fits a line).
    mutating func skipQuoted(_ quote: UInt8) {
        let (startIndex, startColumn) = (index, column)
        advance()
        while index < bytes.count, bytes[index] != 0x0A {
            let byte = bytes[index]
            if quote == 0x22, byte == 0x5C {
                advance()
                if index < bytes.count, bytes[index] != 0x0A { advance() }
                continue
            }
            advance()
            if byte == quote {
                if quote == 0x27, index < bytes.count, bytes[index] == 0x27 { advance(); continue }
                return
            }
        }
        (index, column) = (startIndex, startColumn)
        advance()
    }

    /// Whether ":" follows, after spaces, on this line.
    func followedByColon() -> Bool {
        var after = index
        while after < bytes.count, bytes[after] == 0x20 { after += 1 }
        return after < bytes.count && bytes[after] == 0x3A
    }

    mutating func alias() throws {
        let start = location
        advance()
        // libyaml's anchor names are letters, digits, "-" and "_" (and any non-ASCII): "*a:" is an alias and ":".
        while index < bytes.count, bytes[index] >= 0x80 || bytes[index] == 0x2D || bytes[index] == 0x5F
            || (0x30...0x39).contains(bytes[index]) || (0x41...0x5A).contains(bytes[index]) || (0x61...0x7A).contains(bytes[index]) { advance() }
        previous = 0x2A
        let entryOfFlowMapping = flows.last.map { $0.isMapping && !$0.expectingValue } ?? false
        if explicitKeyOnLine || followedByColon() || entryOfFlowMapping { throw YAMLAliasGuard.keyError(start) }
        if firstAlias == nil { firstAlias = start }
        aliases += 1
        if aliases > YAMLAliasGuard.maxAliases {
            throw DataError(location: start, field: "", message: "more than \(YAMLAliasGuard.maxAliases) aliases (*name); write the text out",
                            code: "yaml-syntax", thai: "มีการอ้างอิง (*ชื่อ) เกิน \(YAMLAliasGuard.maxAliases) ครั้ง")
        }
        if !flows.isEmpty { flows[flows.count - 1].aliases.append(start) }
    }
}
