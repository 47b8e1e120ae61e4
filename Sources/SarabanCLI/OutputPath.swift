import Foundation
import SarabanITA

/// Where a command writes, from what the user typed after `-o`.
enum OutputPath {
    /// `option` as given; a folder (an existing one, or a name ending in "/") gets the input's name with
    /// `pathExtension` inside it, as `cp` would. Without `option`, the input's name with `pathExtension` beside it.
    /// The target is checked at once (never a folder, never the input), before any work is done.
    static func resolve(_ option: String?, input: URL, pathExtension: String, inputs: [URL] = []) throws -> URL {
        let named = input.deletingPathExtension().lastPathComponent + "." + pathExtension
        let target: URL
        if let option {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: option, isDirectory: &isFolder)
            target = option.hasSuffix("/") || (exists && isFolder.boolValue)
                ? URL(fileURLWithPath: option, isDirectory: true).appendingPathComponent(named)
                : URL(fileURLWithPath: option)
        } else {
            target = input.deletingLastPathComponent().appendingPathComponent(named)
        }
        try AtomicFile.checkTarget(target, inputs: [input] + inputs)
        return target
    }
}
