import Foundation
import SarabanFiles
import SarabanITA
import SarabanKinds
import SarabanCheck
import SarabanBlocks
import SarabanLayout
import SarabanPDF
import PDFSyntax
import SarabanThai

/// The whole way from a data file to a PDF, one stage after another:
/// data file → document model → blocks → laid-out pages → PDF.
public struct RenderPipeline {
    public var layoutFile: URL?
    public var numerals: MeasuresDocument.Numerals?
    public var fontFolders: [URL]
    /// Draw line boxes, baselines and break points over the pages.
    public var debugLayout = false
    /// Measure the pages as a reader would (`render --report`); off for batches, where nobody reads it.
    public var measuresForReader = false
    /// What the render made is kept until the process exits instead of freed (see KeptUntilExit): for `render`,
    /// whose process ends with its one document.
    public var keepsUntilExit = false
    /// Page streams compressed on a thread of their own while the next pages are painted: off in a batch whose
    /// workers fill every core already, where that thread only takes turns with them.
    public var compressesInBackground = true
    /// What a render writes: the PDF, or one of its pages as a PNG image (`saraban preview`), from the same
    /// laid-out pages.
    public var output: Output = .pdf

    public enum Output: Equatable, Sendable {
        case pdf
        /// Page `page` (from 1), `scale` pixels per point.
        case png(page: Int, scale: Double)
    }

    /// How a finished PDF reaches its file. A render writes it there and then, whole or not at all
    /// (`AtomicFile.write`); a batch's worker keeps the bytes for the batch's writer thread, which waits for the
    /// disk while the worker sets the next document (`BatchWriter`).
    public typealias Write = (_ pdf: Data, _ output: URL, _ existing: AtomicFile.Existing, _ inputs: [URL]) throws -> Void

    /// The write of every render but a batch's.
    public static func writeNow(_ pdf: Data, _ output: URL, _ existing: AtomicFile.Existing, _ inputs: [URL]) throws {
        try AtomicFile.write(pdf, to: output, existing: existing, inputs: inputs)
    }

    func encode(_ laidOut: LaidOutDocument, info: DocumentInfo) throws -> Data {
        switch output {
        case .pdf: try PDFWriter(compressesInBackground: compressesInBackground).pdf(laidOut, info: info)
        case let .png(page, scale): try PageImage.png(laidOut, page: page, scale: scale)
        }
    }

    public init(layoutFile: URL? = nil, numerals: MeasuresDocument.Numerals? = nil, fontFolders: [URL] = []) {
        self.layoutFile = layoutFile
        self.numerals = numerals
        self.fontFolders = fontFolders
    }

    public struct Result {
        public init(pages: Int, output: URL, warnings: [Finding], report: LayoutReport, measure: ReaderMeasure? = nil) {
            self.pages = pages
            self.output = output
            self.warnings = warnings
            self.report = report
            self.measure = measure
        }

        /// The same result with the checks' warnings, for checks that ran beside the render.
        func with(warnings: [Finding]) -> Result {
            Result(pages: pages, output: output, warnings: warnings, report: report, measure: measure)
        }

        public let pages: Int
        public let output: URL
        /// What the checks found that did not stop the render.
        public let warnings: [Finding]
        public let report: LayoutReport
        /// What a reader measures on the pages (when `measuresForReader`).
        public let measure: ReaderMeasure?
    }

    /// The checks' errors, which stop a render before anything is laid out.
    public struct CheckFailed: Error, CustomStringConvertible {
        public let report: CheckReport
        public var language: Finding.Language = .en
        public var description: String {
            report.findings.filter { $0.severity == .error }.map { $0.line(language) }.joined(separator: "\n")
        }
    }

