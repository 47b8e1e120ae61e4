import ArgumentParser
import Foundation
import SarabanModel
import SarabanCheck
import SarabanLayout

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a data file (YAML or JSON) into a PDF.",
        discussion: "The PDF is written whole or not at all: a failed render leaves no file behind."
    )

    @Argument(help: "The data file, such as Examples/ita-measures-tak2-2566.yaml.")
    var file: String

    @Option(name: .shortAndLong, help: "Where to write the PDF (default: the data file's name with .pdf); a folder gets NAME.pdf inside it.")
    var output: String?

    @OptionGroup var document: DocumentOptions

    @Flag(name: .shortAndLong, help: "Do not print the checks' warnings.")
    var quiet = false

    @Flag(help: "Draw line boxes (blue), baselines (red) and break points (green) over the pages.")
    var debugLayout = false

    @Flag(help: "Print how the document was set: pages, lines, justified lines, the widest gap inside a word, breaks inside a compound.")
    var report = false

    @OptionGroup(title: "Signing (give --sign-key and --sign-cert to sign the PDF as it is written)")
    var signing: SigningOptions

    func run() throws {
        let input = URL(fileURLWithPath: file)
        var pipeline = document.pipeline
        pipeline.debugLayout = debugLayout
        do {
            let target = try OutputPath.resolve(output, input: input, pathExtension: "pdf",
                                                inputs: document.layout.map { [URL(fileURLWithPath: $0)] } ?? [])
            let result = try renderAndSign(pipeline, input: input, target: target)
            if !quiet {
                for finding in result.warnings { printError(finding.line(document.lang)) }
                for (word, page) in result.report.brokenWords { printError(Self.brokenWordWarning(word, page: page, file: file, lang: document.lang)) }
            }
            print("wrote \(result.output.path) (\(result.pages) pages)")
            if report { print(Self.describe(result.report)) }
        } catch var failed as RenderPipeline.CheckFailed {
            failed.language = document.lang
            throw reportFailure(failed)
        } catch {
            throw reportFailure(error)
        }
    }
}

/// How documents are set, for `render` and `batch` alike.
struct DocumentOptions: ParsableArguments {
    @Option(help: "A layout file to use instead of Layouts/ita-measures.yaml.")
    var layout: String?

    @Option(help: "Digits in running text: thai (๐–๙) or arabic (0–9). Default: the data file's options.numerals.")
    var numerals: MeasuresDocument.Numerals?

    @Option(help: "A folder of fonts to add (for example the TH Sarabun .ttf files). May be given more than once.")
    var fonts: [String] = []

    @Option(help: "The language of messages: th or en (default: from LANG).")
    var lang: Finding.Language = .fromEnvironment

    var pipeline: RenderPipeline {
        RenderPipeline(layoutFile: layout.map { URL(fileURLWithPath: $0) }, numerals: numerals,
                       fontFolders: fonts.map { URL(fileURLWithPath: $0) })
    }
}

extension Render {
    /// Renders, and signs when asked: the PDF appears at `target` only once both have succeeded.
    func renderAndSign(_ pipeline: RenderPipeline, input: URL, target: URL) throws -> RenderPipeline.Result {
        guard signing.isRequested else { return try pipeline.render(input, to: target) }
        let identity = try signing.identity()  // before rendering: a bad key fails fast
        return try pipeline.render(input, to: target) { pdf in try signing.signed(pdf, file: target.path, as: identity) }
    }

    /// A word wider than its line was cut between letters: said, so the official can shorten or space it.
    static func brokenWordWarning(_ word: String, page: Int, file: String, lang: Finding.Language) -> String {
        let shown = word.count > 40 ? String(word.prefix(40)) + "…" : word
        return lang == .th
            ? "\(file): warning[word-wider-than-line]: คำ \"\(shown)\" ยาวเกินบรรทัด จึงตัดระหว่างตัวอักษร (หน้า \(page)) ควรเว้นวรรคหรือย่อคำ"
            : "\(file): warning[word-wider-than-line]: the word \"\(shown)\" is wider than its line and was broken between letters (page \(page)); add a space or shorten it"
    }

    static func describe(_ report: LayoutReport) -> String {
        let compounds = report.brokenCompounds.isEmpty ? "" : " (\(report.brokenCompounds.joined(separator: ", ")))"
        return [
            "pages: \(report.pages)",
            "lines: \(report.lines)",
            "justified lines: \(report.justifiedLines)",
            "widest gap inside a word: \(String(format: "%.3f", report.widestGapInsideWord)) em",
            "breaks inside a compound: \(report.compoundBreaks)\(compounds)",
            "words cut between letters (wider than their line): \(report.brokenWords.count)",
        ].joined(separator: "\n")
    }
}

extension MeasuresDocument.Numerals: ExpressibleByArgument {}
