import ArgumentParser
import Foundation
import SarabanModel

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a commented starter data file, in Thai.",
        discussion: "Without FILE the starter file is printed. An existing file is never overwritten unless --force is given."
    )

    @Argument(help: "Where to write the starter file (for example มาตรการ.yaml).")
    var file: String?

    @Flag(help: "Overwrite FILE if it exists.")
    var force = false

    func run() throws {
        guard let file else {
            print(StarterFile.yaml)
            return
        }
        let url = URL(fileURLWithPath: file)
        do { try AtomicFile.checkTarget(url) } catch { throw reportFailure(error) }
        if FileManager.default.fileExists(atPath: url.path) && !force {
            throw reportFailure(InitError(message: "\(file) already exists; choose another name or add --force to overwrite it"))
        }
        do {
            try AtomicFile.write(Data((StarterFile.yaml + "\n").utf8), to: url)
        } catch {
            throw reportFailure(error)
        }
        print("wrote \(file): fill it in, then run: saraban render \(file)")
    }
}

struct InitError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the JSON Schema of the data file.")

    func run() throws { print(DataSchema.json) }
}
