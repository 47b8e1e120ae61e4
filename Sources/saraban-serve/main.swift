import SarabanCLI
import SarabanWeb

// The web server, run by `saraban serve` (see Package.swift for why it is a program of its own).
await SarabanCommand.start(Serve.self)