    /// Every check of `saraban check`, on one data file, by its kind.
    public func check(_ input: URL) -> CheckReport {
        guard let name = DocumentKind.named(in: input), name != DocumentKind.itaMeasures.rawValue else {
            return checker().check(contentsOf: input)
        }
        do {
            guard let document = try KindDocument(try YAMLValue.load(contentsOf: input), input: input) else {
                return checker().check(contentsOf: input)
            }
            return CheckReport(file: input.path, findings: kindFindings(document, input: input))
        } catch let error as DataError {
            return CheckReport(file: input.path, findings: [Finding(error)])
        } catch {
            return CheckReport(file: input.path, findings: [Finding("internal", .error, at: SourceLocation(file: input.path, line: 0, column: 0),
                                                                    en: "\(error)", th: "\(error)")])
        }
    }

    /// The findings of a document of another kind than the measures report.
    func kindFindings(_ document: KindDocument, input: URL, reports: EnclosedReports? = nil) -> [Finding] {
        kindChecks(document, input: input, reports: reports ?? EnclosedReports(checker: checker()))
            + coverage(kind: document.kind).findings(in: document.printedTexts, file: input.path)
    }

    /// The checks every document of its kind gets: names, numbers, the reports it sets in, the date.
    func kindChecks(_ document: KindDocument, input: URL, reports: EnclosedReports) -> [Finding] {
        switch document {
        case .memo(let memo):
            return KindChecks.findings(own: memo.department.value, texts: [memo.subject, memo.recipient] + memo.body,
                                       namedOnPurpose: memo.otherAgencies, number: memo.number, numberForm: .correspondence, file: input.path)
                + enclosureFindings(Enclosure.dataFiles(memo.attachments), in: .memo, reports: reports)
        case .letter(let letter):
            // The recipient, the references and the copies name other offices by nature: not checked, and the
            // agencies they name may be named in the body too.
            return KindChecks.findings(own: letter.agency.first?.value ?? "", texts: [letter.subject] + letter.body,
                                       namedOnPurpose: [letter.recipient] + letter.references + letter.copies + letter.otherAgencies,
                                       number: letter.number, numberForm: .correspondence, file: input.path)
                + enclosureFindings(Enclosure.dataFiles(letter.attachments), in: .letter, reports: reports)
                + undated(letter.date, kind: .letter, input: input)
        case .decree(let decree, _):
            return KindChecks.findings(own: decree.agency.value, texts: [decree.subject] + decree.bodyTexts,
                                       namedOnPurpose: decree.otherAgencies, number: decree.number, numberForm: .order, file: input.path)
                + undated(decree.date, kind: decree.isOrder ? .order : .announcement, input: input)
        }
    }

    /// A letter, an order and an announcement print their date ("๓๑ มกราคม ๒๕๖๗", "สั่ง ณ วันที่ …"): without one the
    /// line is left out, which a draft may do until it is signed, so it is a warning. (A memo's date is a form
    /// field, left dotted for the hand when empty.)
    func undated(_ date: DateComponents?, kind: DocumentKind, input: URL) -> [Finding] {
        guard date == nil else { return [] }
        let line = kind == .letter ? "the date line" : "the \"\(kind == .order ? "สั่ง" : "ประกาศ") ณ วันที่\" line"
        return [Finding("missing-date", .warning, at: SourceLocation(file: input.path, line: 1, column: 1), field: "date",
                        en: "the \(kind.rawValue) has no date, so \(line) is left out; add date: YYYY-MM-DD (the day it is signed)",
                        th: "เอกสารยังไม่มีวันที่ จึงไม่พิมพ์บรรทัดวันที่ ให้ใส่ date: ปี-เดือน-วัน (วันที่ลงนาม)")]
    }

    /// The findings of the reports a memo or a letter sets into its PDF, each at its own file: `render` stops at
    /// their errors, so `check` (and the web page's checks) says so first. A data file of another kind cannot be
    /// set in.
    func enclosureFindings(_ files: [URL], in kind: DocumentKind, reports: EnclosedReports) -> [Finding] {
        files.flatMap { file -> [Finding] in
            if let name = DocumentKind.named(in: file), name != DocumentKind.itaMeasures.rawValue {
                return [Finding("attachment-kind", .error, at: SourceLocation(file: file.path, line: 1, column: 1),
                                en: "only a measures report can be set into a \(kind.rawValue)'s PDF so far, not a \(name)",
                                th: "พิมพ์ต่อท้ายได้เฉพาะไฟล์มาตรการส่งเสริมคุณธรรมและความโปร่งใส ไม่ใช่เอกสารชนิด \(name)")]
            }
            return reports.load(file).report.findings
        }
    }

