import ArgumentParser
import Foundation
import SarabanModel
import SarabanCheck

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a data file (YAML or JSON) into a PDF.",
        discussion: "The PDF is written whole or not at all: a failed render leaves no file behind."
    )

    @Argument(help: "The data file, such as Examples/ita-measures-tak2-2566.yaml.")
    var file: String

    @Option(name: .shortAndLong, help: "Where to write the PDF (default: the data file's name with .pdf).")
    var output: String?

    @Option(help: "A layout file to use instead of Layouts/ita-measures.yaml.")
    var layout: String?

    @Option(help: "Digits in running text: thai (๐–๙) or arabic (0–9). Default: the data file's options.numerals.")
    var numerals: MeasuresDocument.Numerals?

    @Option(help: "A folder of fonts to add (for example the TH Sarabun .ttf files). May be given more than once.")
    var fonts: [String] = []

    @Option(help: "The language of messages: th or en (default: from LANG).")
    var lang: Finding.Language = .fromEnvironment

    @Flag(name: .shortAndLong, help: "Do not print the checks' warnings.")
    var quiet = false

    func run() throws {
        let input = URL(fileURLWithPath: file)
        let target = output.map { URL(fileURLWithPath: $0) } ?? input.deletingPathExtension().appendingPathExtension("pdf")
        let pipeline = RenderPipeline(layoutFile: layout.map { URL(fileURLWithPath: $0) }, numerals: numerals,
                                      fontFolders: fonts.map { URL(fileURLWithPath: $0) })
        do {
            let result = try pipeline.render(input, to: target)
            if !quiet {
                for finding in result.warnings { printError(finding.line(lang)) }
            }
            print("wrote \(result.output.path) (\(result.pages) pages)")
        } catch var failed as RenderPipeline.CheckFailed {
            failed.language = lang
            throw reportFailure(failed)
        } catch {
            throw reportFailure(error)
        }
    }
}

extension MeasuresDocument.Numerals: ExpressibleByArgument {}
