import Foundation
import Crypto
import SarabanITA
import SarabanCheck
import SarabanSign
import SarabanPDF

/// Set by SIGINT or SIGTERM: workers finish the row in hand and take no other.
nonisolated(unsafe) var batchInterrupted: sig_atomic_t = 0

/// Renders the rows of a table over one template, on several threads, each with its own fonts and layout
/// engine (Pango's font maps are not safe to share between threads). A row is checked before it is rendered; a bad row is
/// reported and skipped, never costing the others; every file is written whole or not at all.
final class BatchRunner: @unchecked Sendable {
    struct Settings {
        var pipeline: RenderPipeline
        var output: URL
        var namePattern: String
        var resume: Bool
        var shard: (index: Int, count: Int)?
        /// This process's share of the rows, when it is one of several worker processes.
        var worker: (index: Int, count: Int)?
        var identity: SigningIdentity?
        var signing: SigningOptions?
        var language: Finding.Language
        /// Carry each data file inside its PDF (`--embed-data`, with `--data`).
        var embedData = false
        /// The PDF/A part for each kind of document (`--pdfa` for all, else each kind's layout default); a kind
        /// not here is written as plain PDF.
        var pdfa: [DocumentKind: ArchivalPDF.Part] = [:]
    }

    let settings: Settings
    /// The template a table's rows fill in; nil for a batch of data files, each rendered as it is.
    let template: MeasuresDocument?
    let templateData: Data
    let table: BatchTable
    let previous: [String: BatchManifest.Entry]
    let baseFingerprint: String
    let rows: [BatchTable.Row]
    let names: [Int: String]
    /// Rows whose output name another row also resolves to: each such row fails, naming the others.
    let collisions: [Int: String]
    /// Files an earlier run of a batch wrote here (its manifest and journal): only these may be replaced.
    let owned: Set<String>
    let journal: BatchJournal
    /// Set when a write fails for want of space: no further row is taken.
    private(set) var stopReason: String?

    private let lock = NSLock()
    /// Each distinct finding kept once, shared by the rows that repeat it.
    private let findingTable = FindingTable()
    private var next = 0
    /// Where each finished row's entry is: its line in the journal, read back only when the manifest is written,
    /// so a batch does not hold every row's entry (and its findings) while it renders; or, when the journal could
    /// not take it, the entry itself.
    private enum Outcome { case journaled(Range<Int>, BatchManifest.Entry.Status), kept(BatchManifest.Entry) }
    private var results: [Int: Outcome] = [:]
    private var done = 0
    let progress: BatchProgress