    /// The checks of a measures report, with what its layout's font can draw.
    func checker() -> Checker {
        Checker(framework: Self.framework, coverage: coverage(kind: .itaMeasures))
    }

    /// What the layout's font for `kind` can draw, set up when a check first asks (see FontCoverage).
    func coverage(kind: DocumentKind) -> FontCoverage {
        let layoutFile = self.layoutFile, fontFolders = self.fontFolders
        return FontCoverage {
            guard let design = try? RenderPipeline(layoutFile: layoutFile, fontFolders: fontFolders).loadDesign(kind: kind) else { return nil }
            return try? FontCharacters.of(families: design.fontFamilies, fontFolders: fontFolders)
        }
    }

    public func loadDesign(kind: DocumentKind = .itaMeasures) throws -> PageDesign {
        guard let url = layoutFile ?? Resources.folder("Layouts")?.appendingPathComponent(kind.layoutFileName) else {
            throw LayoutError(message: "cannot find saraban's Layouts/ folder; set SARABAN_HOME to the folder that holds Layouts/, or pass --layout FILE")
        }
        return try DesignCache.shared.design(at: url)
    }

    /// The ITA framework of a fiscal year, read once per process.
    public static func framework(for year: Int) throws -> Framework {
        try FrameworkCache.shared.framework(for: year)
    }

    /// The document's blocks: decoded, scored and checked, with text generated from the scores.
    public func blocks(for input: URL) throws -> DocumentBlocks {
        let document = try MeasuresDocument.load(contentsOf: input)
        return try blocks(for: document.selectingAnalysis(framework: Self.framework(for: document.year)))
    }

    public func blocks(for document: MeasuresDocument) throws -> DocumentBlocks {
        let sheet = try document.scoreSheet(framework: Self.framework(for: document.year))
        return try BlockBuilder(document: document, sheet: sheet, wording: FrameworkCache.shared.measuresWording(),
                                numerals: numerals).build()
    }

    public func layout(_ input: URL) throws -> (LaidOutDocument, DocumentInfo) {
        let blocks = try blocks(for: input)
        let engine = try RenderSession(pipeline: self).engine
        return (try engine.layout(blocks), blocks.info)
    }

    /// Checks and renders: an error found by the checks stops the render and no PDF is written.
    /// Thai's word dictionary, fonts and Pango do not depend on the data, so they are set up on a second
    /// thread while the data is read (a fresh process spends several milliseconds on each). The checks then run
    /// on a thread of their own while this one lays the document out, and the PDF is written only once they have
    /// found no error; a layout that fails is reported after the checks' errors, which explain more.
    @discardableResult
    public func render(_ input: URL, to output: URL, finishing: @escaping (Data) throws -> Data = { $0 }) throws -> Result {
        if let name = DocumentKind.named(in: input), name != DocumentKind.itaMeasures.rawValue {
            return try renderKind(input, kind: DocumentKind(rawValue: name), to: output, finishing: finishing)
        }
        let pending = PendingSession(pipeline: self, withHelper: true)
        let checker = checker()
        let document: MeasuresDocument
        switch Trace.time("read", { checker.decode(contentsOf: input) }) {
        case .document(let read): document = read
        case .failure(let report): throw CheckFailed(report: report)
        }
        let checks = BackgroundWork { Trace.time("check") { checker.report(for: document, file: input) } }
        do {
            let session = try Trace.time("session") { pending.wait() }.get()
            let result = try session.render(document, to: output, inputs: [input]) { pdf in
                let report = Trace.time("check wait") { checks.wait() }
                guard report.errors == 0 else { throw CheckFailed(report: report) }
                return try finishing(pdf)
            }
            keepUntilExit(session, document)
            return result.with(warnings: checks.wait().findings.filter { $0.severity != .error })
        } catch {
            let report = checks.wait()
            throw report.errors > 0 ? CheckFailed(report: report) : error
        }
    }
}

