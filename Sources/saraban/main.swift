import ArgumentParser
import SarabanCLI
import SarabanWeb

/// saraban's commands, and `serve`, the web page built on them.
struct Saraban: AsyncParsableCommand {
    static let configuration: CommandConfiguration = {
        var configuration = SarabanCommand.configuration
        configuration.subcommands = SarabanCommand.commands + [Serve.self]
        return configuration
    }()
}

await SarabanCommand.start(Saraban.self)
