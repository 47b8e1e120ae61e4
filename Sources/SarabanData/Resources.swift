import Foundation

/// Finds saraban's own files (Layouts/, Frameworks/, Fonts/) at run time: `$SARABAN_HOME`, then the
/// folders above the running executable (a build inside the source tree), then the install prefixes.
public enum Resources {
    public static func folder(_ name: String) -> URL? {
        candidates().map { $0.appendingPathComponent(name) }.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    static func candidates() -> [URL] {
        var roots: [URL] = []
        if let home = ProcessInfo.processInfo.environment["SARABAN_HOME"] { roots.append(URL(fileURLWithPath: home)) }
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            folder = executable.deletingLastPathComponent()
        }
        for _ in 0..<8 {
            roots.append(folder)
            roots.append(folder.appendingPathComponent("share/saraban"))
            folder = folder.deletingLastPathComponent()
        }
        roots.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        roots += ["/usr/local/share/saraban", "/usr/share/saraban"].map { URL(fileURLWithPath: $0) }
        return roots
    }
}