extension RenderPipeline {
    /// A document of another kind than the measures report: decoded and checked by its kind, built into blocks
    /// by its kind's builder, then laid out with its kind's layout file by the same shared stages.
    func renderKind(_ input: URL, kind: DocumentKind?, to output: URL, finishing: (Data) throws -> Data) throws -> Result {
        // Fonts, Pango and the layout file do not depend on the data: set up on their own threads while it is read
        // and checked, as for the measures report (and the report's own, for a memo or letter that sets one in).
        let sessions = Sessions(pipeline: self, withHelpers: true)
        if let kind { sessions.prepare(kind) }
        let decoded: KindDocument?
        do {
            decoded = try KindDocument(try YAMLValue.load(contentsOf: input), input: input)
        } catch let error as DataError {
            // Said as the checks say it (with its code, in the language asked for), as for a measures report.
            throw CheckFailed(report: CheckReport(file: input.path, findings: [Finding(error)]))
        }
        guard let document = decoded else {
            throw LayoutError(message: "\(input.path): a measures report named by kind: is read by the measures path")
        }
        if !document.enclosedReports.isEmpty { sessions.prepare(.itaMeasures) }
        // The kind's checks first: an error stops the render, as for the measures report. The reports it sets in are
        // read and checked once, for the checks and the render both.
        let reports = EnclosedReports(checker: checker())
        let findings = kindFindings(document, input: input, reports: reports)
        let report = CheckReport(file: input.path, findings: findings)
        guard report.errors == 0 else { throw CheckFailed(report: report) }
        let result = try renderKind(document, input: input, to: output, finishing: finishing, sessions: sessions, reports: reports)
        return Result(pages: result.pages, output: result.output, warnings: findings + result.warnings, report: result.report,
                      measure: result.measure)
    }

    func renderKind(_ document: KindDocument, input: URL, to output: URL, existing: AtomicFile.Existing = .mayReplace,
                    finishing: (Data) throws -> Data, write: Write = writeNow, sessions: Sessions? = nil,
                    reports: EnclosedReports? = nil) throws -> Result {
        let sessions = sessions ?? Sessions(pipeline: self)
        let reports = reports ?? EnclosedReports(checker: checker())
        switch document {
        case .memo(let memo):
            return try renderSending(memo.attachments, kind: .memo, input: input, to: output, existing: existing, finishing: finishing,
                                     write: write, sessions: sessions, reports: reports) { pages in
                var builder = MemoBuilder(memo: memo, numerals: numerals)
                builder.attachedPages = pages
                return builder.build()
            }
        case .letter(let letter):
            guard let file = Resources.folder("Layouts")?.appendingPathComponent("letter-salutations.yaml") else {
                throw LayoutError(message: "cannot find saraban's Layouts/letter-salutations.yaml; set SARABAN_HOME")
            }
            let salutations = try Salutations.load(contentsOf: file)
            return try renderSending(letter.attachments, kind: .letter, input: input, to: output, existing: existing, finishing: finishing,
                                     write: write, sessions: sessions, reports: reports) { pages in
                var builder = LetterBuilder(letter: letter, salutations: salutations, numerals: numerals)
                builder.attachedPages = pages
                return builder.build()
            }
        case .decree(let decree, let kind):
            let session = try sessions.session(kind)
            keepUntilExit(session)
            return try session.render(DecreeBuilder(decree: decree, numerals: numerals).build(),
                                      to: output, existing: existing, inputs: [input], finishing: finishing, write: write)
        }
    }

