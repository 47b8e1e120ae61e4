import SarabanCLI

SarabanCommand.main()
