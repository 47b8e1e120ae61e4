import ArgumentParser
import Foundation
import SarabanITA
import SarabanKinds

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter data file, in Thai.",
        discussion: "Without FILE the starter file is printed. An existing file is never overwritten unless --force is given."
    )

    @Argument(help: "Where to write the starter file (for example มาตรการ.yaml).")
    var file: String?

    @Flag(help: "Overwrite FILE if it exists.")
    var force = false

    @Option(help: "What to start: ita-measures (the default) or memo.")
    var kind: String = DocumentKind.itaMeasures.rawValue

    @Option(name: .customLong("for"), help: "With --kind memo: the measures report the memo submits for approval; the memo is written from its data and attaches it.")
    var report: String?

    func starter() throws -> String {
        guard let chosen = DocumentKind(rawValue: kind) else {
            throw InitError(message: "unknown kind \"\(kind)\"; expected one of \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        switch chosen {
        case .itaMeasures:
            guard report == nil else { throw InitError(message: "--for goes with --kind memo") }
            return StarterFile.yaml
        case .letter, .order, .announcement:
            guard report == nil else { throw InitError(message: "--for goes with --kind memo") }
            return chosen == .letter ? KindStarters.letter : KindStarters.decree(order: chosen == .order)
        case .memo:
            guard let report else { return KindStarters.memo }
            let folder = file.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
                ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            return try CoverMemo.yaml(for: URL(fileURLWithPath: report), memoFolder: folder)
        }
    }

    func run() throws {
        let text: String
        do { text = try starter() } catch { throw reportFailure(error) }
        guard let file else {
            print(text)
            return
        }
        let url = URL(fileURLWithPath: file)
        do { try AtomicFile.checkTarget(url) } catch { throw reportFailure(error) }
        if FileManager.default.fileExists(atPath: url.path) && !force {
            throw reportFailure(InitError(message: "\(file) already exists; choose another name or add --force to overwrite it"))
        }
        do {
            try AtomicFile.write(Data((text + "\n").utf8), to: url)
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
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "Print the JSON Schema of a kind's data file.")

    @Option(help: "The kind: ita-measures (the default), memo, letter, order or announcement.")
    var kind: String = DocumentKind.itaMeasures.rawValue

    func run() throws {
        guard let chosen = DocumentKind(rawValue: kind) else {
            throw reportFailure(InitError(message: "unknown kind \"\(kind)\"; expected one of \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        print(KindSchemas.json(for: chosen) ?? DataSchema.json)
    }
}