    /// A memo's or a letter's PDF with what it sends (สิ่งที่ส่งมาด้วย): each PDF carried inside it, listed with its
    /// page count, and each data file's document (the measures report) set in after its pages, checked like any
    /// render, so that the submission is one file. `build` makes the document's blocks from the PDFs' page counts.
    func renderSending(_ enclosures: [Enclosure], kind: DocumentKind, input: URL, to output: URL, existing: AtomicFile.Existing,
                       finishing: (Data) throws -> Data, write: Write, sessions: Sessions, reports: EnclosedReports,
                       build: ([Int: Int]) -> DocumentBlocks) throws -> Result {
        let session = try sessions.session(kind)
        var pages: [Int: Int] = [:]
        var embedded: [FileAttachments.File] = []
        for (index, enclosure) in enclosures.enumerated() where enclosure.isPDF {
            let (file, count) = try attachedPDF(enclosure)
            pages[index] = count
            embedded.append(file)
        }
        let blocks = build(pages)
        var parts = [(document: try session.layout(blocks), title: blocks.info.title)]
        var inputs = [input]
        for file in Enclosure.dataFiles(enclosures) {
            // Its warnings are the document's own already (`enclosureFindings`), and are not said twice.
            let (part, _) = try attachedPart(file, in: kind, sessions: sessions, reports: reports)
            parts.append((part, file.deletingPathExtension().lastPathComponent))
            inputs.append(file)
        }
        let whole = LaidOutDocument(joining: parts)
        let encoded = try encode(whole, info: blocks.info)
        let pdf = self.output == .pdf ? try FileAttachments.embed(embedded, in: encoded) : encoded
        try write(try finishing(pdf), output, existing, inputs)
        keepUntilExit(session, whole, parts)
        return Result(pages: whole.pages.count, output: output, warnings: [], report: whole.report,
                      measure: measuresForReader ? ReaderMeasure(whole, design: session.engine.design) : nil)
    }

    /// A PDF a memo or letter carries: read and checked as a PDF (a located error otherwise), with its page count.
    func attachedPDF(_ attachment: Enclosure) throws -> (FileAttachments.File, Int) {
        let url = attachment.file!
        let data = try InputFile.read(url, what: "a PDF", limit: InputFile.pdfLimit)
        do {
            let pages = try PDFStructure([UInt8](data), file: url.path).pages().count
            var file = FileAttachments.File(name: url.lastPathComponent, description: attachment.title.value, data: data)
            // An enclosure, not a form of the memo itself: PDF/A-3 asks every embedded file to say how it relates,
            // and none of its named relations (Source, Data, Alternative, Supplement) is this one.
            file.relationship = "Unspecified"
            file.modified = SourceData.modified(url)
            return (file, pages)
        } catch {
            throw DataError(location: attachment.location, field: "attachments", message: "\(url.path) is not a PDF saraban can read: \(error)",
                            code: "invalid-value", thai: "อ่านไฟล์ PDF \(url.path) ไม่ได้")
        }
    }

    /// An attached measures report, checked like any render (its errors stop the whole PDF) and laid out with
    /// its own layout file: its pages follow the memo's or letter's, numbered from its own first page.
    func attachedPart(_ file: URL, in kind: DocumentKind, sessions: Sessions, reports: EnclosedReports) throws -> (LaidOutDocument, [Finding]) {
        if let name = DocumentKind.named(in: file), name != DocumentKind.itaMeasures.rawValue {
            throw LayoutError(message: "\(file.path): only a measures report can be set into a \(kind.rawValue)'s PDF so far, not a \(name)")
        }
        let (checked, report) = reports.load(file)
        guard report.errors == 0, let document = checked else { throw CheckFailed(report: report) }
        let session = try sessions.session(.itaMeasures)
        keepUntilExit(session)
        return (try session.layout(try blocks(for: document)), report.findings.filter { $0.severity != .error })
    }
}

extension RenderPipeline {
    func keepUntilExit(_ things: Any...) {
        if keepsUntilExit { KeptUntilExit.keep(things) }
    }
}

