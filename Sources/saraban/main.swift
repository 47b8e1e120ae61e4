import SarabanCLI

await SarabanCommand.start()
