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

    /// The scan: aliases (`*name`) where a node may start, outside comments and quoted text.
    static func scan(_ text: String, file: String) throws {
        guard text.utf8.contains(0x2A) else { return }  // no "*": no alias
        var aliases = 0
        // Lines split as bytes: splitting the String would find every Thai grapheme's bounds first.
        for (lineIndex, line) in Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            for (column, isKey) in aliasStarts(in: Array(line)) {
                let location = SourceLocation(file: file, line: lineIndex + 1, column: column + 1)
                if isKey {
                    throw DataError(location: location, field: "", message: "an alias (*name) cannot be a key; write the key out",
                                    code: "yaml-syntax", thai: "ห้ามใช้ชื่ออ้างอิง (*ชื่อ) เป็นชื่อช่อง ให้พิมพ์ชื่อช่องเต็ม")
                }
                aliases += 1
                if aliases > maxAliases {
                    throw DataError(location: location, field: "", message: "more than \(maxAliases) aliases (*name); write the text out",
                                    code: "yaml-syntax", thai: "มีการอ้างอิง (*ชื่อ) เกิน \(maxAliases) ครั้ง")
                }
            }
        }
    }

    /// Byte columns of the aliases on one line, each with whether it stands as a key (followed by ":", or
    /// after the explicit key indicator "?"). A "*" counts where a node can start: at the line's start, or
    /// after "- ", ": ", "? ", "[", "{" or ",". Inside quotes and after a comment it is text.
    static func aliasStarts(in line: [UInt8]) -> [(Int, Bool)] {
        var result: [(Int, Bool)] = []
        var quote: UInt8? = nil
        var previous: UInt8 = 0  // the last byte that is not a space; 0 at the line's start
        var explicitKey = false
        let nodeStarts = Array("-:?[{,".utf8)
        var index = 0
        while index < line.count {
            let byte = line[index]
            if let open = quote {
                if byte == open { quote = nil }
                index += 1
                continue
            }
            let atNodeStart = previous == 0 || nodeStarts.contains(previous)
            if (byte == 0x22 || byte == 0x27) && atNodeStart {
                quote = byte
            } else if byte == 0x23, index == 0 || line[index - 1] == 0x20 {
                return result  // a comment runs to the end of the line
            } else if byte == 0x3F, atNodeStart {
                explicitKey = true
            } else if byte == 0x2A, atNodeStart {
                var end = index + 1
                // libyaml's anchor names are letters, digits, "-" and "_": "*a:" is an alias followed by ":".
                while end < line.count, line[end] >= 0x80 || line[end] == 0x2D || line[end] == 0x5F
                    || (0x30...0x39).contains(line[end]) || (0x41...0x5A).contains(line[end]) || (0x61...0x7A).contains(line[end]) { end += 1 }
                var after = end
                while after < line.count, line[after] == 0x20 { after += 1 }
                result.append((index, explicitKey || (after < line.count && line[after] == 0x3A)))
                previous = 0x2A
                index = end
                continue
            }
            if byte != 0x20 && byte != 0x09 { previous = byte }
            index += 1
        }
        return result
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
