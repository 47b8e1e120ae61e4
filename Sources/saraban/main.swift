import SarabanCLI

SarabanCommand.runOnMainThread()