/// What a command made for its one document and will not use again (the session's fonts, Pango and caches, every
/// line and glyph of the pages), kept until the process exits, which gives all its memory back at once, instead of
/// freed object by object first: measured at about 5 ms of a cold render (50 interleaved runs, 82.2 → 77.7 ms). Only
/// where the process ends with the document (`render`): a batch, the tests and the web server free as they go.
enum KeptUntilExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []

    static func keep(_ things: [Any]) {
        lock.lock()
        kept += things
        lock.unlock()
    }

    static var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return kept.count
    }
}

/// A render session being made on its own thread. It is only handed over once made, so the session is never
/// used by two threads at once.
final class PendingSession: Sendable {
    private let work: BackgroundWork<Swift.Result<RenderSession, Error>>

    /// `withHelper`: the session comes with a second typesetter, made on a third thread, for its first document.
    init(pipeline: RenderPipeline, kind: DocumentKind = .itaMeasures, withHelper: Bool = false) {
        let helper = withHelper && Self.layoutThreads > 1
            ? LinesFromTheEnd { try LayoutEngine(design: pipeline.loadDesign(kind: kind), fontFolders: pipeline.fontFolders) } : nil
        work = BackgroundWork {
            Swift.Result {
                do {
                    let session = try RenderSession(pipeline: pipeline, kind: kind)
                    session.helper = helper
                    return session
                } catch {
                    helper?.stop()
                    throw error
                }
            }
        }
    }

    func wait() -> Swift.Result<RenderSession, Error> { work.wait() }

    /// How many threads a single render may lay out on: two where there is a second core, unless
    /// `SARABAN_LAYOUT_THREADS=1` says that other work will use it (the web server's renders, run side by side, or
    /// renders started in parallel by a script).
    static let layoutThreads: Int = {
        let asked = EnvironmentVariable.value("SARABAN_LAYOUT_THREADS").flatMap { Int($0) }
        return min(asked ?? 2, 2, ProcessInfo.processInfo.activeProcessorCount)
    }()
}

extension FontCharacters: DrawableCharacters {}

/// The render sessions one render needs, by kind (a memo's own, and the measures report's it sets in): each started
/// on a thread of its own as soon as its kind is known (`prepare`), or made when asked for. Used by one thread.
final class Sessions {
    let pipeline: RenderPipeline
    /// Whether the report's session it prepares comes with a second typesetter (see RenderSession.helper): for a
    /// single render.
    let withHelpers: Bool
    private var pending: [DocumentKind: PendingSession] = [:]

    init(pipeline: RenderPipeline, withHelpers: Bool = false) {
        self.pipeline = pipeline
        self.withHelpers = withHelpers
    }

    /// Only the measures report's session gets a helper: it runs to ten pages and more, where a memo, a letter, an
    /// order or an announcement is a page or two, laid out before a second typesetter would have made its fonts
    /// (measured: no faster, and more work for the core the checks use).
    func prepare(_ kind: DocumentKind) {
        if pending[kind] == nil {
            pending[kind] = PendingSession(pipeline: pipeline, kind: kind, withHelper: withHelpers && kind == .itaMeasures)
        }
    }

    func session(_ kind: DocumentKind) throws -> RenderSession {
        if let started = pending.removeValue(forKey: kind) { return try started.wait().get() }
        return try RenderSession(pipeline: pipeline, kind: kind)
    }
}

/// The measures reports a memo or a letter sets in, each read and checked once: for the checks, then for the render.
final class EnclosedReports {
    private let checker: Checker
    private var loaded: [URL: (document: MeasuresDocument?, report: CheckReport)] = [:]

    init(checker: Checker) { self.checker = checker }

    func load(_ file: URL) -> (document: MeasuresDocument?, report: CheckReport) {
        if let known = loaded[file] { return known }
        let result = checker.load(contentsOf: file)
        loaded[file] = result
        return result
    }
}

/// Work done on a thread of its own while the caller does something else; `wait` gives its value once done.
/// The value is only read after the thread has finished with it.
final class BackgroundWork<Value>: @unchecked Sendable {
    private var work: (() -> Value)?
    private var value: Value?
    private let finished = DispatchSemaphore(value: 0)
    /// Whether `wait` has seen the work finish: touched by the waiting thread only.
    private var received = false

