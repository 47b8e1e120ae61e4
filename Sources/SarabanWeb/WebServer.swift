import Foundation
import Hummingbird
import NIOCore
import SarabanData
import SarabanITA
import SarabanKinds
import Yams
import ZIPFoundation

/// The web page and its HTTP API. Every route that reads a document writes what it was sent into a folder of the
/// request's own, runs `saraban` there (`SarabanProcess`), answers, and removes the folder: nothing is kept and
/// nothing is shared between requests. Bad input is a 4xx with the command line's own located messages; the server
/// itself never stops for a request.
struct WebServer: Sendable {
    struct Limits: Sendable {
        var data = 2 * 1024 * 1024
        var table = 10 * 1024 * 1024
        var image = 5 * 1024 * 1024
        /// A batch's whole upload: a template, a table, a library and images.
        var upload = 25 * 1024 * 1024
        var timeLimit = Duration.seconds(30)
    }

    let limits: Limits
    let slots: RenderSlots
    let admission: Admission
    let page: WebPage
    /// Whether the page may sign: only when the server listens on this machine's loopback (see SigningRequest).
    var signs = false

    // MARK: Routes

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        let signs = self.signs
        router.get("/") { request, _ in page.index(language: Self.language(request), signs: signs) }
        router.get("/app.js") { _, _ in page.asset("app.js", type: "text/javascript; charset=utf-8") }
        router.get("/style.css") { _, _ in page.asset("style.css", type: "text/css; charset=utf-8") }
        router.get("/api/starter") { request, _ in try await handle(request) { try await starter(request) } }
        router.get("/api/schema") { request, _ in try await handle(request) { try schema(request) } }
        router.post("/api/check") { request, _ in try await handle(request) { try await check(request) } }
        router.post("/api/render") { request, _ in try await handle(request) { try await render(request) } }
        router.post("/api/preview") { request, _ in try await handle(request) { try await preview(request) } }
        router.post("/api/batch") { request, _ in try await handle(request) { try await batch(request) } }
        router.post("/api/verify") { request, _ in try await handle(request) { try await verify(request) } }
        router.post("/api/yaml") { request, _ in try await handle(request) { try await convert(request, to: .yaml) } }
        router.post("/api/json") { request, _ in try await handle(request) { try await convert(request, to: .json) } }
        return router
    }

    /// Every failure as an answer: a `Refusal` as its status and message, anything else as a 500 with a plain
    /// message (never the data). Requests past the admission limit are refused before their body is read.
    func handle(_ request: Request, _ work: () async throws -> Response) async throws -> Response {
        do {
            guard await admission.enter() else { throw Self.busy }
            do {
                let response = try await work()
                await admission.leave()
                return response
            } catch {
                await admission.leave()
                throw error
            }
        } catch let refusal as Refusal {
            return refusal.response(language: Self.language(request))
        } catch {
            return Refusal(.internalServerError, "internal-error", th: "เกิดข้อผิดพลาดภายในเซิร์ฟเวอร์", en: "an internal error occurred")
                .response(language: Self.language(request))
        }
    }

    /// Thai unless the request asks for English with `?lang=en`: the page is for Thai officials, whatever language
    /// their browser happens to be set to.
    static func language(_ request: Request) -> String {
        request.uri.queryParameters.get("lang") == "en" ? "en" : "th"
    }

    // MARK: Data files

    /// The body as a data file: YAML or JSON (JSON is YAML), at most `limits.data` bytes; or `multipart/form-data`
    /// with the data file as `data` and the images it names (an emblem, a logo, a signature) as `image` parts,
    /// saved beside it under their own names.
    func dataFile(_ request: Request, in folder: RequestFolder) async throws -> URL {
        try await upload(request, in: folder).data
    }

    /// The data file and, in a multipart upload, what the page sends to sign the PDF (`sign-*` parts, see
    /// SigningRequest); only a render reads the latter, and nothing of it is saved unless the render signs.
    func upload(_ request: Request, in folder: RequestFolder) async throws -> (data: URL, signing: SigningRequest?) {
        let type = (request.headers[.contentType] ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if type == "multipart/form-data", let boundary = Multipart.boundary(request.headers[.contentType] ?? "") {
            let body = try await collect(request, upTo: limits.upload, what: ("ไฟล์ที่อัปโหลด", "the upload"))
            var parts = try Multipart.parts(body, boundary: boundary, limits: limits)
            let signing = try SigningRequest.take(from: &parts)
            let saved = try Multipart.save(parts, in: folder.url)
            guard let data = saved["data"] else {
                throw Refusal(.badRequest, "missing-part", th: "ต้องมีไฟล์ข้อมูล (ช่อง data)", en: "the data file (field data) is missing")
            }
            return (data, signing)
        }
        let accepted = ["", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "application/json", "text/plain"]
        guard accepted.contains(type) else {
            throw Refusal(.unsupportedMediaType, "unsupported-content-type",
                          th: "ส่งข้อมูลเป็น YAML หรือ JSON (Content-Type: application/yaml หรือ application/json) ไม่ใช่ \(type)",
                          en: "send the data as YAML or JSON (Content-Type: application/yaml or application/json), not \(type)")
        }
        let body = try await collect(request, upTo: limits.data, what: ("ไฟล์ข้อมูล", "a data file"))
        guard body.readableBytes > 0 else {
            throw Refusal(.badRequest, "empty-body", th: "ไม่มีข้อมูลที่ส่งมา", en: "the request has no data")
        }
        let url = folder.url.appendingPathComponent(type == "application/json" ? "data.json" : "data.yaml")
        try Data(buffer: body).write(to: url)
        return (url, nil)
    }

    func collect(_ request: Request, upTo limit: Int, what: (th: String, en: String)) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch {
            throw Refusal(.contentTooLarge, "too-large",
                          th: "\(what.th)ใหญ่เกิน \(limit / 1024 / 1024) MB", en: "\(what.en) larger than \(limit / 1024 / 1024) MB")
        }
    }

    static let busy = Refusal(.serviceUnavailable, "busy", th: "ขณะนี้มีผู้ใช้งานจำนวนมาก กรุณาลองใหม่อีกครั้งในอีกสักครู่",
                              en: "the server is busy; try again in a moment")

    /// Runs saraban in a slot, or refuses with 503 when the server is full.
    func run(_ arguments: [String], in folder: RequestFolder, language: String, secrets: [String: String] = [:]) async throws -> SarabanProcess.Outcome {
        guard await slots.acquire() else { throw Self.busy }
        let outcome: SarabanProcess.Outcome
        do {
            outcome = try await SarabanProcess(folder: folder.url, timeLimit: limits.timeLimit).run(arguments, language: language, secrets: secrets)
        } catch {
            await slots.release()
            throw error
        }
        await slots.release()
        if outcome.timedOut {
            throw Refusal(.serviceUnavailable, "time-limit", th: "ใช้เวลานานเกินกำหนด จึงหยุดการทำงาน",
                          en: "the work took longer than the time limit and was stopped")
        }
        return outcome
    }

    /// The findings of `saraban check --format json`, file names relative to the request's folder.
    func findings(_ data: URL, in folder: RequestFolder, language: String) async throws -> String {
        let outcome = try await run(["check", "--format", "json", "--lang", language, data.lastPathComponent], in: folder, language: language)
        guard outcome.stdout.hasPrefix("{") else { throw Refusal.failed(outcome, folder: folder) }
        return outcome.stdout.replacingOccurrences(of: folder.url.path + "/", with: "")
    }

    // MARK: Handlers

    func check(_ request: Request) async throws -> Response {
        try await withFolder { folder in
            let language = Self.language(request)
            let data = try await dataFile(request, in: folder)
            return Self.json(try await findings(data, in: folder, language: language))
        }
    }

    func render(_ request: Request) async throws -> Response {
        try await withFolder { folder in
            let language = Self.language(request)
            let (data, signing) = try await upload(request, in: folder)
            if signing != nil, !signs { throw SigningRequest.notHere }
            let outcome = try await run(["render", "-q", data.lastPathComponent, "-o", "document.pdf", "--lang", language]
                                            + (try signing?.arguments(in: folder.url) ?? []),
                                        in: folder, language: language, secrets: signing?.environment ?? [:])
            if outcome.status != 0, signing != nil, let refusal = SigningRequest.refusal(outcome.stderr, folder: folder.url) { throw refusal }
            guard outcome.status == 0 else { return try await refused(outcome, data: data, in: folder, language: language) }
            return Self.file(try Data(contentsOf: folder.url.appendingPathComponent("document.pdf")), type: "application/pdf",
                             name: "document.pdf")
        }
    }

    func preview(_ request: Request) async throws -> Response {
        let page = request.uri.queryParameters.get("page").map { Int($0) } ?? 1
        guard let page, (1...500).contains(page) else {
            throw Refusal(.badRequest, "bad-page", th: "เลขหน้าต้องเป็นจำนวนเต็มตั้งแต่ 1", en: "page must be a whole number from 1")
        }
        return try await withFolder { folder in
            let language = Self.language(request)
            let data = try await dataFile(request, in: folder)
            let outcome = try await run(["preview", data.lastPathComponent, "--page", String(page), "-o", "page.png", "--lang", language],
                                        in: folder, language: language)
            guard outcome.status == 0 else { return try await refused(outcome, data: data, in: folder, language: language) }
            var response = Self.file(try Data(contentsOf: folder.url.appendingPathComponent("page.png")), type: "image/png", name: nil)
            // "wrote …/page.png (page 1 of 10)": the page count, so the page can offer the others.
            if let pages = outcome.stdout.split(separator: " ").last?.dropLast(2) { response.headers[.init("X-Saraban-Pages")!] = String(pages) }
            return response
        }
    }

    /// A render that failed: 422 with the findings when the checks stopped it, else the command's own message.
    func refused(_ outcome: SarabanProcess.Outcome, data: URL, in folder: RequestFolder, language: String) async throws -> Response {
        // The checks say why in the form the page shows beside the fields; a failure they do not explain (a layout
        // error, a page that does not exist) is the command's own message.
        let report = try await findings(data, in: folder, language: language)
        if report.contains("\"severity\" : \"error\"") { return Self.json(report, status: .unprocessableContent) }
        throw Refusal.failed(outcome, folder: folder)
    }

    func starter(_ request: Request) async throws -> Response {
        let kind = try Self.kind(request)
        return try await withFolder { folder in
            let outcome = try await run(["init", "starter.yaml", "--kind", kind.rawValue], in: folder, language: Self.language(request))
            guard outcome.status == 0 else { throw Refusal.failed(outcome, folder: folder) }
            let yaml = try String(contentsOf: folder.url.appendingPathComponent("starter.yaml"), encoding: .utf8)
            return Self.json(try DataConversion.json(fromYAML: yaml, file: "starter.yaml"))
        }
    }

    /// The JSON Schema of a kind's data file, as `saraban schema` prints it: the page offers the fields a document
    /// may have and does not yet, by their Thai names, and knows what each holds.
    func schema(_ request: Request) throws -> Response {
        let kind = try Self.kind(request)
        return Self.json(KindSchemas.json(for: kind) ?? DataSchema.json)
    }

    /// The kind a request names (`?kind=`), the measures report when it names none.
    static func kind(_ request: Request) throws -> DocumentKind {
        let name = request.uri.queryParameters.get("kind") ?? DocumentKind.itaMeasures.rawValue
        guard let kind = DocumentKind(rawValue: name) else {
            let known = DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw Refusal(.badRequest, "unknown-kind", th: "ไม่รู้จักชนิดเอกสาร \(name) (ชนิดที่มี: \(known))",
                          en: "unknown kind \(name) (known: \(known))")
        }
        return kind
    }

    enum Format { case yaml, json }

    /// The form's data as YAML for the official to keep, or a kept YAML file as JSON for the form.
    func convert(_ request: Request, to format: Format) async throws -> Response {
        let body = try await collect(request, upTo: limits.data, what: ("ไฟล์ข้อมูล", "a data file"))
        let text = String(decoding: Data(buffer: body), as: UTF8.self)
        switch format {
        case .yaml: return Self.file(Data(try DataConversion.yaml(fromJSON: text).utf8), type: "application/yaml; charset=utf-8", name: "data.yaml")
        case .json: return Self.json(try DataConversion.json(fromYAML: text, file: "data.yaml"))
        }
    }

    func batch(_ request: Request) async throws -> Response {
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("multipart/form-data"), let boundary = Multipart.boundary(type) else {
            throw Refusal(.unsupportedMediaType, "multipart-expected",
                          th: "ส่งแม่แบบและตารางเป็น multipart/form-data (ช่อง template และ table)",
                          en: "send the template and the table as multipart/form-data (fields template and table)")
        }
        let body = try await collect(request, upTo: limits.upload, what: ("ไฟล์ที่อัปโหลด", "the upload"))
        return try await withFolder { folder in
            let language = Self.language(request)
            let parts = try Multipart.parts(body, boundary: boundary, limits: limits)
            let saved = try Multipart.save(parts, in: folder.url)
            guard let template = saved["template"], let table = saved["table"] else {
                throw Refusal(.badRequest, "missing-part", th: "ต้องมีทั้งแม่แบบ (template) และตาราง (table)",
                              en: "both a template (template) and a table (table) are needed")
            }
            let output = folder.url.appendingPathComponent("pdf")
            let outcome = try await run(["batch", template.lastPathComponent, "--table", table.lastPathComponent, "-o", "pdf", "--lang", language],
                                        in: folder, language: language)
            let manifest = output.appendingPathComponent("manifest.json")
            guard FileManager.default.fileExists(atPath: manifest.path) else { throw Refusal.failed(outcome, folder: folder) }
            let zip = folder.url.appendingPathComponent("batch.zip")
            try FileManager.default.zipItem(at: output, to: zip, shouldKeepParent: false)
            var response = Self.file(try Data(contentsOf: zip), type: "application/zip", name: "saraban-batch.zip")
            response.headers[.init("X-Saraban-Status")!] = String(outcome.status)
            return response
        }
    }

    /// A PDF someone received, checked as `saraban verify` and `saraban check FILE.pdf` check it: each signature's
    /// verdict (against the root certificate sent as `trust`, if any) and, for a PDF that carries its data, that data's
    /// findings, the numbers on the pages compared with it.
    func verify(_ request: Request) async throws -> Response {
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("multipart/form-data"), let boundary = Multipart.boundary(type) else {
            throw Refusal(.unsupportedMediaType, "multipart-expected", th: "ส่งไฟล์ PDF เป็น multipart/form-data (ช่อง pdf)",
                          en: "send the PDF as multipart/form-data (field pdf)")
        }
        let body = try await collect(request, upTo: limits.upload, what: ("ไฟล์ที่อัปโหลด", "the upload"))
        return try await withFolder { folder in
            let language = Self.language(request)
            let saved = try Multipart.save(try Multipart.parts(body, boundary: boundary, limits: limits), in: folder.url)
            guard let pdf = saved["pdf"] else {
                throw Refusal(.badRequest, "missing-part", th: "ต้องมีไฟล์ PDF (ช่อง pdf)", en: "the PDF (field pdf) is missing")
            }
            let trust = saved["trust"].map { ["--trust", $0.lastPathComponent] } ?? []
            let signatures = try await run(["verify", pdf.lastPathComponent, "--lang", language] + trust, in: folder, language: language)
            let data = try await run(["check", pdf.lastPathComponent, "--format", "json", "--lang", language], in: folder, language: language)
            let clean = { (text: String) in text.replacingOccurrences(of: folder.url.path + "/", with: "") }
            var answer: [String: Any] = [
                // verify's exit status: 0 every signature valid, 2 intact but no root to trust, 1 invalid or none.
                "signatures": ["status": signatures.status, "report": clean(signatures.stdout + signatures.stderr)],
            ]
            if data.stdout.hasPrefix("{"), let json = try? JSONSerialization.jsonObject(with: Data(clean(data.stdout).utf8)) {
                answer["data"] = json
            }
            let encoded = try JSONSerialization.data(withJSONObject: answer, options: [.sortedKeys])
            return Self.json(String(decoding: encoded, as: UTF8.self))
        }
    }

    func withFolder(_ work: (RequestFolder) async throws -> Response) async throws -> Response {
        let folder = try RequestFolder()
        defer { folder.remove() }
        return try await work(folder)
    }

    // MARK: Responses

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func file(_ data: Data, type: String, name: String?) -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
        if let name { headers[.contentDisposition] = "attachment; filename=\"\(name)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A request refused, with why in Thai and English: answered as JSON `{"error": {"code", "message"}}`.
struct Refusal: Error {
    let status: HTTPResponse.Status
    let code: String
    let thai: String
    let english: String

    init(_ status: HTTPResponse.Status, _ code: String, th: String, en: String) {
        self.status = status
        self.code = code
        self.thai = th
        self.english = en
    }

    /// A saraban command that failed: its own message (located where it has a location), as a 422.
    static func failed(_ outcome: SarabanProcess.Outcome, folder: RequestFolder) -> Refusal {
        let message = (outcome.stderr.isEmpty ? outcome.stdout : outcome.stderr)
            .replacingOccurrences(of: folder.url.path + "/", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
        return Refusal(.unprocessableContent, "render-failed", th: message, en: message)
    }

    func response(language: String) -> Response {
        let body: [String: Any] = ["error": ["code": code, "message": language == "en" ? english : thai]]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return WebServer.json(String(decoding: data, as: UTF8.self), status: status)
    }
}