    init(settings: Settings, template: MeasuresDocument?, templateURL: URL?, table: BatchTable) throws {
        self.settings = settings
        self.table = table
        self.template = template
        templateData = templateURL.flatMap { FileManager.default.contents(atPath: $0.path) } ?? Data()
        let shard = settings.shard
        let inShard = table.rows.filter { shard == nil || ($0.number - 1) % shard!.count == shard!.index - 1 }
        let worker = settings.worker
        rows = inShard.enumerated().filter { worker == nil || $0.offset % worker!.count == worker!.index - 1 }.map(\.element)
        // Names are resolved over the whole table, not this shard's or worker's slice, so every process agrees.
        (names, collisions) = Self.outputNames(table.rows, pattern: settings.namePattern)
        let earlier = (BatchManifest.load(settings.output)?.rows ?? []) + BatchJournal.entries(in: settings.output)
        let findingTable = self.findingTable
        let output = settings.output
        let written = Dictionary(earlier.compactMap { entry -> (String, BatchManifest.Entry)? in
            guard let digest = entry.sha256, let file = entry.file else { return nil }
            var kept = entry
            if entry.status == .writing {
                // Killed between the intent and the rename, or after the rename: the file is this batch's
                // (and finished) only if it holds exactly the bytes the intent names.
                guard Self.digest(ofFileAt: output.appendingPathComponent(file)) == digest else { return nil }
                kept.status = .rendered
            }
            kept.findings = findingTable.shared(entry.findings)
            return (file, kept)
        }) { $1 }
        owned = Set(written.keys)
        previous = settings.resume ? written : [:]
        journal = try BatchJournal(folder: settings.output)
        var hasher = SHA256()
        hasher.update(data: Data(SarabanCommand.configuration.version.utf8))
        hasher.update(data: templateData)
        // The library a template names is part of every row's text: a changed block renders the rows again.
        if let library = template?.library, library.file != template?.file, let data = FileManager.default.contents(atPath: library.file) {
            hasher.update(data: data)
        }
        if let layout = try? settings.pipeline.loadDesign(), let data = FileManager.default.contents(atPath: layout.file) { hasher.update(data: data) }
        hasher.update(data: Data("\(settings.pipeline.numerals?.rawValue ?? "")|\(settings.identity?.commonName ?? "unsigned")|\(settings.signing?.visible ?? false)".utf8))
        // What the file carries besides its pages: a resumed run with other choices writes the rows again.
        let parts = settings.pdfa.map { "\($0.key.rawValue)=\($0.value.rawValue)" }.sorted().joined(separator: ",")
        hasher.update(data: Data("|\(settings.embedData)|\(parts)".utf8))
        baseFingerprint = hasher.finalize().hex
        results.reserveCapacity(rows.count)
        progress = BatchProgress(total: rows.count, machine: settings.worker != nil)
    }