    init(_ work: @escaping () -> Value) {
        self.work = work
        let thread = Thread { [self] in
            value = self.work!()
            self.work = nil
            finished.signal()
        }
        // Big enough for the YAML and layout files a session reads (the main thread's 8 MB, not a thread's 512 KB).
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The work's value, waiting for it if need be; may be asked more than once, by the thread that made it.
    func wait() -> Value {
        if !received {
            finished.wait()
            received = true
        }
        return value!
    }
}

/// One renderer's fonts and layout engine, kept for many documents. Pango's font maps are not safe to
/// share between threads, so each worker of a batch makes its own session.
public final class RenderSession {
    public let pipeline: RenderPipeline
    public let engine: LayoutEngine
    /// A second typesetter for the next document's layout, on the other core (see LinesFromTheEnd): given to a
    /// single render's session, not to a batch's, whose workers keep every core busy already.
    var helper: LinesFromTheEnd?

    public init(pipeline: RenderPipeline, kind: DocumentKind = .itaMeasures) throws {
        self.pipeline = pipeline
        engine = try LayoutEngine(design: pipeline.loadDesign(kind: kind), fontFolders: pipeline.fontFolders)
        engine.debug = pipeline.debugLayout
    }

    /// Lays blocks out: with the session's helper, if it has one, for its first document.
    func layout(_ blocks: DocumentBlocks) throws -> LaidOutDocument {
        defer { helper = nil }
        return try engine.layout(blocks, helper: helper)
    }

    /// A helper never given a document stops, so that its thread does not wait for one for ever.
    deinit { helper?.stop() }

    /// Renders `document` and writes it to `output` (through `finishing`, which may sign it), whole or not at all.
    /// `existing` says whether a file already at `output` may be replaced; `inputs` are never replaced.
    public func render(_ document: MeasuresDocument, to output: URL, warnings: [Finding] = [],
                       existing: AtomicFile.Existing = .mayReplace, inputs: [URL] = [],
                       finishing: (Data) throws -> Data = { $0 },
                       write: RenderPipeline.Write = RenderPipeline.writeNow) throws -> RenderPipeline.Result {
        let blocks = try Trace.time("blocks") { try pipeline.blocks(for: document) }
        return try render(blocks, to: output, warnings: warnings, existing: existing, inputs: inputs, finishing: finishing,
                          write: write)
    }

    /// Lays out and writes blocks of any kind.
    public func render(_ blocks: DocumentBlocks, to output: URL, warnings: [Finding] = [],
                       existing: AtomicFile.Existing = .mayReplace, inputs: [URL] = [],
                       finishing: (Data) throws -> Data = { $0 },
                       write: RenderPipeline.Write = RenderPipeline.writeNow) throws -> RenderPipeline.Result {
        let laidOut = try Trace.time("layout") { try layout(blocks) }
        let pdf = try Trace.time("pdf") { try pipeline.encode(laidOut, info: blocks.info) }
        try Trace.time("write") { try write(try finishing(pdf), output, existing, inputs) }
        pipeline.keepUntilExit(laidOut, blocks)
        let measure = pipeline.measuresForReader ? ReaderMeasure(laidOut, design: engine.design) : nil
        return RenderPipeline.Result(pages: laidOut.pages.count, output: output, warnings: warnings, report: laidOut.report,
                                     measure: measure)
    }
}

/// Layout files read once per process: a render asks for its layout twice (to lay out, and for the PDF/A part it
/// names), and a batch once per worker. Keyed by the file's size and modification time as well as its path, so
/// a layout edited while the process runs is read again.
final class DesignCache: @unchecked Sendable {
    static let shared = DesignCache()
    private let lock = NSLock()
    private var designs: [String: (stamp: Stamp, design: PageDesign)] = [:]

    private struct Stamp: Equatable {
        var size: Int?
        var modified: Date?
    }

