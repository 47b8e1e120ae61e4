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

    @Option(help: "What to start: ita-measures (the default), memo, letter, order or announcement.")
    var kind: String = DocumentKind.itaMeasures.rawValue

    @Option(name: .customLong("for"), help: "With --kind memo or letter: the measures report the memo submits for approval, or the letter sends to the NACC's provincial office; written from its data, attaching it.")
    var report: String?

    func starter() throws -> String {
        guard let chosen = DocumentKind(rawValue: kind) else {
            throw InitError(message: "unknown kind \"\(kind)\"; expected one of \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        switch chosen {
        case .itaMeasures, .order, .announcement:
            guard report == nil else { throw InitError(message: "--for goes with --kind memo or --kind letter") }
            return chosen == .itaMeasures ? StarterFile.yaml : KindStarters.decree(order: chosen == .order)
        case .letter:
            guard let report else { return KindStarters.letter }
            return try CoverLetter.yaml(for: URL(fileURLWithPath: report), letterFolder: folder)
        case .memo:
            guard let report else { return KindStarters.memo }
            return try CoverMemo.yaml(for: URL(fileURLWithPath: report), memoFolder: folder)
        }
    }

    /// The folder the written file goes in, which a covering file names its report from.
    var folder: URL {
        file.map { URL(fileURLWithPath: $0).deletingLastPathComponent() } ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
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
