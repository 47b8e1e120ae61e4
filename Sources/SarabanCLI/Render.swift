import ArgumentParser
import Foundation
import SarabanData
import SarabanITA
import SarabanCheck
import SarabanLayout
import SarabanPDF

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
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

    @Flag(help: "Print what a reader measures on the pages: stranded headings, runts, compound and address splits, the widest gaps, table parts, nearly empty page feet.")
    var report = false

    @Option(help: "The report's format: text or json (the names of Tests/measure_pdf.py).")
    var format: ReportFormat = .text

    @Option(help: "Write PDF/A: 1b, 2b or 3b (3b may carry the data, with --embed-data), or none; default: the layout file's pdfa.")
    var pdfa: ArchivalChoice?

    @Flag(help: "Carry the data file (and the files it names: analysis library, images, the report a memo or letter sets in) inside the PDF as its source data; `saraban extract` gives it back.")
    var embedData = false

    @OptionGroup(title: "Signing (give --sign-key and --sign-cert to sign the PDF as it is written)")
    var signing: SigningOptions

    func run() throws {
        let input = URL(fileURLWithPath: file)
        var pipeline = document.pipeline
        pipeline.debugLayout = debugLayout
        pipeline.measuresForReader = report
        pipeline.keepsUntilExit = true
        do {
            let target = try OutputPath.resolve(output, input: input, pathExtension: "pdf",
                                                inputs: document.layout.map { [URL(fileURLWithPath: $0)] } ?? [])
            let result = try renderAndSign(pipeline, input: input, target: target)
            if !quiet {
                for finding in result.warnings { printError(finding.line(document.lang)) }
                for (word, page) in result.report.brokenWords { printError(Self.brokenWordWarning(word, page: page, file: file, lang: document.lang)) }
            }
            if report, format == .json, let measure = result.measure {
                print(try Self.json(measure, result.report))
                return
            }
            print("wrote \(result.output.path) (\(result.pages) pages)")
            if report, let measure = result.measure { print(Self.describe(measure, result.report)) }
        } catch var failed as RenderPipeline.CheckFailed {
            failed.language = document.lang
            throw reportFailure(failed)
        } catch {
            throw reportFailure(error, language: document.lang)
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
        let identity = signing.isRequested ? try signing.identity() : nil  // before rendering: a bad key fails fast
        return try pipeline.render(input, to: target) { pdf in
            var carrying = embedData ? try SourceData.embedding(input, in: pdf) : pdf
            // Asked once the pages are laid out: by then the layout file has been read (and kept) for the layout.
            if let part = ArchivalChoice.part(pdfa, pipeline: pipeline, input: input) { carrying = try ArchivalPDF.convert(carrying, part: part, file: target.path) }
            guard let identity else { return carrying }
            return try signing.signed(carrying, file: target.path, as: identity)
        }
    }

    /// A word wider than its line was cut between letters: said, so the official can shorten or space it.
    static func brokenWordWarning(_ word: String, page: Int, file: String, lang: Finding.Language) -> String {
        let shown = word.count > 40 ? String(word.prefix(40)) + "…" : word
        return lang == .th
            ? "\(file): warning[word-wider-than-line]: คำ \"\(shown)\" ยาวเกินบรรทัด จึงตัดระหว่างตัวอักษร (หน้า \(page)) ควรเว้นวรรคหรือย่อคำ"
            : "\(file): warning[word-wider-than-line]: the word \"\(shown)\" is wider than its line and was broken between letters (page \(page)); add a space or shorten it"
    }

    static func describe(_ measure: ReaderMeasure, _ report: LayoutReport) -> String {
        func listed(_ items: [String]) -> String { items.isEmpty ? "" : " (" + items.joined(separator: ", ") + ")" }
        let perHundred = measure.thaiLineEnds == 0 ? 0 : 100 * Double(measure.compoundSplits.count) / Double(measure.thaiLineEnds)
        let feet = measure.blankFootPages.map { page in "p\(page)" + (report.blankFootReasons[page].map { ": \($0)" } ?? "") }
        return [
            "pages: \(measure.pages)",
            "lines: \(measure.lines) (\(measure.tableLines) in tables)",
            "headings left at a page's foot: \(measure.strandedHeadings.count)\(listed(measure.strandedHeadings.map { "p\($0)" }))",
            "runts (a paragraph's last line under \(Int((report.runtShare * 100).rounded())) % of the line): \(measure.runts.count)\(listed(measure.runts))",
            "breaks inside a compound: \(measure.compoundSplits.count) in \(measure.thaiLineEnds) line ends between Thai letters"
                + " (\(String(format: "%.2f", perHundred)) per 100)\(listed(measure.compoundSplits))",
            "numbers parted from their unit: \(measure.unitSplits.count)\(listed(measure.unitSplits))",
            "addresses broken at a wrong place: \(measure.urlSplits.count)\(listed(measure.urlSplits))",
            "words cut between letters (wider than their line): \(report.brokenWords.count)",
            "widest gap inside a word: \(String(format: "%.3f", measure.widestGapInsideWord)) em",
            "widest space: \(String(format: "%.3f", measure.widestSpace)) em",
            "table parts (body rows each): \(report.tableParts.map(String.init).joined(separator: ", "))",
            "pages with more than four blank lines at the foot: \(measure.blankFootPages.count)\(listed(feet))",
            "letters outside the text area: \(measure.outsideTextArea)",
            "continuation words not as the rule says: \(measure.badContinuations.count)\(listed(measure.badContinuations))",
        ].joined(separator: "\n")
    }

    static func json(_ measure: ReaderMeasure, _ report: LayoutReport) throws -> String {
        var object = measure.json
        object["table_parts"] = report.tableParts
        object["words_cut_between_letters"] = report.brokenWords.map(\.word)
        object["blank_foot_reasons"] = Dictionary(uniqueKeysWithValues: report.blankFootReasons.map { (String($0.key), $0.value) })
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}

enum ReportFormat: String, ExpressibleByArgument {
    case text, json
}

extension MeasuresDocument.Numerals: ExpressibleByArgument {}

/// `--pdfa`: a part of PDF/A, or none to write plain PDF where the layout file asks for PDF/A.
enum ArchivalChoice: String, ExpressibleByArgument, CaseIterable {
    case a1b = "1b", a2b = "2b", a3b = "3b", none

    /// The part to write: the option's when given, else the layout file's (`pdfa:`) for the input's kind. A file
    /// whose kind or layout cannot be read gets none here; the render reports why it cannot be read. The kind is
    /// read as the render routed the file (`DocumentKind.named`), by a look at its lines: asked after the pages are
    /// laid out, a second parse of the whole file was on the way of every render.
    static func part(_ choice: ArchivalChoice?, pipeline: RenderPipeline, input: URL) -> ArchivalPDF.Part? {
        guard choice == nil else { return part(choice, pipeline: pipeline, kind: .itaMeasures) }
        guard let kind = DocumentKind.named(in: input).map(DocumentKind.init(rawValue:)) ?? .itaMeasures else { return nil }
        return part(nil, pipeline: pipeline, kind: kind)
    }

    /// The part for each kind of document a batch may render, each layout read once.
    static func parts(_ choice: ArchivalChoice?, pipeline: RenderPipeline, kinds: [DocumentKind]) -> [DocumentKind: ArchivalPDF.Part] {
        var parts: [DocumentKind: ArchivalPDF.Part] = [:]
        for kind in kinds { parts[kind] = part(choice, pipeline: pipeline, kind: kind) }
        return parts
    }

    static func part(_ choice: ArchivalChoice?, pipeline: RenderPipeline, kind: DocumentKind) -> ArchivalPDF.Part? {
        if let choice { return ArchivalPDF.Part(rawValue: choice.rawValue) }
        return (try? pipeline.loadDesign(kind: kind))?.pdfa.flatMap(ArchivalPDF.Part.init(rawValue:))
    }
}
