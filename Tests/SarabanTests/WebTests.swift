import XCTest
import Foundation

/// `saraban serve` tested from outside, as a browser or a script meets it: the server started on a free loopback
/// port, every request made with curl, the page driven in Debian's chromium; the server stopped at the end.
final class WebTests: XCTestCase {
    /// A running `saraban serve`, its temporary folder watched: nothing a request sends may stay there.
    final class Server {
        let process = Process()
        let temporary: URL
        var port = 0
        var base: String { "http://127.0.0.1:\(port)" }

        init(_ options: [String] = []) throws {
            temporary = try Fixture.temporaryFolder()
            process.executableURL = Fixture.binary
            process.arguments = ["serve", "--port", "0"] + options
            process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary.path]) { $1 }
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The server says where it listens once the port is bound.
            var seen = ""
            let deadline = Date().addingTimeInterval(30)
            while port == 0, Date() < deadline {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen += String(decoding: chunk, as: UTF8.self)
                // "open http://127.0.0.1:PORT/" (or the address asked for with --host).
                if let range = seen.range(of: #"http://[0-9.]+:(\d+)/"#, options: .regularExpression) {
                    port = Int(seen[range].dropLast().split(separator: ":").last ?? "") ?? 0
                }
            }
            guard port > 0 else { throw ServerError(message: "saraban serve did not start: \(seen)") }
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }

        /// What the requests left in the server's temporary folder.
        func leftovers() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: temporary.path).filter { $0.hasPrefix("saraban-web-") }
        }
    }

    struct ServerError: Error { let message: String }

    struct Reply {
        let status: Int
        let type: String
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] { try XCTUnwrap(try JSONSerialization.jsonObject(with: body) as? [String: Any]) }
    }

    var server: Server!
    var folder: URL!

    override func setUpWithError() throws {
        folder = try Fixture.temporaryFolder()
        server = try Server()
    }

    override func tearDownWithError() throws {
        guard let server else { return }  // it did not start: setUp has said why
        let left = try server.leftovers()
        server.stop()
        XCTAssertEqual(left, [], "every request's folder is removed when it ends")
    }

    /// A request with curl: the body from a file (or none), extra curl arguments (headers, forms).
    func request(_ path: String, method: String = "POST", file: URL? = nil, type: String? = "application/yaml", extra: [String] = [],
                 on target: Server? = nil) throws -> Reply {
        try Self.request((target ?? server).base + path, method: method, file: file, type: type, extra: extra, folder: folder)
    }

    static func request(_ url: String, method: String = "POST", file: URL? = nil, type: String? = "application/yaml", extra: [String] = [],
                        folder: URL) throws -> Reply {
        let out = folder.appendingPathComponent(UUID().uuidString)
        var arguments = ["-s", "-S", "-o", out.path, "-w", "%{http_code} %{content_type}", "-X", method]
        if let file { arguments += ["--data-binary", "@" + file.path] }
        if let type { arguments += ["-H", "Content-Type: \(type)"] }
        let result = try runTool("curl", arguments + extra + [url])
        XCTAssertEqual(result.status, 0, result.stderr)
        let parts = result.stdout.split(separator: " ", maxSplits: 1)
        return Reply(status: Int(parts.first ?? "") ?? 0, type: parts.count > 1 ? String(parts[1]) : "",
                     body: (try? Data(contentsOf: out)) ?? Data())
    }

    func findingCodes(_ json: [String: Any]) -> [String] {
        ((json["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
    }

    // MARK: The API

    func testHealthAndThePage() throws {
        let health = try request("/healthz", method: "GET", type: nil)
        XCTAssertEqual(health.status, 200)
        XCTAssertEqual(health.text, "ok\n")
        let page = try request("/", method: "GET", type: nil)
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.type.hasPrefix("text/html"))
        XCTAssertTrue(page.text.contains("<html lang=\"th\">") && page.text.contains("ดาวน์โหลด PDF"), "Thai by default")
        XCTAssertTrue(try request("/?lang=en", method: "GET", type: nil).text.contains("Download the PDF"))
        let script = try request("/app.js", method: "GET", type: nil), style = try request("/style.css", method: "GET", type: nil)
        XCTAssertTrue(script.type.hasPrefix("text/javascript") && style.type.hasPrefix("text/css"))
        // The first load is small: no framework, nothing fetched from elsewhere.
        XCTAssertLessThan(page.body.count + script.body.count + style.body.count, 60_000)
        XCTAssertFalse(page.text.contains("https://"), "nothing fetched from another site")
    }

    func testCheckGivesTheCommandLinesFindingsAndTheComputedScores() throws {
        let reply = try request("/api/check", file: Fixture.example)
        XCTAssertEqual(reply.status, 200, reply.text)
        let json = try reply.json()
        XCTAssertEqual(json["errors"] as? Int, 0)
        let computed = try XCTUnwrap(json["computed"] as? [String: Any])
        XCTAssertEqual(computed["total"] as? String, "94.96")
        XCTAssertEqual(computed["rating"] as? String, "A")
        let command = try runTool(Fixture.binary.path, ["check", "--format", "json", Fixture.example.path])
        let expected = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(command.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(findingCodes(json), findingCodes(expected), "the same codes as saraban check --format json")
        // JSON is a data file too.
        let asJSON = try request("/api/json", file: Fixture.example)
        XCTAssertEqual(asJSON.status, 200)
        let jsonFile = folder.appendingPathComponent("data.json")
        try asJSON.body.write(to: jsonFile)
        XCTAssertEqual(findingCodes(try request("/api/check", file: jsonFile, type: "application/json").json()), findingCodes(expected))
    }

    func testRenderGivesThePDFOr422WithLocatedFindings() throws {
        let reply = try request("/api/render", file: Fixture.example)
        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.type, "application/pdf")
        let pdf = folder.appendingPathComponent("served.pdf")
        try reply.body.write(to: pdf)
        XCTAssertTrue(try runTool("pdftotext", [pdf.path, "-"]).stdout.contains("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต ๒"))
        XCTAssertEqual(try runTool("qpdf", ["--check", pdf.path]).status, 0)

        let bad = try Fixture.exampleVariant(replacing: "  1: 98.10\n", with: "  1: 150\n")
        let refused = try request("/api/render", file: bad)
        XCTAssertEqual(refused.status, 422, refused.text)
        let findings = try XCTUnwrap(try refused.json()["findings"] as? [[String: Any]])
        let score = try XCTUnwrap(findings.first { $0["code"] as? String == "score-out-of-range" })
        XCTAssertEqual(score["file"] as? String, "data.yaml")
        XCTAssertEqual(score["field"] as? String, "scores.1")
        XCTAssertEqual(score["line"] as? Int, lineNumber(of: "  1: 98.10", in: Fixture.example))
        XCTAssertEqual(score["message"] as? String, "คะแนนต้องอยู่ระหว่าง 0 ถึง 100 แต่พบ 150")
        let english = try request("/api/render?lang=en", file: bad).json()
        XCTAssertTrue(((english["findings"] as? [[String: Any]]) ?? []).contains { $0["message"] as? String == "expected a score from 0 to 100, found 150" })
    }

    func testPreviewIsAPageAsPNG() throws {
        let reply = try request("/api/preview?page=2", file: Fixture.example)
        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.type, "image/png")
        XCTAssertEqual(Array(reply.body.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // 96 dpi: an A4 page is 794 × 1123 pixels (width and height at bytes 16–23 of the header).
        let size = reply.body.subdata(in: 16..<24).map { $0 }
        XCTAssertEqual(size, [0, 0, 0x03, 0x1A, 0, 0, 0x04, 0x63])
        let beyond = try request("/api/preview?page=99", file: Fixture.example)
        XCTAssertEqual(beyond.status, 422)
        XCTAssertTrue(beyond.text.contains("there is no page 99"), beyond.text)
        XCTAssertEqual(try request("/api/preview?page=x", file: Fixture.example).status, 400)
    }

    func testBatchGivesAZIPOfThePDFsAndTheManifest() throws {
        let batch = Fixture.root.appendingPathComponent("Examples/batch")
        let table = folder.appendingPathComponent("offices.csv")
        // The first three offices, and one whose score cannot be: it fails alone, named in the manifest.
        let lines = try String(contentsOf: batch.appendingPathComponent("offices.csv"), encoding: .utf8)
            .components(separatedBy: .newlines).filter { !$0.isEmpty }
        var rows = Array(lines.prefix(4))
        let header = rows[0].components(separatedBy: ","), firstScore = try XCTUnwrap(header.firstIndex(of: "scores.1"))
        var broken = rows[3].components(separatedBy: ",")
        broken[firstScore] = "150"
        rows[3] = broken.joined(separator: ",")
        try Data((rows.joined(separator: "\r\n") + "\r\n").utf8).write(to: table)
        let reply = try request("/api/batch", type: nil, extra: ["-F", "template=@\(batch.appendingPathComponent("template.yaml").path)",
                                                                 "-F", "table=@\(table.path)",
                                                                 "-F", "library=@\(batch.appendingPathComponent("analysis-library.yaml").path)"])
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(reply.type, "application/zip")
        let zip = folder.appendingPathComponent("batch.zip")
        try reply.body.write(to: zip)
        let listing = try runTool("unzip", ["-Z1", zip.path]).stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(listing.contains("manifest.json"), "\(listing)")
        XCTAssertEqual(listing.filter { $0.hasSuffix(".pdf") }.count, 2, "\(listing)")
        let manifest = try runTool("unzip", ["-p", zip.path, "manifest.json"]).stdout
        XCTAssertTrue(manifest.contains("score-out-of-range") || manifest.contains("0 ถึง 100"), manifest)

        let missing = try request("/api/batch", type: nil, extra: ["-F", "template=@\(batch.appendingPathComponent("template.yaml").path)"])
        XCTAssertEqual(missing.status, 400)
        XCTAssertTrue(missing.text.contains("template") && missing.text.contains("table"), missing.text)
        XCTAssertEqual(try request("/api/batch", file: Fixture.example).status, 415, "a batch is multipart")
        let garbage = folder.appendingPathComponent("garbage")
        try Data("--xyz\r\nContent-Disposition: form-data; name=\"template\"\r\n\r\nno end".utf8).write(to: garbage)
        let malformed = try request("/api/batch", file: garbage, type: "multipart/form-data; boundary=xyz")
        XCTAssertEqual(malformed.status, 400, malformed.text)
        XCTAssertEqual(try request("/api/batch", file: garbage, type: "multipart/form-data").status, 415, "no boundary")
        try Data("--xyz\r\nContent-Disposition: form-data; name=\"library\"; filename=\"../../etc/x.yaml\"\r\n\r\nx\r\n--xyz--\r\n".utf8).write(to: garbage)
        XCTAssertEqual(try request("/api/batch", file: garbage, type: "multipart/form-data; boundary=xyz").status, 400)
    }

    /// The page's other kind: a memo started from its starter, checked and rendered from the JSON the page sends.
    func testAMemoFromItsStarter() throws {
        let starter = try request("/api/starter?kind=memo", method: "GET", type: nil)
        XCTAssertEqual(starter.status, 200)
        let memo = folder.appendingPathComponent("memo.json")
        try starter.body.write(to: memo)
        XCTAssertEqual(try request("/api/check", file: memo, type: "application/json").json()["errors"] as? Int, 0)
        let pdf = try request("/api/render", file: memo, type: "application/json")
        XCTAssertEqual(pdf.status, 200)
        let file = folder.appendingPathComponent("memo.pdf")
        try pdf.body.write(to: file)
        XCTAssertTrue(try runTool("pdftotext", [file.path, "-"]).stdout.hasPrefix("บันทึกข้อความ"))
        XCTAssertEqual(try request("/api/starter?kind=novel", method: "GET", type: nil).status, 400)

        // With its emblem: the data names the image, the image goes with it as a part of its own.
        var withEmblem = try XCTUnwrap(try JSONSerialization.jsonObject(with: starter.body) as? [String: Any])
        withEmblem["emblem"] = "garuda.png"
        try JSONSerialization.data(withJSONObject: withEmblem).write(to: memo)
        let emblem = folder.appendingPathComponent("garuda.png")
        try makePNG(width: 120, height: 150, at: emblem)
        let form = ["-F", "data=@\(memo.path);type=application/json", "-F", "image=@\(emblem.path);type=image/png"]
        let drawn = try request("/api/render", type: nil, extra: form)
        XCTAssertEqual(drawn.status, 200, drawn.text)
        try drawn.body.write(to: file)
        let images = try runTool("pdfimages", ["-list", file.path]).stdout
        XCTAssertTrue(images.contains("120   150"), images)
        let missing = try request("/api/render", type: nil, extra: ["-F", "data=@\(memo.path);type=application/json"])
        XCTAssertEqual(missing.status, 422, "the emblem the data names was not sent: \(missing.text)")
        XCTAssertTrue(missing.text.contains("garuda.png"), missing.text)
        // A data file that names a file elsewhere on the server reads nothing from it.
        withEmblem["emblem"] = emblem.path
        try JSONSerialization.data(withJSONObject: withEmblem).write(to: memo)
        let outside = try request("/api/render", file: memo, type: "application/json")
        XCTAssertEqual(outside.status, 422, outside.text)
        XCTAssertTrue(outside.text.contains("\"code\" : \"file-outside-request\""), outside.text)
        XCTAssertFalse(outside.text.contains("saraban-web-"), "the request's own folder is not named in the answer: \(outside.text)")
    }

    /// Every kind can be started on the page: its starter checks clean and renders, and its schema (what the page
    /// offers to add) is the one `saraban schema` prints.
    func testEveryKindStartsRendersAndHasItsSchema() throws {
        for kind in ["ita-measures", "memo", "letter", "order", "announcement"] {
            let starter = try request("/api/starter?kind=\(kind)", method: "GET", type: nil)
            XCTAssertEqual(starter.status, 200, "\(kind): \(starter.text)")
            let data = folder.appendingPathComponent("\(kind).json")
            try starter.body.write(to: data)
            XCTAssertEqual(try request("/api/check", file: data, type: "application/json").json()["errors"] as? Int, 0, kind)
            let pdf = try request("/api/render", file: data, type: "application/json")
            XCTAssertEqual(pdf.status, 200, "\(kind): \(pdf.text)")
            XCTAssertTrue(pdf.body.starts(with: Data("%PDF-".utf8)), kind)

            let schema = try request("/api/schema?kind=\(kind)", method: "GET", type: nil)
            XCTAssertEqual(schema.status, 200, kind)
            let printed = try runTool(Fixture.binary.path, ["schema", "--kind", kind]).stdout
            XCTAssertEqual(schema.text.trimmingCharacters(in: .whitespacesAndNewlines), printed.trimmingCharacters(in: .whitespacesAndNewlines), kind)
        }
        XCTAssertEqual(try request("/api/schema?kind=novel", method: "GET", type: nil).status, 400)
    }

    /// The page names every field a data file may have in Thai and in English (texts.json): an official is never
    /// shown a field by its name in the file, and the fields a document may add are offered by these names.
    func testEveryFieldOfEveryKindHasANameOnThePage() throws {
        let textsFile = Fixture.root.appendingPathComponent("Sources/SarabanWeb/Page/texts.json")
        let texts = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: textsFile)) as? [String: [String: String]])
        for kind in ["ita-measures", "memo", "letter", "order", "announcement"] {
            let schema = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(runTool(Fixture.binary.path, ["schema", "--kind", kind]).stdout.utf8)))
            for name in Self.propertyNames(in: schema) {
                for language in ["th", "en"] {
                    let label = texts[language]?["field." + name] ?? ""
                    XCTAssertFalse(label.isEmpty, "\(kind): the field \(name) has no \(language) name in texts.json")
                }
            }
        }
    }

    /// The names of every object property a JSON Schema declares, at any depth.
    static func propertyNames(in node: Any) -> Set<String> {
        var names: Set<String> = []
        if let object = node as? [String: Any] {
            if let properties = object["properties"] as? [String: Any] { names.formUnion(properties.keys) }
            for value in object.values { names.formUnion(propertyNames(in: value)) }
        } else if let list = node as? [Any] {
            for value in list { names.formUnion(propertyNames(in: value)) }
        }
        return names
    }

    // MARK: Limits and bad requests

    func testLimitsAndBadRequestsAreRefusedAndTheServerGoesOn() throws {
        XCTAssertEqual(try request("/api/check", file: Fixture.example, type: "text/html").status, 415)
        let empty = folder.appendingPathComponent("empty.yaml")
        try Data().write(to: empty)
        XCTAssertEqual(try request("/api/render", file: empty).status, 400)
        let huge = folder.appendingPathComponent("huge.yaml")
        try Data(repeating: UInt8(ascii: "#"), count: 2 * 1024 * 1024 + 1).write(to: huge)
        let tooLarge = try request("/api/check", file: huge)
        XCTAssertEqual(tooLarge.status, 413)
        XCTAssertTrue(tooLarge.text.contains("ใหญ่เกิน 2 MB"), tooLarge.text)
        let bigTable = folder.appendingPathComponent("big.csv")
        try Data(repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024 + 1).write(to: bigTable)
        let template = Fixture.root.appendingPathComponent("Examples/batch/template.yaml")
        let tableRefused = try request("/api/batch", type: nil, extra: ["-F", "template=@\(template.path)", "-F", "table=@\(bigTable.path)"])
        XCTAssertEqual(tableRefused.status, 413, tableRefused.text)
        let notYAML = folder.appendingPathComponent("bad.yaml")
        try Data("agency: [unclosed\n".utf8).write(to: notYAML)
        let located = try request("/api/render", file: notYAML)
        XCTAssertEqual(located.status, 422, located.text)
        let syntax = try XCTUnwrap((try located.json()["findings"] as? [[String: Any]])?.first)
        XCTAssertEqual(syntax["code"] as? String, "yaml-syntax")
        XCTAssertEqual(syntax["file"] as? String, "data.yaml")
        XCTAssertEqual(syntax["line"] as? Int, 2, "located as the command line locates it")
        XCTAssertEqual(try request("/api/json", file: notYAML).status, 400)
        // Images: 5 MB each, and no more than 50 megapixels however small the file.
        let memoStarter = folder.appendingPathComponent("memo.json")
        var memo = try XCTUnwrap(try JSONSerialization.jsonObject(with: try request("/api/starter?kind=memo", method: "GET", type: nil).body) as? [String: Any])
        memo["emblem"] = "big.png"
        try JSONSerialization.data(withJSONObject: memo).write(to: memoStarter)
        let bigImage = folder.appendingPathComponent("big.png")
        try Data(repeating: 0, count: 5 * 1024 * 1024 + 1).write(to: bigImage)
        let imageRefused = try request("/api/render", type: nil, extra: ["-F", "data=@\(memoStarter.path)", "-F", "image=@\(bigImage.path)"])
        XCTAssertEqual(imageRefused.status, 413, imageRefused.text)
        var header: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        header += [0, 0, 0x27, 0x10, 0, 0, 0x27, 0x10, 8, 2, 0, 0, 0, 0, 0, 0, 0]  // 10,000 × 10,000: 100 megapixels
        try Data(header).write(to: bigImage)
        let pixels = try request("/api/render", type: nil, extra: ["-F", "data=@\(memoStarter.path)", "-F", "image=@\(bigImage.path)"])
        XCTAssertEqual(pixels.status, 422, pixels.text)
        XCTAssertTrue(pixels.text.contains("เกิน 50 ล้านพิกเซล"), pixels.text)
        XCTAssertEqual(try request("/nowhere", method: "GET", type: nil).status, 404)
        XCTAssertEqual(try request("/healthz", method: "GET", type: nil).status, 200, "still serving")
    }

    /// One render at a time and no queue: of four at once, those that find the slot taken get 503 with the Thai
    /// message at once; the server answers the rest and goes on. A render past the time limit is stopped.
    func testConcurrentRendersBeyondTheLimitGet503AndSlowOnesAreStopped() throws {
        let small = try Server(["--jobs", "1", "--queue", "0", "--time-limit", "1"])
        defer { small.stop() }
        let replies = ConcurrentReplies()
        let url = small.base + "/api/render", folder = folder!
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            replies.add(try? Self.request(url, file: Fixture.example, folder: folder))
        }
        let statuses = replies.all.map(\.status)
        XCTAssertTrue(statuses.contains(200), "\(statuses)")
        XCTAssertTrue(statuses.allSatisfy { $0 == 200 || $0 == 503 }, "\(statuses)")
        if let busy = replies.all.first(where: { $0.status == 503 }) {
            XCTAssertTrue(busy.text.contains("กรุณาลองใหม่"), busy.text)
        }
        // A data file whose layout takes well over a second (thousands of list items): stopped, 503, and said.
        var long = try String(contentsOf: Fixture.example, encoding: .utf8)
        let item = "      - บุคลากรของ{{agency.name}} ต้องเปิดเผยข้อมูลการดำเนินงานอย่างโปร่งใสและครบถ้วนทุกด้าน\n"
        long = long.replacingOccurrences(of: "    findings:\n", with: "    findings:\n" + String(repeating: item, count: 6000))
        let slow = folder.appendingPathComponent("slow.yaml")
        try Data(long.utf8).write(to: slow)
        let stopped = try request("/api/render", file: slow, on: small)
        XCTAssertEqual(stopped.status, 503, stopped.text)
        XCTAssertTrue(stopped.text.contains("time-limit"), stopped.text)
        XCTAssertEqual(try request("/healthz", method: "GET", type: nil, on: small).status, 200)
        XCTAssertEqual(try small.leftovers(), [])
    }

    // MARK: Signing

    /// The test PKI (Tests/make-test-pki.sh): rsa.p12 (password "secret"), and an NSS database trusting its root.
    func testPKI() throws -> URL {
        let pki = try Fixture.temporaryFolder()
        let made = try runTool("bash", [Fixture.root.appendingPathComponent("Tests/make-test-pki.sh").path, pki.path])
        XCTAssertEqual(made.status, 0, made.stderr)
        return pki
    }

    /// The page signs the PDF it gives, from the PKCS#12 file and password the official chooses, when it is served by
    /// the official's own machine: the signature valid in pdfsig, over the chosen signatory's block. A wrong password,
    /// a missing file and a server on a network address (which takes no key) are refused, and nothing stays behind.
    func testTheRenderSignsWithAPKCS12FileOnThisMachineOnly() throws {
        let pki = try testPKI()
        let p12 = pki.appendingPathComponent("rsa.p12").path
        func form(password: String, file: Bool = true, signer: Int = 1) -> [String] {
            ["-F", "data=@\(Fixture.example.path);type=application/yaml", "-F", "sign-password=\(password)", "-F", "sign-visible=1",
             "-F", "sign-signer=\(signer)", "-F", "sign-reason=อนุมัติ"] + (file ? ["-F", "sign-p12=@\(p12)"] : [])
        }
        let signed = try request("/api/render", type: nil, extra: form(password: "secret"))
        XCTAssertEqual(signed.status, 200, signed.text)
        XCTAssertEqual(signed.type, "application/pdf")
        let pdf = folder.appendingPathComponent("signed.pdf")
        try signed.body.write(to: pdf)
        let poppler = try runTool("pdfsig", ["-nssdir", "sql:" + pki.appendingPathComponent("nssdb").path, pdf.path])
        XCTAssertTrue(poppler.stdout.contains("Signature is Valid.") && poppler.stdout.contains("Certificate is Trusted."), poppler.stdout)
        // Visible, over the signatory's block: the widget's rectangle is the block's place, which the render records.
        let bytes = String(decoding: signed.body, as: UTF8.self)
        let block = try XCTUnwrap(bytes.range(of: #"saraban-signature-1 [0-9.]+ [0-9.]+"#, options: .regularExpression))
        let corner = bytes[block].split(separator: " ").dropFirst().joined(separator: " ")
        XCTAssertTrue(bytes.contains("/Rect [\(corner) "), "the signature's widget at \(corner)")

        let noBlock = try request("/api/render?lang=en", type: nil, extra: form(password: "secret", signer: 2))
        XCTAssertEqual(noBlock.status, 422)
        XCTAssertEqual((try noBlock.json()["error"] as? [String: Any])?["code"] as? String, "no-signature-block", noBlock.text)
        XCTAssertTrue(noBlock.text.contains("no signature block 2"), noBlock.text)

        let wrong = try request("/api/render?lang=en", type: nil, extra: form(password: "Secret"))
        XCTAssertEqual(wrong.status, 422)
        XCTAssertEqual((try wrong.json()["error"] as? [String: Any])?["code"] as? String, "wrong-password")
        // In Thai (the page's language), as saraban says it with --lang th; the request's folder is not named.
        let thai = try request("/api/render", type: nil, extra: form(password: "Secret"))
        let said = try XCTUnwrap(try thai.json()["error"] as? [String: Any])
        XCTAssertEqual(said["code"] as? String, "wrong-password")
        XCTAssertEqual(said["message"] as? String, "รหัสผ่านไม่ถูกต้อง จึงเปิดไฟล์ signer.p12 ไม่ได้")
        let noFile = try request("/api/render", type: nil, extra: form(password: "secret", file: false))
        XCTAssertEqual(noFile.status, 400, noFile.text)

        let network = try Server(["--host", "0.0.0.0"])
        defer { network.stop() }
        let refused = try request("/api/render", type: nil, extra: form(password: "secret"), on: network)
        XCTAssertEqual(refused.status, 403, refused.text)
        XCTAssertEqual((try refused.json()["error"] as? [String: Any])?["code"] as? String, "signing-not-here")
        let page = try request("/", method: "GET", type: nil, on: network).text
        XCTAssertFalse(page.contains("id=\"sign-p12\""), "a page served to a network asks for no key")
        XCTAssertTrue(try request("/", method: "GET", type: nil).text.contains("id=\"sign-p12\""), "the page on loopback offers signing")
        XCTAssertEqual(try network.leftovers(), [])
    }

    /// Whoever receives a PDF checks it on the page: its signature (valid against the root sent with it; intact but
    /// unverified without one; invalid once a byte is changed) and the data it carries, with the numbers on its pages.
    func testAReceivedPDFIsChecked() throws {
        let pki = try testPKI()
        let signed = folder.appendingPathComponent("received.pdf")
        let made = try runTool(Fixture.binary.path, ["render", Fixture.example.path, "-o", signed.path, "--embed-data",
                                                      "--p12", pki.appendingPathComponent("rsa.p12").path],
                               environment: ["SARABAN_SIGN_PASSWORD": "secret"])
        XCTAssertEqual(made.status, 0, made.stderr)
        func verdict(_ pdf: URL, trusted: Bool) throws -> [String: Any] {
            let reply = try request("/api/verify", type: nil, extra: ["-F", "pdf=@\(pdf.path)"]
                                        + (trusted ? ["-F", "trust=@\(pki.appendingPathComponent("root-cert.pem").path)"] : []))
            XCTAssertEqual(reply.status, 200, reply.text)
            return try reply.json()
        }
        let valid = try verdict(signed, trusted: true)
        let signatures = try XCTUnwrap(valid["signatures"] as? [String: Any])
        XCTAssertEqual(signatures["status"] as? Int, 0)
        XCTAssertTrue((signatures["report"] as? String)?.contains("Signature1: VALID") == true, "\(signatures)")
        XCTAssertTrue((signatures["report"] as? String)?.contains("ลายมือชื่อถูกต้อง") == true, "Thai by default: \(signatures)")
        let data = try XCTUnwrap(valid["data"] as? [String: Any], "the data the PDF carries, checked")
        XCTAssertEqual(data["errors"] as? Int, 0)
        XCTAssertEqual(data["file"] as? String, "document.pdf#ita-measures-tak2-2566.yaml")
        XCTAssertEqual((try verdict(signed, trusted: false)["signatures"] as? [String: Any])?["status"] as? Int, 2)

        var bytes = try Data(contentsOf: signed)
        let page = try XCTUnwrap(bytes.range(of: Data("/MediaBox".utf8)))
        bytes[page.lowerBound + 1] = UInt8(ascii: "N")
        let tampered = folder.appendingPathComponent("tampered.pdf")
        try bytes.write(to: tampered)
        XCTAssertEqual((try verdict(tampered, trusted: true)["signatures"] as? [String: Any])?["status"] as? Int, 1)
        XCTAssertEqual(try request("/api/verify", file: signed, type: "application/pdf").status, 415, "a PDF is sent as a form's file")
    }

    // MARK: In a real browser

    func testTheFormInABrowserFromLoadingToThePDF() throws {
        let script = Fixture.root.appendingPathComponent("Tests/tools/browser-test.py")
        let memo = Fixture.root.appendingPathComponent("Examples/memo-measures-approval.yaml")
        let pki = try testPKI()
        let result = try runTool("python3", [script.path, server.base + "/", Fixture.example.path, memo.path, folder.path,
                                             pki.appendingPathComponent("rsa.p12").path])
        XCTAssertEqual(result.status, 0, "make test installs chromium (apt) and playwright (pip): " + result.stdout + result.stderr)
        let signed = try runTool("pdfsig", ["-nssdir", "sql:" + pki.appendingPathComponent("nssdb").path,
                                            folder.appendingPathComponent("signed.pdf").path]).stdout
        XCTAssertTrue(signed.contains("Signature is Valid.") && signed.contains("Certificate is Trusted."), "signed on the page: \(signed)")
        let pdf = folder.appendingPathComponent("downloaded.pdf")
        let text = try runTool("pdftotext", ["-layout", pdf.path, "-"]).stdout
        XCTAssertTrue(text.contains("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต ๒") && text.contains("94.96"), text)
        let yaml = try String(contentsOf: folder.appendingPathComponent("downloaded.yaml"), encoding: .utf8)
        XCTAssertTrue(yaml.contains("name: สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2"), yaml)
        let kept = folder.appendingPathComponent("kept.yaml")
        try Data(yaml.utf8).write(to: kept)
        XCTAssertEqual(try runTool(Fixture.binary.path, ["check", kept.path]).status, 0, "the YAML the page saves is a data file saraban reads")

        // The letter the browser started from its starter, with the references it added from the page's chooser.
        let letter = try runTool("pdftotext", [folder.appendingPathComponent("letter.pdf").path, "-"]).stdout
        let words = letter.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(words.contains("เรียน เลขาธิการคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ"), letter)
        XCTAssertTrue(words.contains("อ้างถึง หนังสือสำนักงาน ป.ป.ช. ที่ ปช ๐๐๐๔/ว ๐๐๐๑ ลงวันที่ ๑ กุมภาพันธ์ ๒๕๖๗"), letter)
        XCTAssertTrue(words.contains("ขอแสดงความนับถือ"), letter)
        XCTAssertTrue(words.contains("๕ มีนาคม ๒๕๖๘"), "the date chosen on the page: \(letter)")
        XCTAssertTrue(letter.hasPrefix("ด่วนที่สุด"), "the urgency chosen on the page, in its mark at the top: \(letter)")

        // The memo with the measures report set in after it, from the report's data file the page sent with it.
        let memoPDF = folder.appendingPathComponent("memo.pdf")
        let memoText = try runTool("pdftotext", [memoPDF.path, "-"]).stdout
        XCTAssertTrue(memoText.hasPrefix("ลับ") && memoText.contains("บันทึกข้อความ"), memoText)
        XCTAssertTrue(memoText.contains("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน") && memoText.contains("94.96"), memoText)
        let pages = try runTool("pdfinfo", [memoPDF.path]).stdout
        XCTAssertTrue(pages.range(of: #"Pages:\s+11\n"#, options: .regularExpression) != nil, "the memo's page and the report's ten: \(pages)")
    }

    func lineNumber(of line: String, in file: URL) -> Int? {
        (try? String(contentsOf: file, encoding: .utf8))?.components(separatedBy: "\n").firstIndex(of: line).map { $0 + 1 }
    }
}

/// Replies gathered from concurrent requests.
final class ConcurrentReplies: @unchecked Sendable {
    private let lock = NSLock()
    private var replies: [WebTests.Reply] = []
    func add(_ reply: WebTests.Reply?) {
        guard let reply else { return }
        lock.lock(); replies.append(reply); lock.unlock()
    }
    var all: [WebTests.Reply] { lock.lock(); defer { lock.unlock() }; return replies }
}