    /// Runs `jobs` workers until every row is done or the batch is interrupted; returns the manifest. A worker takes
    /// its session from `sessions` where one was started for it.
    func run(jobs: Int, sessions: [PendingSession] = []) -> BatchManifest {
        let group = DispatchGroup()
        let workers = max(1, min(jobs, rows.count))
        let writer = BatchWriter<RenderedRow>(capacity: workers) { [self] rendered in
            // After a write failed for want of space, the PDFs still waiting are not tried: their rows are not run.
            if !hasStopped { record(write(rendered)) }
        }
        for index in 0..<workers {
            group.enter()
            let pending = sessions.indices.contains(index) ? sessions[index] : nil
            let thread = Thread { [self] in
                defer { group.leave() }
                work(pending, writer: writer)
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        writer.finish()
        progress.finish()
        let rows = self.rows, names = self.names
        let outcomes = rows.map { results[$0.number] }
        let source = BatchManifest.RowSource(count: rows.count, entry: { [self] index in
            entry(outcomes[index]) ?? BatchManifest.Entry(row: rows[index].number, agency: rows[index].value("agency.name") ?? "",
                                                          abbreviation: rows[index].value("agency.abbreviation") ?? "",
                                                          file: names[rows[index].number], pages: nil, sha256: nil, status: .notRun,
                                                          findings: [], fingerprint: "", milliseconds: nil)
        }, statuses: outcomes.map { outcome in
            switch outcome {
            case .journaled(_, let status)?: return status
            case .kept(let entry)?: return entry.status
            case nil: return .notRun
            }
        })
        return BatchManifest(saraban: SarabanCommand.configuration.version, template: template?.file ?? "", table: table.file,
                             shard: settings.shard.map { "\($0.index)/\($0.count)" }, rowSource: source)
    }

    func work(_ pending: PendingSession?, writer: BatchWriter<RenderedRow>) {
        let session: RenderSession
        do {
            session = try pending?.wait().get() ?? RenderSession(pipeline: settings.pipeline)
        } catch {
            // Fonts or layout missing: every row this worker would take fails with the same reason.
            while let row = take() { record(failure(row, error)) }
            return
        }
        while let row = take() {
            switch render(row, session: session) {
            case .finished(let entry): record(entry)
            case .rendered(let rendered): writer.submit(rendered)
            }
        }
    }

    /// A row's PDF made and waiting for the writer thread, with where it goes and the row's entry.
    struct RenderedRow {
        let row: BatchTable.Row
        var entry: BatchManifest.Entry
        let pdf: Data
        let output: URL
        let existing: AtomicFile.Existing
        let inputs: [URL]
    }

    /// What a worker made of a row: its entry, done (failed, or up to date), or its PDF for the writer.
    enum RowResult {
        case finished(BatchManifest.Entry)
        case rendered(RenderedRow)
    }

    /// Puts a rendered row's PDF on the disk, on the writer thread: its intent journaled first, then the file
    /// written whole (flushed, renamed into place); the entry returned says rendered, or why it failed.
    func write(_ rendered: RenderedRow) -> BatchManifest.Entry {
        var entry = rendered.entry
        do {
            entry.sha256 = try recordIntent(entry, writing: rendered.pdf)
            try Trace.time("write") {
                try AtomicFile.write(rendered.pdf, to: rendered.output, existing: rendered.existing, inputs: rendered.inputs)
            }
            entry.status = .rendered
            return entry
        } catch {
            if let write = error as? FileWriteError, write.isOutOfSpace { stop("\(write)") }
            return failure(rendered.row, error, entry: entry)
        }
    }

    func take() -> BatchTable.Row? {
        lock.lock()
        defer { lock.unlock() }
        guard batchInterrupted == 0, stopReason == nil, next < rows.count else { return nil }
        defer { next += 1 }
        return rows[next]
    }

    private func entry(_ outcome: Outcome?) -> BatchManifest.Entry? {
        switch outcome {
        case .journaled(let line, _)?: return journal.entry(at: line)
        case .kept(let entry)?: return entry
        case nil: return nil
        }
    }

    func record(_ entry: BatchManifest.Entry) {
        let outcome: Outcome
        var journalError: Error?
        do { outcome = .journaled(try journal.append(entry), entry.status) } catch {
            journalError = error
            outcome = .kept(entry)
        }
        lock.lock()
        if let journalError, stopReason == nil { stopReason = "\(journalError)" }
        results[entry.row] = outcome
        done += 1
        let count = done
        lock.unlock()
        progress.report(entry, done: count, language: settings.language)
    }

    /// Checks and renders a row on a worker; the PDF is left for the writer thread (`write`).
    func render(_ row: BatchTable.Row, session: RenderSession) -> RowResult {
        let started = Date()
        let name = names[row.number]!
        let output = settings.output.appendingPathComponent(name)
        var entry = BatchManifest.Entry(row: row.number, agency: row.value("agency.name") ?? "", abbreviation: row.value("agency.abbreviation") ?? "",
                                        file: name, pages: nil, sha256: nil, status: .failed, findings: [],
                                        fingerprint: fingerprint(row), milliseconds: nil)
        // Before the up-to-date test: a colliding row fails even if an earlier run wrote its file.
        if let collision = collisions[row.number] {
            return .finished(failure(row, DataError(location: row.location(row.columns.contains("file") ? "file" : "agency.abbreviation"),
                                                    field: "file", message: collision, code: "output-name-collision",
                                                    thai: "ชื่อไฟล์ผลลัพธ์ซ้ำกับแถวอื่น: \(collision)"), entry: entry))
        }
        if let earlier = previous[name], earlier.fingerprint == entry.fingerprint, earlier.status != .failed,
           let data = FileManager.default.contents(atPath: output.path), SHA256.hash(data: data).hex == earlier.sha256 {
            entry = earlier
            entry.row = row.number
            entry.status = .upToDate
            entry.milliseconds = 0
            return .finished(entry)
        }
        do {
            // The PDF as it is to be written: kept here and written by the writer thread (`write`).
            var finished: (pdf: Data, existing: AtomicFile.Existing, inputs: [URL])?
            let keep: RenderPipeline.Write = { pdf, _, existing, inputs in finished = (pdf, existing, inputs) }
            // With --embed-data, the files the PDF carries: a data file and what it names, or a table row's own data
            // resolved over the template (`ResolvedRow`); gathered once the row's checks have passed.
            var carried: [FileAttachments.File] = []
            var kind = DocumentKind.itaMeasures
            let finishing = { (pdf: Data) throws -> Data in
                var final = pdf
                if !carried.isEmpty { final = try FileAttachments.embed(carried, in: final, file: name) }
                if let part = self.settings.pdfa[kind] { final = try ArchivalPDF.convert(final, part: part, file: name) }
                if let identity = self.settings.identity, let signing = self.settings.signing {
                    final = try signing.signed(final, file: name, as: identity)
                }
                return final
            }
            let existing: AtomicFile.Existing = owned.contains(name) ? .mayReplace : .mustNotExist
            let result: RenderPipeline.Result
            if let dataFile = row.dataFile {
                let checked = try checkDataFile(dataFile)
                entry.agency = checked.agency
                entry.findings = checked.findings.map(Self.manifestFinding)
                guard !checked.findings.contains(where: { $0.severity == .error }) else { return .finished(entry) }
                kind = checked.kind
                if settings.embedData { carried = try SourceData.files(for: dataFile) }
                result = try checked.render(session, output, existing, finishing, keep)
            } else if let template {
                let filled = try row.document(over: template)
                let document = try filled.selectingAnalysis(framework: RenderPipeline.framework(for: filled.year),
                                                            row: row.location(row.columns.first { $0.hasPrefix("scores.") } ?? "agency.name"))
                let findings = Trace.time("check") { settings.pipeline.checker().check(document) }
                entry.findings = findings.map(Self.manifestFinding)
                guard !findings.contains(where: { $0.severity == .error }) else { return .finished(entry) }
                if settings.embedData {
                    carried = try ResolvedRow(template: URL(fileURLWithPath: template.file), row: row, rendered: document)
                        .files(named: URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent)
                }
                result = try session.render(document, to: output, existing: existing,
                                            inputs: [URL(fileURLWithPath: template.file), URL(fileURLWithPath: table.file)],
                                            finishing: finishing, write: keep)
            } else {
                preconditionFailure("a table batch has a template")
            }
            guard let finished else { throw FileWriteError(path: output.path, reason: "the render gave no PDF to write") }
            entry.pages = result.pages
            entry.milliseconds = Int(Date().timeIntervalSince(started) * 1000)
            return .rendered(RenderedRow(row: row, entry: entry, pdf: finished.pdf, output: output, existing: finished.existing,
                                         inputs: finished.inputs))
        } catch {
            return .finished(failure(row, error, entry: entry))
        }
    }

    /// One data file of a `--data` batch, of any kind, decoded and checked as `saraban render` would, with how to
    /// render it once its findings allow.
    struct CheckedDataFile {
        let kind: DocumentKind
        let agency: String
        let findings: [Finding]
        let render: (RenderSession, URL, AtomicFile.Existing, (Data) throws -> Data, RenderPipeline.Write) throws -> RenderPipeline.Result
    }

    func checkDataFile(_ url: URL) throws -> CheckedDataFile {
        let pipeline = settings.pipeline
        if let name = DocumentKind.named(in: url), name != DocumentKind.itaMeasures.rawValue,
           let document = try KindDocument(try YAMLValue.load(contentsOf: url), input: url) {
            // The reports a memo or letter sets in are read and checked once, for its checks and its render.
            let reports = EnclosedReports(checker: pipeline.checker())
            return CheckedDataFile(kind: DocumentKind(rawValue: name) ?? .itaMeasures, agency: document.agencyName,
                                   findings: pipeline.kindFindings(document, input: url, reports: reports)) { _, output, existing, finishing, write in
                try pipeline.renderKind(document, input: url, to: output, existing: existing, finishing: finishing, write: write,
                                        reports: reports)
            }
        }
        let (checked, report) = Trace.time("check") { settings.pipeline.checker().load(contentsOf: url) }
        return CheckedDataFile(kind: .itaMeasures, agency: checked?.agency.name.value ?? "", findings: report.findings) { session, output, existing, finishing, write in
            guard let checked else { throw RenderPipeline.CheckFailed(report: report) }
            return try session.render(checked, to: output, existing: existing, inputs: [url], finishing: finishing, write: write)
        }
    }

    /// Journals the row's file and digest before its PDF is renamed into place. Without it a run killed between
    /// the rename and the row's journal line left a finished PDF no journal claimed, and every later run refused
    /// to replace it as a file the batch did not write.
    func recordIntent(_ entry: BatchManifest.Entry, writing pdf: Data) throws -> String {
        let digest = Trace.time("sha") { SHA256.hash(data: pdf).hex }
        var intent = entry
        intent.sha256 = digest
        intent.status = .writing
        try journal.append(intent)
        return digest
    }

    static func digest(ofFileAt url: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return SHA256.hash(data: data).hex
    }

    /// Whether a write failed for want of space (`stopReason`), read from any thread.
    var hasStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopReason != nil
    }

    func stop(_ reason: String) {
        lock.lock()
        if stopReason == nil { stopReason = reason }
        lock.unlock()
    }

    func failure(_ row: BatchTable.Row, _ error: Error, entry: BatchManifest.Entry? = nil) -> BatchManifest.Entry {
        var entry = entry ?? BatchManifest.Entry(row: row.number, agency: row.value("agency.name") ?? "",
                                                 abbreviation: row.value("agency.abbreviation") ?? "", file: names[row.number],
                                                 pages: nil, sha256: nil, status: .failed, findings: [], fingerprint: fingerprint(row),
                                                 milliseconds: nil)
        entry.status = .failed
        let finding: Finding
        if let data = error as? DataError {
            finding = Finding(data.code, .error, at: data.location, field: data.field, en: data.message, th: data.thai ?? data.message)
        } else {
            // A signing problem keeps its own code (a row signed with an expired certificate, say), so that the manifest
            // says what went wrong as `saraban sign` would; the layout's and fonts' errors keep their Thai.
            let row = SourceLocation(file: table.file, line: row.number + 1, column: 1)
            finding = Finding((error as? SigningError)?.code ?? "render-failed", .error, at: row, en: "\(error)",
                              th: thaiMessage(error) ?? "\(error)")
        }
        entry.findings.append(Self.manifestFinding(finding))
        return entry
    }

    static func manifestFinding(_ finding: Finding) -> BatchManifest.Finding {
        BatchManifest.Finding(code: finding.code, severity: finding.severity.rawValue, file: finding.location.file,
                              line: finding.location.line, column: finding.location.column, field: finding.field, message: finding.english)
    }

    func fingerprint(_ row: BatchTable.Row) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(baseFingerprint.utf8))
        for column in row.columns { hasher.update(data: Data("\(column)=\(row.raw(column) ?? "")\n".utf8)) }
        // A data file is its own row: its bytes decide whether its PDF is up to date.
        if let dataFile = row.dataFile { hasher.update(data: FileManager.default.contents(atPath: dataFile.path) ?? Data()) }
        return hasher.finalize().hex
    }

    /// Output names from the pattern, made safe for a file system, for every row of the table. Two rows that
    /// resolve to one name (compared as a case-insensitive file system would) are both refused, naming each
    /// other: a suffix would hide the mistake in the table, and neither row's office would know which file is its own.
    static func outputNames(_ rows: [BatchTable.Row], pattern: String) -> (names: [Int: String], collisions: [Int: String]) {
        var names: [Int: String] = [:]
        var byKey: [String: [Int]] = [:]
        for row in rows {
            var base = pattern
                .replacingOccurrences(of: "{abbreviation}", with: row.value("agency.abbreviation") ?? "")
                .replacingOccurrences(of: "{name}", with: row.value("agency.name") ?? "")
                .replacingOccurrences(of: "{row}", with: String(row.number))
                .replacingOccurrences(of: "{file}", with: row.value("file") ?? row.value("agency.abbreviation") ?? "")
            if let file = row.value("file"), pattern == "{abbreviation}" { base = file }
            if base.lowercased().hasSuffix(".pdf") { base = String(base.dropLast(4)) }
            base = safeFileName(base)
            if base.isEmpty { base = "row-\(row.number)" }
            let name = base + ".pdf"
            names[row.number] = name
            byKey[name.precomposedStringWithCanonicalMapping.lowercased(), default: []].append(row.number)
        }
        var collisions: [Int: String] = [:]
        for numbers in byKey.values where numbers.count > 1 {
            for number in numbers {
                let others = numbers.filter { $0 != number }.map(String.init).joined(separator: ", ")
                collisions[number] = "rows \(number) and \(others) would all write \(names[number]!); give each row its own abbreviation or file name"
            }
        }
        return (names, collisions)
    }

    static func safeFileName(_ text: String) -> String {
        let unsafe = CharacterSet(charactersIn: "/\\:*?\"<>|").union(.controlCharacters)
        var name = String(String.UnicodeScalarView(text.unicodeScalars.map { unsafe.contains($0) ? "-" : $0 }))
        name = name.replacingOccurrences(of: " ", with: "_")
        while name.hasPrefix(".") || name.hasPrefix("-") { name.removeFirst() }
        return String(name.prefix(120))
    }
}

