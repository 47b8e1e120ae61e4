import Foundation
import SarabanFiles

/// Finds saraban's own files (Layouts/, Frameworks/, Fonts/) at run time: `$SARABAN_HOME`, then the
/// folders above the running executable (a build inside the source tree), then the install prefixes.
public enum Resources {
    public static func folder(_ name: String) -> URL? {
        if let known = found.value(name) { return known }
        let folder = roots.lazy.map { $0.appendingPathComponent(name) }.first { FileManager.default.fileExists(atPath: $0.path) }
        if let folder { found.remember(folder, as: name) }
        return folder
    }

    /// The folders found so far: a render asks for Layouts/, Frameworks/ and Fonts/ several times each, and every
    /// search built some twenty URLs. A folder not found is looked for again next time (it may be installed since).
    private static let found = FoundFolders()

    private final class FoundFolders: @unchecked Sendable {
        private let lock = NSLock()
        private var folders: [String: URL] = [:]  // guarded by `lock`

        func value(_ name: String) -> URL? { lock.withLock { folders[name] } }

        func remember(_ folder: URL, as name: String) { lock.withLock { folders[name] = folder } }
    }

    /// Worked out once a process: the environment and the executable's place do not change while it runs.
    static let roots: [URL] = {
        var roots: [URL] = []
        if let home = EnvironmentVariable.value("SARABAN_HOME") { roots.append(URL(fileURLWithPath: home)) }
        var folder = executable().deletingLastPathComponent()
        for _ in 0..<8 {
            roots.append(folder)
            roots.append(folder.appendingPathComponent("share/saraban"))
            folder = folder.deletingLastPathComponent()
        }
        roots.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        roots += ["/usr/local/share/saraban", "/usr/share/saraban"].map { URL(fileURLWithPath: $0) }
        return roots
    }()

    /// The running program's file, links resolved. Read from the kernel's /proc/self/exe rather than
    /// `Bundle.main`, which lists every file in the executable's folder (a cold render in a folder of 17,000
    /// files spent 10 ms there).
    public static func executable() -> URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
    }
}
