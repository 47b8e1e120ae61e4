import Foundation
import SarabanModel
import SarabanCheck
import SarabanBlocks
import SarabanLayout
import SarabanPDF

/// The whole way from a data file to a PDF, one stage after another:
/// data file → document model → blocks → laid-out pages → PDF.
public struct RenderPipeline {
    public var layoutFile: URL?
    public var numerals: MeasuresDocument.Numerals?
    public var fontFolders: [URL]
    /// Draw line boxes, baselines and break points over the pages.
    public var debugLayout = false

    public init(layoutFile: URL? = nil, numerals: MeasuresDocument.Numerals? = nil, fontFolders: [URL] = []) {
        self.layoutFile = layoutFile
        self.numerals = numerals
        self.fontFolders = fontFolders
    }

    public struct Result {
        public init(pages: Int, output: URL, warnings: [Finding], report: LayoutReport) {
            self.pages = pages
            self.output = output
            self.warnings = warnings
            self.report = report
        }

        public let pages: Int
        public let output: URL
        /// What the checks found that did not stop the render.
        public let warnings: [Finding]
        public let report: LayoutReport
    }

    /// The checks' errors, which stop a render before anything is laid out.
    public struct CheckFailed: Error, CustomStringConvertible {
        public let report: CheckReport
        public var language: Finding.Language = .en
        public var description: String {
            report.findings.filter { $0.severity == .error }.map { $0.line(language) }.joined(separator: "\n")
        }
    }

    /// Every check of `saraban check`, on one data file.
    public func check(_ input: URL) -> CheckReport {
        Checker(framework: Self.framework).check(contentsOf: input)
    }

    public func loadDesign() throws -> PageDesign {
        guard let url = layoutFile ?? PageDesign.defaultFile() else {
            throw LayoutError(message: "cannot find saraban's Layouts/ folder; set SARABAN_HOME to the folder that holds Layouts/, or pass --layout FILE")
        }
        return try PageDesign.load(contentsOf: url)
    }

    public static func framework(for year: Int) throws -> Framework {
        guard let folder = Resources.folder("Frameworks") else {
            throw LayoutError(message: "cannot find saraban's Frameworks/ folder; set SARABAN_HOME to the folder that holds it")
        }
        return try Framework.load(year: year, from: folder)
    }

    /// The document's blocks: decoded, scored and checked, with text generated from the scores.
    public func blocks(for input: URL) throws -> DocumentBlocks {
        let document = try MeasuresDocument.load(contentsOf: input)
        let sheet = try document.scoreSheet(framework: Self.framework(for: document.year))
        return try BlockBuilder(document: document, sheet: sheet, numerals: numerals).build()
    }

    public func layout(_ input: URL) throws -> (LaidOutDocument, DocumentInfo) {
        let blocks = try blocks(for: input)
        let engine = try LayoutEngine(design: loadDesign(), fontFolders: fontFolders)
        engine.debug = debugLayout
        return (try engine.layout(blocks), blocks.info)
    }

    /// Checks, then renders: an error found by the checks stops the render and no PDF is written.
    @discardableResult
    public func render(_ input: URL, to output: URL) throws -> Result {
        let report = check(input)
        guard report.errors == 0 else { throw CheckFailed(report: report) }
        let (laidOut, info) = try layout(input)
        try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        try PDFWriter().write(laidOut, info: info, to: output)
        return Result(pages: laidOut.pages.count, output: output, warnings: report.findings.filter { $0.severity != .error },
                      report: laidOut.report)
    }
}
