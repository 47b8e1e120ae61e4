import ArgumentParser
import Foundation
import SarabanData

/// `saraban serve`: the web page and its API, served by `saraban-serve`, the program beside this one. A command of
/// its own keeps the web server's code out of every other command's start-up; to the official it is one command.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web page (fill in or upload, see the checks and the pages, download the PDF) and its HTTP API.",
        discussion: "Options: --port 8080, --host 127.0.0.1, --jobs N, --queue 16, --time-limit 30 (saraban serve --help shows them all).",
        helpNames: []
    )

    @Argument(parsing: .allUnrecognized, help: "Passed on to the server.")
    var arguments: [String] = []

    func run() throws {
        let server = Self.serverProgram
        guard FileManager.default.isExecutableFile(atPath: server.path) else {
            throw ValidationError("cannot find \(server.path): build it with `make build` (or swift build --product saraban-serve)")
        }
        // Replaces this process: signals (Ctrl-C) and the exit status are the server's own.
        let argv = ([server.path] + arguments).map { strdup($0) } + [nil]
        execv(server.path, argv)
        throw ValidationError("cannot start \(server.path): \(String(cString: strerror(errno)))")
    }

    /// `saraban-serve`, beside this executable.
    static var serverProgram: URL {
        Resources.executable().deletingLastPathComponent().appendingPathComponent("saraban-serve")
    }
}
