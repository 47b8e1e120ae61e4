import ArgumentParser
import Foundation
import Hummingbird
import NIOCore

/// `saraban serve`: the web page for officials and the HTTP API it uses, on this machine's loopback by default.
public struct Serve: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "saraban serve",
        abstract: "Serve the web page (fill in or upload, see the checks and the pages, download the PDF) and its HTTP API.",
        discussion: "Open http://127.0.0.1:8080/ in a browser. Nothing sent is kept: each request works in a folder of its own, removed when it ends."
    )

    @Option(help: "The port (0: any free port, printed at start).")
    var port = 8080

    @Option(help: "The address to listen on; 127.0.0.1 serves this machine only.")
    var host = "127.0.0.1"

    @Option(help: "Renders at once (default: the number of processor cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Requests that may wait for a free render before the rest are refused (503).")
    var queue = 16

    @Option(help: "Seconds a render may take before it is stopped.")
    var timeLimit = 30

    public init() {}

    public func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard jobs >= 1, queue >= 0, timeLimit >= 1 else { throw ValidationError("--jobs and --time-limit must be at least 1, --queue at least 0") }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    public func run() async throws {
        var limits = WebServer.Limits()
        limits.timeLimit = .seconds(timeLimit)
        var server = WebServer(limits: limits, slots: RenderSlots(limit: jobs, queue: queue), admission: Admission(limit: jobs + queue),
                               page: try WebPage())
        // The page signs only for an official on this very machine: their key file and password go no further.
        server.signs = Self.isLoopback(host)
        let host = self.host
        let app = Application(router: server.router(), configuration: .init(address: .hostname(host, port: port), serverName: "saraban"),
                              onServerRunning: { channel in
                                  // Said once the port is bound: a script (or a test) waits for this line and reads the port.
                                  let bound = channel.localAddress?.port ?? 0
                                  let line = "saraban serve: open http://\(host):\(bound)/ in a browser (Ctrl-C stops)\n"
                                  FileHandle.standardOutput.write(Data(line.utf8))
                              })
        do {
            try await app.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw WebError("cannot serve on \(host):\(port): another program is using that port; choose another with --port")
        } catch let error as IOError {
            throw WebError("cannot serve on \(host):\(port): \(error.description)")
        }
    }
}
