import ArgumentParser
import Foundation
import SarabanPDF

/// `saraban preview FILE --page N`: one page as a PNG image, from the same laid-out pages as the PDF; what the web
/// page shows, and a quick look from a terminal.
struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Draw one page of a data file's document as a PNG image (the checks run first, as for render).",
        discussion: "The image is written whole or not at all. At --dpi 96 an A4 page is 794 × 1123 pixels."
    )

    @Argument(help: "The data file, such as Examples/ita-measures-tak2-2566.yaml.")
    var file: String

    @Option(name: .shortAndLong, help: "Where to write the PNG (default: the data file's name with -N.png).")
    var output: String?

    @Option(help: "The page, from 1.")
    var page = 1

    @Option(help: "Pixels per inch (72 to 300).")
    var dpi = 96.0

    @OptionGroup var document: DocumentOptions

    func validate() throws {
        guard page >= 1 else { throw ValidationError("--page counts from 1") }
        guard (72...300).contains(dpi) else { throw ValidationError("--dpi must be from 72 to 300") }
    }

    func run() throws {
        let input = URL(fileURLWithPath: file)
        var pipeline = document.pipeline
        pipeline.output = .png(page: page, scale: dpi / 72)
        do {
            let named = input.deletingPathExtension().lastPathComponent + "-\(page).png"
            let target = try OutputPath.resolve(output ?? input.deletingLastPathComponent().appendingPathComponent(named).path,
                                                input: input, pathExtension: "png")
            let result = try pipeline.render(input, to: target)
            print("wrote \(result.output.path) (page \(page) of \(result.pages))")
        } catch let problem as PDFError {
            // A page that does not exist: said with the file it was asked of.
            printError("saraban: error: \(file): --page \(page): \(problem.message)")
            throw ExitCode(1)
        } catch var failed as RenderPipeline.CheckFailed {
            failed.language = document.lang
            throw reportFailure(failed)
        } catch {
            throw reportFailure(error)
        }
    }
}