    func design(at url: URL) throws -> PageDesign {
        lock.lock()
        defer { lock.unlock() }
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        let stamp = Stamp(size: (attributes?[.size] as? NSNumber)?.intValue, modified: attributes?[.modificationDate] as? Date)
        if let cached = designs[url.path], cached.stamp == stamp { return cached.design }
        let design = try PageDesign.load(contentsOf: url)
        designs[url.path] = (stamp, design)
        return design
    }
}

/// Frameworks read from `Frameworks/` once and shared by every thread.
final class FrameworkCache: @unchecked Sendable {
    static let shared = FrameworkCache()
    private let lock = NSLock()
    private var frameworks: [Int: Framework] = [:]
    private var wording: MeasuresWording?

    func framework(for year: Int) throws -> Framework {
        lock.lock()
        defer { lock.unlock() }
        if let cached = frameworks[year] { return cached }
        guard let folder = Resources.folder("Frameworks") else {
            throw LayoutError(message: "cannot find saraban's Frameworks/ folder; set SARABAN_HOME to the folder that holds it")
        }
        let framework = try Framework.load(year: year, from: folder)
        frameworks[year] = framework
        return framework
    }

    /// The measures report's fixed wording (`Layouts/ita-measures-texts.yaml`), read once per process.
    func measuresWording() throws -> MeasuresWording {
        lock.lock()
        defer { lock.unlock() }
        if let wording { return wording }
        guard let file = Resources.folder("Layouts")?.appendingPathComponent("ita-measures-texts.yaml") else {
            throw LayoutError(message: "cannot find saraban's Layouts/ita-measures-texts.yaml; set SARABAN_HOME to the folder that holds Layouts/")
        }
        let loaded = try MeasuresWording.load(contentsOf: file)
        wording = loaded
        return loaded
    }
}

/// `SARABAN_TRACE=1` prints how long each stage of a render took, on standard error.
enum Trace {
    static let enabled = EnvironmentVariable.value("SARABAN_TRACE") != nil

    static func time<T>(_ label: String, _ work: () throws -> T) rethrows -> T {
        guard enabled else { return try work() }
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
            FileHandle.standardError.write(Data(String(format: "trace: %@ %.1f ms\n", label, milliseconds).utf8))
        }
        return try work()
    }
}

/// A document of a kind other than the measures report, decoded once: its checks and its render both read it.
enum KindDocument {
    case memo(MemoDocument)
    case letter(LetterDocument)
    case decree(DecreeDocument, DocumentKind)

    var kind: DocumentKind {
        switch self {
        case .memo: .memo
        case .letter: .letter
        case .decree(_, let kind): kind
        }
    }

    /// Every text the document prints, for the font's coverage.
    var printedTexts: [LocatedText] {
        switch self {
        case .memo(let memo): memo.printedTexts
        case .letter(let letter): letter.printedTexts
        case .decree(let decree, _): decree.printedTexts
        }
    }

    /// The data files of the reports a memo or a letter sets into its PDF.
    var enclosedReports: [URL] {
        switch self {
        case .memo(let memo): Enclosure.dataFiles(memo.attachments)
        case .letter(let letter): Enclosure.dataFiles(letter.attachments)
        case .decree: []
        }
    }

    /// Who the document is from: the memo's department, the letter's agency, the order's or announcement's.
    var agencyName: String {
        switch self {
        case .memo(let memo): return memo.department.value
        case .letter(let letter): return letter.agency.first?.value ?? ""
        case .decree(let decree, _): return decree.agency.value
        }
    }

    /// nil for a measures report, which its own path reads.
    init?(_ root: YAMLValue, input: URL) throws {
        let folder = input.deletingLastPathComponent()
        switch try DocumentKind.of(root) {
        case .itaMeasures: return nil
        case .memo: self = .memo(try MemoDocument.decode(root, folder: folder))
        case .letter: self = .letter(try LetterDocument.decode(root, folder: folder))
        case .order, .announcement:
            let kind = try DocumentKind.of(root)
            self = .decree(try DecreeDocument.decode(root, folder: folder, isOrder: kind == .order), kind)
        }
    }
}