extension SHA256.Digest {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}

/// Progress on standard error: a bar with count, rate and time left on a terminal; plain lines elsewhere.
final class BatchProgress: @unchecked Sendable {
    let total: Int
    let started = Date()
    let terminal: Bool
    /// A worker process reports each row as a JSON line on standard output, for the process that started it.
    let machine: Bool
    private let lock = NSLock()

    init(total: Int, machine: Bool = false) {
        self.total = total
        self.machine = machine
        terminal = !machine && isatty(STDERR_FILENO) != 0
    }

    func report(_ entry: BatchManifest.Entry, done: Int, language: Finding.Language) {
        lock.lock()
        defer { lock.unlock() }
        if machine {
            if let line = try? JSONEncoder().encode(entry) { FileHandle.standardOutput.write(line + Data("\n".utf8)) }
            return
        }
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let rate = Double(done) / elapsed
        if terminal {
            let width = 30
            let filled = total == 0 ? width : done * width / total
            let left = rate > 0 ? Double(total - done) / rate : 0
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            var line = String(format: "\r%@ %d/%d  %.1f/s  %@ left", bar, done, total, rate, Self.duration(left))
            if entry.status == .failed { line = "\r\u{1B}[K" + Self.failureLine(entry) + "\n" + line }
            FileHandle.standardError.write(Data(line.utf8))
        } else {
            let line = entry.status == .failed ? Self.failureLine(entry)
                : "row \(entry.row) \(entry.abbreviation): \(entry.status.rawValue)\(entry.pages.map { " (\($0) pages)" } ?? "")"
            FileHandle.standardError.write(Data("[\(done)/\(total)] \(line)\n".utf8))
        }
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// The rows done so far, as the workers report them.
    private var reported = 0
    func reportFromWorker(_ entry: BatchManifest.Entry, language: Finding.Language) {
        lock.lock()
        reported += 1
        let done = reported
        lock.unlock()
        report(entry, done: done, language: language)
    }

    static func failureLine(_ entry: BatchManifest.Entry) -> String {
        let reasons = entry.findings.filter { $0.severity == "error" }.map {
            "\(SourceLocation(file: $0.file, line: $0.line, column: $0.column)): \($0.field): \($0.message)"
        }
        return "row \(entry.row) \(entry.abbreviation): FAILED — " + reasons.joined(separator: "; ")
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 60 ? String(format: "%.0fs", seconds) : String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60)
    }
}
