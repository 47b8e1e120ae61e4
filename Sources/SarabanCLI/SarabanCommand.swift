import ArgumentParser
import Foundation
import SarabanThai
import SarabanITA
import SarabanCheck
import SarabanLayout
import SarabanSign
import SarabanFiles
import SarabanData
import PDFSyntax

@available(macOS 13, *)
public struct SarabanCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "saraban",
        abstract: "Makes official Thai government documents as PDF from a data file.",
        discussion: """
        Start with `saraban init มาตรการ.yaml`, fill in the file, then `saraban render มาตรการ.yaml`.
        เริ่มจาก saraban init แล้วกรอกข้อมูลในไฟล์ จากนั้นสั่ง saraban render เพื่อได้ไฟล์ PDF
        """,
        version: "0.1.0",
        subcommands: SarabanCommand.commands
    )

    public init() {}

    /// The commands; `serve` runs the web server, a program of its own beside this one.
    public static let commands: [any ParsableCommand.Type] = [Render.self, Check.self, Batch.self, Preview.self, Sign.self, Verify.self,
                                                              Extract.self, Init.self, Schema.self, ServeCommand.self]

    /// The commands that break Thai text into words, and so need libthai's dictionary.
    static let commandsReadingThai: Set<String> = ["render", "batch", "check", "preview"]

    /// The entry point of `saraban`: parses the arguments and runs the command on the main thread. A program whose
    /// top level awaits hands all its work to Swift's concurrency threads first, which a fresh process paid for on
    /// every command; only `verify`, whose certificate checks are asynchronous, needs them, and waits for its task.
    public static func runOnMainThread() {
        AllocatorSettings.forRendering()
        startReadingThai()
        do {
            var command = try parseAsRoot()
            if let asynchronous = command as? AsyncParsableCommand {
                try waitFor(asynchronous)
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// Runs an asynchronous command as a task of its own and waits for it on this thread, which no task needs.
    private static func waitFor(_ command: any AsyncParsableCommand) throws {
        final class Handover: @unchecked Sendable {
            // Written by the task before it signals `done`, read by the waiting thread after.
            var command: any AsyncParsableCommand
            var failure: Error?
            let done = DispatchSemaphore(value: 0)
            init(_ command: any AsyncParsableCommand) { self.command = command }
        }
        let handover = Handover(command)
        Task.detached {
            do { try await handover.command.run() } catch { handover.failure = error }
            handover.done.signal()
        }
        handover.done.wait()
        if let failure = handover.failure { throw failure }
    }

    /// For a command that will break Thai text, libthai's dictionary is read on a thread of its own meanwhile.
    static func startReadingThai() {
        if let name = CommandLine.arguments.dropFirst().first, commandsReadingThai.contains(name) { ThaiDictionary.loadInBackground() }
    }

    /// The entry point for a root command that adds commands to these, and awaits (the web server).
    public static func start<Root: ParsableCommand>(_ root: Root.Type) async {
        startReadingThai()
        do {
            var command = try Root.parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            Root.exit(withError: error)
        }
    }
}

/// Prints a user's mistake plainly and exits non-zero: in Thai where the message has been written in Thai and the
/// language asked for (`--lang`, else LANG) is Thai.
func reportFailure(_ error: Error, language: Finding.Language = .fromEnvironment) -> ExitCode {
    let thai = language == .th ? thaiMessage(error) : nil
    switch (error, code(of: error)) {
    case (let data as DataError, _):
        // A layout or table file's mistake, said as the checks say a data file's: located, with its code.
        printError(Finding(data).line(language))
    case (_, let code?):
        // With its code, as the checks' findings print theirs: the web page (SigningRequest.refusal) and scripts go
        // by the code.
        printError(thai.map { "saraban: ผิดพลาด[\(code)]: \($0)" } ?? "saraban: error[\(code)]: \(error)")
    case _ where thai != nil:
        printError("saraban: ผิดพลาด: \(thai!)")
    case (let failed as RenderPipeline.CheckFailed, _):
        printError(failed.description)
    case (let error as CustomStringConvertible, _):
        printError("saraban: error: \(error.description)")
    default:
        printError("saraban: error: \(error)")
    }
    return ExitCode(1)
}

/// The Thai of an error that has been written in Thai: the signing problems an official can act on, and the layout
/// and font errors a document's own text can cause.
func thaiMessage(_ error: Error) -> String? {
    switch error {
    case let signing as SigningError: signing.thai
    case let layout as LayoutError: layout.thai
    case let font as FontError: font.thai
    case let input as InputFileError: input.thaiDescription
    // A damaged file's internals have no Thai words an official could act on: a Thai sentence, then the English.
    case let pdf as PDFFileError: pdf.thai ?? "อ่านไฟล์ PDF ไม่ได้ เพราะไฟล์เสียหาย (\(pdf.message))"
    default: nil
    }
}

/// The stable name of a problem that has one, printed beside its message.
func code(of error: Error) -> String? {
    (error as? SigningError)?.code ?? (error as? InputFileError)?.code ?? (error as? PDFFileError)?.code
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
