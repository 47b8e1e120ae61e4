import ArgumentParser
import Foundation
import CMalloc
import SarabanITA
import SarabanCheck
import SarabanPDF

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Render (and sign) one document per row of a table of agencies over one template, or one per data file.",
        discussion: """
        saraban batch TEMPLATE --table offices.csv -o OUT fills the template with each row; saraban batch --data \
        'offices/*.yaml' -o OUT renders each data file (any kind) as it is, named after the file. \
        Every row is checked before it is rendered; a bad row is reported (row, column, reason) and skipped, and the \
        others are rendered. The folder gets manifest.json and manifest.csv: each row's agency, file, pages, SHA-256, \
        status and findings. Exit status: 0 when every row was rendered, 1 when some failed, 130 when interrupted.
        """
    )

    @Argument(help: "The template: a data file whose text may use {{agency.name}}, {{agency.abbreviation}}, {{signatories.1.name}}…")
    var template: String?

    @Option(help: "The table of agencies (CSV, UTF-8, or an .xlsx or .ods workbook): columns agency.name, agency.abbreviation, scores.1 … scores.10 (or 9.1 …), published.total, published.rating, signatories.N.name …")
    var table: String?

    @Option(parsing: .upToNextOption,
            help: "Instead of a template and a table: data files to render, each as it is — files, folders or a quoted glob such as 'offices/*.yaml'.")
    var data: [String] = []

    @Option(help: "With an .xlsx or .ods table: the sheet to read (default: the first).")
    var sheet: String?

    @Option(name: .shortAndLong, help: "The folder to write the PDFs and the manifest into.")
    var output: String

    @Option(help: "Workers rendering at once (default: every core), each a thread with its own fonts and layout engine.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Run the workers as separate processes instead of threads (one crashing worker cannot stop the others).")
    var processes = false

    @Option(help: .hidden)
    var worker: String?

    /// Why the batch stopped early (a full disk), if it did.
    var stopReason: String?

    @Option(help: "The output file name: {abbreviation}, {name}, {row} or {file} (the table's file column).")
    var name: String = "{abbreviation}"

    @Flag(help: "Skip rows whose PDF is up to date with the template, the table row, the layout and saraban.")
    var resume = false

    @Option(help: "Render only the K-th of N disjoint slices of the rows (K/N), to split a batch across machines.")
    var shard: String?

    @Option(help: "Write each PDF as PDF/A: 1b, 2b or 3b, or none; default: the layout file's pdfa.")
    var pdfa: ArchivalChoice?

    @Flag(help: "Carry each PDF's data inside it as source data, as render --embed-data does: with --data, the data file; with --table, the row's own data file (the template with the row's cells in it) and the files it names.")
    var embedData = false

    @OptionGroup var document: DocumentOptions

    @OptionGroup(title: "Signing (give --sign-key and --sign-cert to sign every PDF)")
    var signing: SigningOptions

    func parsedShard() throws -> (index: Int, count: Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else {
            throw ValidationError("--shard expects K/N with 1 ≤ K ≤ N, such as 1/2; found \(shard)")
        }
        return (parts[0], parts[1])
    }

    func parsedWorker() throws -> (index: Int, count: Int)? {
        guard let worker else { return nil }
        let parts = worker.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else { throw ValidationError("bad --worker \(worker)") }
        return (parts[0], parts[1])
    }

    mutating func run() throws {
        let folder = URL(fileURLWithPath: output)
        let manifest: BatchManifest
        guard (1...256).contains(jobs) else { throw reportFailure(ValidationError("--jobs expects 1 to 256 workers, found \(jobs)")) }
        var lock: BatchLock?
        defer { if let lock { close(lock.descriptor) } }
        // Each worker's fonts and Pango set up on threads of their own while the table and the template are read.
        let coordinatesProcesses = worker == nil && processes && jobs > 1
        var pipeline = document.pipeline
        // A worker for every core (threads, or processes each with one): a thread compressing streams beside each
        // would only take turns with them.
        let workersInAll = (try? parsedWorker())?.count ?? jobs
        pipeline.compressesInBackground = workersInAll < ProcessInfo.processInfo.activeProcessorCount
        let sessions = coordinatesProcesses ? [] : (0..<(worker == nil ? jobs : 1)).map { _ in PendingSession(pipeline: pipeline) }
        do {
            // Every input is read and checked before the output folder is touched: a mistake in them leaves
            // no folder, lock or journal behind. A bad layout file fails the batch at once, not every row.
            let shard = try parsedShard()
            let (table, templateURL) = try inputs()
            // The table's text and its parse are freed now, but glibc keeps freed memory in the arena of the
            // thread that freed it, and the render workers allocate from arenas of their own: given back, a
            // table of 2,000 rows no longer shows in the batch's peak memory (4 MB more than 245 rows without).
            _ = malloc_trim(0)
            let templateDocument = try templateURL.map(MeasuresDocument.load)
            _ = try pipeline.loadDesign()
            let identity = signing.isRequested ? try signing.identity() : nil
            if worker == nil {
                try AtomicFile.makeFolder(folder)
                try Self.checkOwnManifest(in: folder)
                lock = try BatchLock(folder: folder)
                // A run killed mid-write leaves its temporary file; under the lock, no other batch writes here.
                AtomicFile.removeStaleTemporaries(in: folder)
            }
            if worker == nil, processes, jobs > 1 {
                manifest = try WorkerPool(command: self).run(table: table)
                return try finish(manifest, folder: folder)
            }
            let runner = try BatchRunner(settings: .init(pipeline: pipeline, output: folder, namePattern: name, resume: resume,
                                                         shard: shard, worker: try parsedWorker(), identity: identity,
                                                         signing: identity == nil ? nil : signing, language: document.lang,
                                                         embedData: embedData,
                                                         // A template's rows are all of its kind; data files may be of any.
                                                         pdfa: ArchivalChoice.parts(pdfa, pipeline: pipeline,
                                                                                    kinds: templateDocument == nil ? DocumentKind.allCases : [.itaMeasures])),
                                         template: templateDocument, templateURL: templateURL, table: table)
            for signal in [SIGINT, SIGTERM] {
                Foundation.signal(signal) { _ in batchInterrupted = 1 }
            }
            manifest = runner.run(jobs: worker == nil ? jobs : 1, sessions: sessions)
            stopReason = runner.stopReason
            if let worker = try parsedWorker() {
                // A worker's part of the manifest, for the process that started it to merge.
                try manifest.write(to: folder, name: ".manifest.worker-\(worker.index)")
                if batchInterrupted != 0 { throw ExitCode(130) }
                return
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw reportFailure(error, language: document.lang)
        }
        try finish(manifest, folder: folder)
    }

    /// The rows and the template: a table over a template, or data files (`--data`) without one.
    func inputs() throws -> (BatchTable, URL?) {
        if !data.isEmpty {
            guard template == nil, table == nil else {
                throw ValidationError("--data renders each data file as it is; give either --data or a template with --table, not both")
            }
            guard sheet == nil else { throw ValidationError("--sheet goes with an .xlsx or .ods --table, not with --data") }
            return (try BatchTable.dataFiles(data), nil)
        }
        guard let template, let table else {
            throw ValidationError("give a template and --table TABLE (one document per row), or --data FILES (one per data file)")
        }
        return (try BatchTable.load(URL(fileURLWithPath: table), sheet: sheet), URL(fileURLWithPath: template))
    }

    /// A manifest.json that saraban cannot read as its own is someone else's file: the batch will not replace it.
    static func checkOwnManifest(in folder: URL) throws {
        let url = folder.appendingPathComponent("manifest.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        guard BatchManifest.load(file: url) != nil else {
            throw FileWriteError(path: url.path, reason: "it exists and is not a saraban batch manifest; choose another -o folder")
        }
    }

    func finish(_ manifest: BatchManifest, folder: URL) throws {
        do { try manifest.write(to: folder) } catch { throw reportFailure(error) }
        // The manifest now holds every row the journal did.
        BatchJournal.remove(in: folder)
        if let stopReason {
            printError("saraban: error: the batch stopped at the first write that failed: \(stopReason); the rows not run are marked not-run, and --resume continues once there is room")
        }
        let counts = Dictionary(grouping: manifest.statuses, by: { $0 }).mapValues(\.count)
        print("\(counts[.rendered] ?? 0) rendered, \(counts[.upToDate] ?? 0) up to date, \(counts[.failed] ?? 0) failed"
              + ((counts[.notRun] ?? 0) > 0 ? ", \(counts[.notRun]!) not run (interrupted)" : "")
              + " — \(folder.appendingPathComponent("manifest.json").path)")
        if batchInterrupted != 0 { throw ExitCode(130) }
        if (counts[.failed] ?? 0) > 0 || stopReason != nil { throw ExitCode(1) }
    }
}

