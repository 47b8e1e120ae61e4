import XCTest
@testable import SarabanSign
import X509
import SwiftASN1
@testable import SarabanCLI

/// Signing, checked by three independent verifiers: poppler's pdfsig (NSS), pyHanko, and `saraban verify`.
/// The test makes its own PKI (Tests/make-test-pki.sh) and its own time-stamp server (Tests/tsa-server.py).
final class SigningTests: XCTestCase {
    nonisolated(unsafe) static var pki: URL!
    nonisolated(unsafe) static var document: URL!

    override class func setUp() {
        super.setUp()
        do {
            pki = try Fixture.temporaryFolder()
            let script = Fixture.root.appendingPathComponent("Tests/make-test-pki.sh").path
            let made = try runTool("bash", [script, pki.path])
            precondition(made.status == 0, "the test PKI could not be made: \(made.stderr)")
            document = pki.appendingPathComponent("document.pdf")
            try RenderPipeline().render(Fixture.example, to: document)
        } catch {
            fatalError("signing fixtures: \(error)")
        }
    }

    func file(_ name: String) -> String { Self.pki.appendingPathComponent(name).path }

    func sign(_ input: String, _ output: String, key: String = "rsa-key.pem", cert: String = "rsa-cert.pem",
              _ extra: [String] = []) throws -> ToolResult {
        try runTool(Fixture.binary.path, ["sign", input, "-o", output, "--key", file(key), "--cert", file(cert)] + extra)
    }

    // MARK: The verifiers

    func pdfsig(_ pdf: String) throws -> String {
        let result = try runTool("pdfsig", ["-nssdir", "sql:" + file("nssdb"), pdf])
        return result.stdout + result.stderr
    }

    func pyhanko(_ pdf: String) throws -> ToolResult {
        try runTool("pyhanko", ["sign", "validate", "--executive-summary", "--trust", file("root-cert.pem"), "--trust-replace",
                                "--no-revocation-check", pdf])
    }

    func sarabanVerify(_ pdf: String) throws -> ToolResult {
        try runTool(Fixture.binary.path, ["verify", pdf, "--trust", file("root-cert.pem")])
    }

    /// Every verifier accepts every signature of `pdf`.
    func assertValid(_ pdf: String, signatures: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let poppler = try pdfsig(pdf)
        XCTAssertEqual(poppler.components(separatedBy: "Signature is Valid.").count - 1, signatures, poppler, file: file, line: line)
        XCTAssertEqual(poppler.components(separatedBy: "Certificate is Trusted.").count - 1, signatures, poppler, file: file, line: line)
        XCTAssertTrue(poppler.contains("Total document signed"), poppler, file: file, line: line)
        let hanko = try pyhanko(pdf)
        XCTAssertEqual(hanko.status, 0, hanko.stdout + hanko.stderr, file: file, line: line)
        XCTAssertEqual(hanko.stdout.components(separatedBy: ":VALID").count - 1, signatures, hanko.stdout, file: file, line: line)
        let own = try sarabanVerify(pdf)
        XCTAssertEqual(own.status, 0, own.stdout + own.stderr, file: file, line: line)
        XCTAssertEqual(own.stdout.components(separatedBy: ": VALID").count - 1, signatures, own.stdout, file: file, line: line)
        let check = try runTool("qpdf", ["--check", pdf])
        XCTAssertEqual(check.status, 0, check.stdout, file: file, line: line)
    }

    // MARK: Signing

    func testRSASignatureIsAcceptedByEveryVerifier() throws {
        let output = file("rsa.pdf")
        let result = try sign(Self.document.path, output, ["--reason", "อนุมัติ", "--location", "ตาก"])
        XCTAssertEqual(result.status, 0, result.stderr)
        try assertValid(output, signatures: 1)
        // An incremental update: the original is a prefix of the signed file, byte for byte.
        let original = try Data(contentsOf: Self.document), signed = try Data(contentsOf: URL(fileURLWithPath: output))
        XCTAssertEqual(signed.prefix(original.count), original)
    }

    func testECDSAP256Signature() throws {
        let output = file("ec.pdf")
        XCTAssertEqual(try sign(Self.document.path, output, key: "ec-key.pem", cert: "ec-cert.pem").status, 0)
        try assertValid(output, signatures: 1)
    }

    func testPKCS1KeyIsRead() throws {
        let output = file("pkcs1.pdf")
        XCTAssertEqual(try sign(Self.document.path, output, key: "rsa-key-pkcs1.pem").status, 0)
        XCTAssertEqual(try sarabanVerify(output).status, 0)
    }

    func testSecondSignerKeepsTheFirstValid() throws {
        let first = file("first.pdf"), second = file("second.pdf")
        XCTAssertEqual(try sign(Self.document.path, first, ["--reason", "ผู้รายงาน"]).status, 0)
        XCTAssertEqual(try sign(first, second, key: "ec-key.pem", cert: "ec-cert.pem", ["--reason", "ผู้อนุมัติ"]).status, 0)
        try assertValid(second, signatures: 2)
        let report = try sarabanVerify(second).stdout
        XCTAssertTrue(report.contains("bytes that only add signatures or validation data, or bring the file's metadata up to date"), report)
        XCTAssertTrue(report.contains("nothing; it covers the whole file"), report)
    }

    func testAFlippedByteIsCaughtByEveryVerifier() throws {
        let signed = file("flip-source.pdf"), tampered = file("flipped.pdf")
        XCTAssertEqual(try sign(Self.document.path, signed).status, 0)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: signed)))
        // A byte inside the first page's text stream: the file still parses, its content differs.
        let stream = try XCTUnwrap(bytes.firstRange(of: Array("stream\n".utf8), from: 2000))
        bytes[stream.upperBound + 40] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: tampered))
        let poppler = try pdfsig(tampered)
        XCTAssertFalse(poppler.contains("Signature is Valid."), poppler)
        XCTAssertNotEqual(try pyhanko(tampered).status, 0)
        let own = try sarabanVerify(tampered)
        XCTAssertNotEqual(own.status, 0)
        XCTAssertTrue(own.stdout.contains("digest DOES NOT MATCH"), own.stdout)
    }

    // MARK: Verdicts compared with pyHanko's

    /// saraban's verdict and exit status, and whether pyHanko (with the same root) accepts the file.
    func verdicts(_ pdf: String, trust: Bool = true) throws -> (own: ToolResult, hankoAccepts: Bool) {
        let own = try runTool(Fixture.binary.path, ["verify", pdf] + (trust ? ["--trust", file("root-cert.pem")] : []))
        return (own, try pyhanko(pdf).status == 0)
    }

    func forge(_ arguments: [String]) throws {
        let made = try runTool("python3", [Fixture.root.appendingPathComponent("Tests/forge.py").path] + arguments)
        XCTAssertEqual(made.status, 0, made.stderr)
    }

    func testCertificateWithoutSigningKeyUsageIsInvalidAsInPyHanko() throws {
        // pyHanko signs it when told to skip its own key-usage check; sign refuses the same certificate.
        try forge(["sign-anyway", Self.document.path, file("nosign-signed.pdf"), file("nosign-key.pem"), file("nosign-cert.pem")])
        let (own, hankoAccepts) = try verdicts(file("nosign-signed.pdf"))
        XCTAssertFalse(hankoAccepts)
        XCTAssertEqual(own.status, 1, own.stdout)
        XCTAssertTrue(own.stdout.contains(": INVALID"), own.stdout)
        XCTAssertTrue(own.stdout.contains("neither digitalSignature nor nonRepudiation"), own.stdout)
    }

    func testSelfSignedImpostorIsNeverValid() throws {
        // A certificate that carries the real signer's name, made by nobody the user trusts.
        let made = try runTool("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", file("impostor-key.pem"),
                                           "-out", file("impostor-cert.pem"), "-days", "30", "-subj", "/C=TH/O=saraban test/CN=Test rsa",
                                           "-addext", "keyUsage=critical,digitalSignature,nonRepudiation"])
        XCTAssertEqual(made.status, 0, made.stderr)
        XCTAssertEqual(try sign(Self.document.path, file("impostor.pdf"), key: "impostor-key.pem", cert: "impostor-cert.pem").status, 0)
        let untrusted = try verdicts(file("impostor.pdf"), trust: false)
        XCTAssertEqual(untrusted.own.status, 2, untrusted.own.stdout)
        XCTAssertTrue(untrusted.own.stdout.contains(": INTACT, SIGNER NOT VERIFIED"), untrusted.own.stdout)
        XCTAssertFalse(untrusted.own.stdout.contains(": VALID"), untrusted.own.stdout)
        let explicit = try runTool(Fixture.binary.path, ["verify", file("impostor.pdf"), "--no-trust"])
        XCTAssertEqual(explicit.status, 0, explicit.stdout)
        XCTAssertFalse(explicit.stdout.contains(": VALID"), explicit.stdout)
        let trusted = try verdicts(file("impostor.pdf"))
        XCTAssertFalse(trusted.hankoAccepts)
        XCTAssertEqual(trusted.own.status, 1, trusted.own.stdout)
        XCTAssertTrue(trusted.own.stdout.contains("NOT TRUSTED"), trusted.own.stdout)
    }

    func testPageChangedAfterSigningIsInvalidAsInPyHanko() throws {
        XCTAssertEqual(try sign(Self.document.path, file("to-change.pdf")).status, 0)
        try forge(["change-page", file("to-change.pdf"), file("changed.pdf")])
        let (own, hankoAccepts) = try verdicts(file("changed.pdf"))
        XCTAssertFalse(hankoAccepts)
        XCTAssertEqual(own.status, 1, own.stdout)
        XCTAssertTrue(own.stdout.contains("integrity: intact"), own.stdout)
        XCTAssertTrue(own.stdout.contains("after the signature: CHANGED"), own.stdout)
        XCTAssertTrue(own.stdout.contains("/Contents"), own.stdout)
    }

    /// The "sneaky signature": an unsigned signature field whose appearance paints over the signed page. pyHanko's
    /// policy passes it as form filling; nobody attests the appearance, so saraban says CHANGED. A signed field's
    /// own appearance repainted, or its signature dictionary given a new time and reason, is CHANGED too.
    func testAnUnsignedSignatureFieldPaintingOverThePageIsAChange() throws {
        XCTAssertEqual(try sign(Self.document.path, file("to-overlay.pdf")).status, 0)
        try forge(["sneaky", file("to-overlay.pdf"), file("sneaky.pdf")])
        let sneaky = try sarabanVerify(file("sneaky.pdf"))
        XCTAssertEqual(sneaky.status, 1, sneaky.stdout)
        XCTAssertTrue(sneaky.stdout.contains("integrity: intact"), sneaky.stdout)
        XCTAssertTrue(sneaky.stdout.contains("after the signature: CHANGED — an unsigned signature field with a visible appearance"), sneaky.stdout)
        XCTAssertFalse(sneaky.stdout.contains(": VALID"), sneaky.stdout)
        // In Thai, for the person who received the file: what the verdict means.
        let thai = try runTool(Fixture.binary.path, ["verify", file("sneaky.pdf"), "--trust", file("root-cert.pem"), "--lang", "th"])
        XCTAssertTrue(thai.stdout.contains("สรุป: ใช้ไม่ได้: เอกสารถูกแก้ไขหลังลงนาม"), thai.stdout)
        let valid = try runTool(Fixture.binary.path, ["verify", file("to-overlay.pdf"), "--trust", file("root-cert.pem"), "--lang", "th"])
        XCTAssertTrue(valid.stdout.contains("สรุป: ลายมือชื่อถูกต้อง"), valid.stdout)
        // A signature's own dictionary given a new time and reason in an update.
        try forge(["redate", file("to-overlay.pdf"), file("redated.pdf")])
        let redated = try sarabanVerify(file("redated.pdf"))
        XCTAssertEqual(redated.status, 1, redated.stdout)
        XCTAssertTrue(redated.stdout.contains("(its time, reason or signer's name) was changed after signing"), redated.stdout)
        // A new catalog, with a page of its own, named by the trailer of an update: another document altogether.
        try forge(["replace-root", file("to-overlay.pdf"), file("new-root.pdf")])
        XCTAssertTrue(try runTool("pdftotext", [file("new-root.pdf"), "-"]).stdout.contains("A different document"))
        let replaced = try verdicts(file("new-root.pdf"))
        XCTAssertFalse(replaced.hankoAccepts)
        XCTAssertEqual(replaced.own.status, 1, replaced.own.stdout)
        XCTAssertTrue(replaced.own.stdout.contains("the trailer's /Root names another catalog"), replaced.own.stdout)
        try forge(["repaint-signature", file("to-overlay.pdf"), file("repainted.pdf")])
        let repainted = try sarabanVerify(file("repainted.pdf"))
        XCTAssertEqual(repainted.status, 1, repainted.stdout)
        XCTAssertTrue(repainted.stdout.contains("already signed, was changed after signing"), repainted.stdout)
    }

    /// Objects written after the file's last %%EOF are in no cross-reference table, but a viewer that rebuilds a
    /// damaged file would find them: CHANGED. White space there (a line end added in transit) is nothing.
    func testBytesAfterTheLastEndOfFile() throws {
        XCTAssertEqual(try sign(Self.document.path, file("ends.pdf")).status, 0)
        XCTAssertEqual(try sign(file("ends.pdf"), file("ends2.pdf"), key: "ec-key.pem", cert: "ec-cert.pem").status, 0)
        let signed = try Data(contentsOf: URL(fileURLWithPath: file("ends2.pdf")))
        try (signed + Data("5 0 obj\n<< /Length 8 >>\nstream\nBT ET q\nendstream\nendobj\n".utf8)).write(to: URL(fileURLWithPath: file("tail.pdf")))
        let tail = try sarabanVerify(file("tail.pdf"))
        XCTAssertEqual(tail.status, 1, tail.stdout)
        XCTAssertTrue(tail.stdout.contains("follow the file's last %%EOF"), tail.stdout)
        XCTAssertFalse(tail.stdout.contains(": VALID"), tail.stdout)
        try (signed + Data("\r\n\n".utf8)).write(to: URL(fileURLWithPath: file("newline.pdf")))
        let newline = try sarabanVerify(file("newline.pdf"))
        XCTAssertEqual(newline.status, 0, newline.stdout)
        XCTAssertEqual(newline.stdout.components(separatedBy: ": VALID").count - 1, 2, newline.stdout)
    }

    /// What other tools append after a saraban signature and pyHanko accepts keeps it VALID: an empty field for the
    /// next signer (its appearance draws nothing), and pyHanko's own second signature, which also brings the
    /// document information's /ModDate and /Producer and the XMP metadata up to date.
    func testAnEmptyFieldAndAPyHankoSecondSignatureKeepTheFirstValid() throws {
        XCTAssertEqual(try sign(Self.document.path, file("first.pdf")).status, 0)
        try forge(["empty-field", file("first.pdf"), file("with-field.pdf")])
        let withField = try verdicts(file("with-field.pdf"))
        XCTAssertTrue(withField.hankoAccepts)
        XCTAssertEqual(withField.own.status, 0, withField.own.stdout)
        XCTAssertTrue(withField.own.stdout.contains("Signature1: VALID"), withField.own.stdout)
        try forge(["sign", file("first.pdf"), file("second-by-hanko.pdf"), file("ec-key.pem"), file("ec-cert.pem")])
        try assertValid(file("second-by-hanko.pdf"), signatures: 2)
        let own = try sarabanVerify(file("second-by-hanko.pdf")).stdout
        XCTAssertTrue(own.contains("or bring the file's metadata up to date"), own)
    }

    /// The bytes a byte range leaves out must be the /Contents hex string and nothing else: no object, no second
    /// string, may hide in what the digest does not cover; and the signed bytes must end a revision.
    func testTheGapIsExactlyTheContents() {
        func gap(_ text: String) -> ArraySlice<UInt8> { Array(text.utf8)[...] }
        XCTAssertTrue(SignatureVerifier.gapIsContents(gap("<0A1b00>"), [0x0A, 0x1B, 0x00]))
        XCTAssertTrue(SignatureVerifier.gapIsContents(gap("<0A 1b\n00>"), [0x0A, 0x1B, 0x00]))
        XCTAssertFalse(SignatureVerifier.gapIsContents(gap("<0A1b> <00>"), [0x0A, 0x1B, 0x00]))
        XCTAssertFalse(SignatureVerifier.gapIsContents(gap("<0A1b>>"), [0x0A, 0x1B]))
        XCTAssertFalse(SignatureVerifier.gapIsContents(gap("<</Type /Annot>>"), []))
        XCTAssertFalse(SignatureVerifier.gapIsContents(gap("<0A1C>"), [0x0A, 0x1B]))
        // The signed bytes end a revision, its table and trailer included.
        XCTAssertTrue(SignatureVerifier.endsARevision(gap("1 0 obj\n<<>>\nendobj\nstartxref\n9\n%%EOF\n")))
        XCTAssertTrue(SignatureVerifier.endsARevision(gap("startxref\n9\n%%EOF")))
        XCTAssertFalse(SignatureVerifier.endsARevision(gap("1 0 obj\n<<>>\nendobj\n")))
    }

    func testCrossReferenceStreamsSignedByPyHankoAreRead() throws {
        let compressed = file("xref-stream.pdf")
        XCTAssertEqual(try runTool("qpdf", ["--object-streams=generate", Self.document.path, compressed]).status, 0)
        XCTAssertTrue(try Data(contentsOf: URL(fileURLWithPath: compressed)).range(of: Data("/XRef".utf8)) != nil)
        try forge(["sign", compressed, file("hanko-signed.pdf"), file("rsa-key.pem"), file("rsa-cert.pem")])
        let (own, hankoAccepts) = try verdicts(file("hanko-signed.pdf"))
        XCTAssertTrue(hankoAccepts)
        XCTAssertEqual(own.status, 0, own.stdout + own.stderr)
        XCTAssertTrue(own.stdout.contains("Forged: VALID"), own.stdout)
    }

    func testDamagedCrossReferenceIsAnErrorNotACrash() throws {
        var bytes = [UInt8](try Data(contentsOf: Self.document))
        let marker = try XCTUnwrap(bytes.lastRange(of: Array("startxref".utf8)))
        bytes.replaceSubrange(marker.upperBound..<bytes.count, with: Array("\n99999999999\n%%EOF\n".utf8))
        try Data(bytes).write(to: URL(fileURLWithPath: file("damaged.pdf")))
        for command in [["verify", file("damaged.pdf")], ["sign", file("damaged.pdf"), "-o", file("damaged-signed.pdf"),
                                                          "--key", file("rsa-key.pem"), "--cert", file("rsa-cert.pem")]] {
            let result = try runTool(Fixture.binary.path, command)
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("startxref does not point into the file"), result.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: file("damaged-signed.pdf")))
    }

    func testTimestampedSignature() throws {
        let portFile = file("tsa-port")
        try? FileManager.default.removeItem(atPath: portFile)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", Fixture.root.appendingPathComponent("Tests/tsa-server.py").path, portFile,
                            file("tsa-cert.pem"), file("tsa-key.pem"), file("root-cert.pem"), file("tsa.cnf")]
        server.currentDirectoryURL = Self.pki
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        var port = ""
        for _ in 0..<100 where port.isEmpty {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)) ?? ""
            usleep(50_000)
        }
        XCTAssertFalse(port.isEmpty, "the time-stamp server did not start")
        let output = file("timestamped.pdf")
        let result = try sign(Self.document.path, output, ["--tsa", "http://127.0.0.1:\(port)/"])
        XCTAssertEqual(result.status, 0, result.stderr)
        try assertValid(output, signatures: 1)
        let report = try sarabanVerify(output).stdout
        XCTAssertFalse(report.contains("time-stamp: none"), report)
        XCTAssertTrue(try cmsAttributes(output).contains("unsigned: signature_time_stamp_token"))
    }

    /// A time-stamp server that does not answer: said in words, and no signed file is left half-made.
    func testUnreachableTimestampServer() throws {
        let output = file("untimestamped.pdf")
        try? FileManager.default.removeItem(atPath: output)
        let result = try sign(Self.document.path, output, ["--tsa", "http://127.0.0.1:1/"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("the time-stamp server http://127.0.0.1:1/ cannot be reached"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
    }

    /// The signer is named by issuer and serial number as every verifier reads them. The test signer's serial has its
    /// top bit set (0xC9…): the signature names it with the 0x00 that keeps it positive (pdfsig and pyHanko find the
    /// certificate: the other signing tests), and saraban's verifier finds a certificate only by its issuer and its
    /// positive serial, never by the bare bytes of a serial written as a negative INTEGER.
    func testTheSignerIsNamedByIssuerAndPositiveSerial() throws {
        let certificate = try Certificate(pemEncoded: String(contentsOfFile: file("rsa-cert.pem"), encoding: .utf8))
        let other = try Certificate(pemEncoded: String(contentsOfFile: file("ec-cert.pem"), encoding: .utf8))
        XCTAssertEqual(certificate.serialNumber.bytes.first, 0xC9)
        func sid(issuer: DistinguishedName, serial: (inout DER.Serializer) throws -> Void) throws -> [ASN1Node] {
            var out = DER.Serializer()
            try out.appendConstructedNode(identifier: .sequence) { try $0.serialize(issuer); try serial(&$0) }
            return SignedDataReader.children(try DER.parse(out.serializedBytes))
        }
        let positive = try sid(issuer: certificate.issuer) { try $0.serialize(certificate.serialNumber.bytes) }
        XCTAssertEqual(positive[1].encodedBytes.prefix(3), [0x02, 0x14, 0x00], "INTEGER, 20 bytes, a leading zero")
        XCTAssertEqual(SignedDataReader.certificate(named: positive, among: [other, certificate]), certificate)
        let negative = try sid(issuer: certificate.issuer) { coder in
            coder.appendPrimitiveNode(identifier: .integer) { $0 += certificate.serialNumber.bytes }
        }
        XCTAssertNil(SignedDataReader.certificate(named: negative, among: [other, certificate]), "a negative serial names no certificate")
        let elsewhere = try sid(issuer: certificate.subject) { try $0.serialize(certificate.serialNumber.bytes) }
        XCTAssertNil(SignedDataReader.certificate(named: elsewhere, among: [other, certificate]), "the issuer must match too")
        // A CMS whose signer is named by its subject key identifier (as some time-stamp authorities write theirs).
        let content = file("ski-content.txt"), cms = file("ski.der")
        try Data("ตราประทับเวลา".utf8).write(to: URL(fileURLWithPath: content))
        let made = try runTool("openssl", ["cms", "-sign", "-binary", "-nodetach", "-keyid", "-md", "sha256", "-in", content,
                                           "-signer", file("ec-cert.pem"), "-inkey", file("ec-key.pem"), "-outform", "DER", "-out", cms])
        XCTAssertEqual(made.status, 0, made.stderr)
        let byKey = try SignedDataReader(Array(try Data(contentsOf: URL(fileURLWithPath: cms))))
        XCTAssertEqual(byKey.signerCertificate, other)
        XCTAssertTrue(byKey.signatureIsValid && byKey.digestOfContentMatches)
    }

    /// The PAdES rules, read with asn1crypto (pyHanko's parser): content-type, message-digest and
    /// signing-certificate-v2 signed; no signing-time.
    func testPAdESAttributeRules() throws {
        let output = file("attributes.pdf")
        XCTAssertEqual(try sign(Self.document.path, output).status, 0)
        let attributes = try cmsAttributes(output)
        XCTAssertTrue(attributes.contains("signed: content_type"), attributes)
        XCTAssertTrue(attributes.contains("signed: message_digest"), attributes)
        XCTAssertTrue(attributes.contains("signed: signing_certificate_v2"), attributes)
        XCTAssertFalse(attributes.contains("signing_time"), attributes)
        XCTAssertTrue(attributes.contains("subfilter: /ETSI.CAdES.detached"), attributes)
        XCTAssertTrue(attributes.contains("ess matches: True"), attributes)
    }

    func cmsAttributes(_ pdf: String) throws -> String {
        let script = """
        import sys, hashlib
        from pyhanko.pdf_utils.reader import PdfFileReader
        from asn1crypto import cms, tsp
        names = {'1.2.840.113549.1.9.16.2.47': 'signing_certificate_v2', '1.2.840.113549.1.9.16.2.14': 'signature_time_stamp_token'}
        def name(attribute):
            return names.get(attribute['type'].dotted, attribute['type'].native)
        reader = PdfFileReader(open(sys.argv[1], 'rb'))
        for field in reader.root['/AcroForm']['/Fields']:
            sig = field.get_object()['/V']
            print('subfilter:', sig['/SubFilter'])
            content = cms.ContentInfo.load(bytes(sig['/Contents']))
            signer = content['content']['signer_infos'][0]
            for attribute in signer['signed_attrs']:
                print('signed:', name(attribute))
            for attribute in (signer['unsigned_attrs'] if signer['unsigned_attrs'].native else []):
                print('unsigned:', name(attribute))
            certificate = content['content']['certificates'][0].chosen
            ess = [a for a in signer['signed_attrs'] if name(a) == 'signing_certificate_v2'][0]
            value = tsp.SigningCertificateV2.load(ess['values'][0].dump())
            cert_hash = value['certs'][0]['cert_hash'].native
            print('ess matches:', cert_hash == hashlib.sha256(certificate.dump()).digest())
        """
        let result = try runTool("python3", ["-c", script, pdf])
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    // MARK: Visible signatures and the one-step render

    func testVisibleSignatureOverTheSignatorysBlock() throws {
        let output = file("visible.pdf")
        XCTAssertEqual(try sign(Self.document.path, output, ["--visible", "--signer", "1"]).status, 0)
        try assertValid(output, signatures: 1)
        let box = try XCTUnwrap(try SignatureBoxes.box(for: 1, in: Data(contentsOf: Self.document)))
        let widget = try runTool("python3", ["-c", """
            import sys
            from pyhanko.pdf_utils.reader import PdfFileReader
            r = PdfFileReader(open(sys.argv[1], 'rb'))
            w = r.root['/AcroForm']['/Fields'][0].get_object()
            print([round(float(v), 1) for v in w['/Rect']], '/AP' in w)
            """, output]).stdout
        let expected = [box.rect.x, box.rect.y, box.rect.x + box.rect.width, box.rect.y + box.rect.height].map { ($0 * 10).rounded() / 10 }
        XCTAssertEqual(widget.trimmingCharacters(in: .whitespacesAndNewlines), "\(expected) True")
        let missing = try sign(Self.document.path, file("nobox.pdf"), ["--visible", "--signer", "5"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("no signature block 5"), missing.stderr)
    }

    func testRenderAndSignInOneStep() throws {
        let output = file("rendered-signed.pdf")
        let result = try runTool(Fixture.binary.path, ["render", "-q", Fixture.example.path, "-o", output,
                                                       "--sign-key", file("ec-key.pem"), "--sign-cert", file("ec-cert.pem"), "--visible"])
        XCTAssertEqual(result.status, 0, result.stderr)
        try assertValid(output, signatures: 1)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: Self.pki.path).filter { $0.hasSuffix(".tmp") }, [])
    }

    // MARK: What is refused, and how

    func testBadInputsAreRefusedWithoutOutput() throws {
        let notPDF = file("not.pdf")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notPDF))
        assertRefused(try sign(notPDF, file("o1.pdf")), saying: "error[not-a-pdf]: \(notPDF) is not a PDF", madeNothingAt: URL(fileURLWithPath: file("o1.pdf")))
        // verify says the same, and in Thai where Thai is asked for; so does a file that is not there.
        let verified = try runTool(Fixture.binary.path, ["verify", notPDF, "--lang", "th"])
        XCTAssertEqual(verified.status, 1)
        XCTAssertTrue(verified.stderr.contains("ผิดพลาด[not-a-pdf]: ไฟล์ \(notPDF) ไม่ใช่ไฟล์ PDF"), verified.stderr)
        let absent = try runTool(Fixture.binary.path, ["verify", file("absent.pdf"), "--lang", "th"])
        XCTAssertEqual(absent.status, 1)
        XCTAssertTrue(absent.stderr.contains("ผิดพลาด[file-not-found]: \(file("absent.pdf")): ไม่พบไฟล์"), absent.stderr)

        let encrypted = file("encrypted.pdf")
        XCTAssertEqual(try runTool("qpdf", ["--encrypt", "u", "o", "256", "--", Self.document.path, encrypted]).status, 0)
        assertRefused(try sign(encrypted, file("o2.pdf")), saying: "error[encrypted-pdf]", madeNothingAt: URL(fileURLWithPath: file("o2.pdf")))

        let streams = file("xref-streams.pdf")
        XCTAssertEqual(try runTool("qpdf", ["--object-streams=generate", Self.document.path, streams]).status, 0)
        assertRefused(try sign(streams, file("o3.pdf")), saying: "cross-reference stream", madeNothingAt: URL(fileURLWithPath: file("o3.pdf")))

        assertRefused(try sign(Self.document.path, file("o4.pdf"), ["--reserve", "2048"]), saying: "hex digits but 2048 are reserved",
                      madeNothingAt: URL(fileURLWithPath: file("o4.pdf")))
        for absurd in ["200", "2000000000"] {
            assertRefused(try sign(Self.document.path, file("o4.pdf"), ["--reserve", absurd]), saying: "--reserve expects 2048 to 262144",
                          madeNothingAt: URL(fileURLWithPath: file("o4.pdf")))
        }
        assertRefused(try sign(Self.document.path, file("o5.pdf"), key: "expired-key.pem", cert: "expired-cert.pem"),
                      saying: "error[certificate-expired]: the certificate of", madeNothingAt: URL(fileURLWithPath: file("o5.pdf")))
        assertRefused(try sign(Self.document.path, file("o6.pdf"), key: "nosign-key.pem", cert: "nosign-cert.pem"),
                      saying: "neither digitalSignature nor nonRepudiation", madeNothingAt: URL(fileURLWithPath: file("o6.pdf")))
        assertRefused(try sign(Self.document.path, file("o7.pdf"), key: "rsa-key-encrypted.pem"),
                      saying: "openssl pkcs8 -topk8 -nocrypt", madeNothingAt: URL(fileURLWithPath: file("o7.pdf")))
        assertRefused(try sign(Self.document.path, file("o8.pdf"), key: "rsa.p12"), saying: "give it as --p12 rsa.p12", madeNothingAt: URL(fileURLWithPath: file("o8.pdf")))
        assertRefused(try sign(Self.document.path, file("o9.pdf"), key: "ec-key.pem"), saying: "does not belong to the certificate",
                      madeNothingAt: URL(fileURLWithPath: file("o9.pdf")))
    }

    /// A PKCS#12 file as certificate authorities issue it, its password from the environment (as the web page gives
    /// it): a modern one, and an older one (RC2 and 3DES, OpenSSL 3's legacy provider) with the chain inside and a Thai
    /// password. A wrong or missing password is refused, and nothing is written.
    func testPKCS12FileSigns() throws {
        func signP12(_ p12: String, _ output: String, password: String?) throws -> ToolResult {
            try runTool(Fixture.binary.path, ["sign", Self.document.path, "-o", file(output), "--p12", file(p12)],
                        environment: password.map { ["SARABAN_SIGN_PASSWORD": $0] } ?? [:])
        }
        let signed = try signP12("rsa.p12", "p12.pdf", password: "secret")
        XCTAssertEqual(signed.status, 0, signed.stderr)
        try assertValid(file("p12.pdf"), signatures: 1)
        let legacy = try runTool("openssl", ["pkcs12", "-export", "-legacy", "-in", file("rsa-cert.pem"), "-inkey", file("rsa-key.pem"),
                                             "-certfile", file("root-cert.pem"), "-out", file("legacy.p12"), "-passout", "pass:รหัสผ่าน๒๕๖๗"])
        XCTAssertEqual(legacy.status, 0, legacy.stderr)
        XCTAssertEqual(try signP12("legacy.p12", "p12-legacy.pdf", password: "รหัสผ่าน๒๕๖๗").status, 0)
        try assertValid(file("p12-legacy.pdf"), signatures: 1)
        // Said with its code (scripts and the web page go by it), and in Thai where LANG is Thai.
        assertRefused(try signP12("rsa.p12", "p12-wrong.pdf", password: "Secret"),
                      saying: "saraban: error[wrong-password]: the password does not open rsa.p12",
                      madeNothingAt: URL(fileURLWithPath: file("p12-wrong.pdf")))
        let thai = try runTool(Fixture.binary.path, ["sign", Self.document.path, "-o", file("p12-wrong.pdf"), "--p12", file("rsa.p12")],
                               environment: ["SARABAN_SIGN_PASSWORD": "Secret", "LANG": "th_TH.UTF-8"])
        XCTAssertTrue(thai.stderr.contains("saraban: ผิดพลาด[wrong-password]: รหัสผ่านไม่ถูกต้อง จึงเปิดไฟล์ rsa.p12 ไม่ได้"), thai.stderr)
        let asked = try runTool(Fixture.binary.path, ["sign", Self.document.path, "-o", file("p12-wrong.pdf"), "--p12", file("rsa.p12"), "--lang", "th"],
                                environment: ["SARABAN_SIGN_PASSWORD": "Secret", "LANG": "C.UTF-8"])
        XCTAssertTrue(asked.stderr.contains("ผิดพลาด[wrong-password]"), "--lang th: \(asked.stderr)")
        let missing = try runTool(Fixture.binary.path, ["sign", Self.document.path, "-o", file("p12-none.pdf"), "--p12", file("rsa.p12")])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("error[password-needed]") && missing.stderr.contains("set SARABAN_SIGN_PASSWORD"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: file("p12-none.pdf")))
        // A mistyped file is said before any password is asked for.
        let mistyped = try runTool(Fixture.binary.path, ["sign", Self.document.path, "-o", file("p12-none.pdf"), "--p12", file("rsa.p21")])
        XCTAssertNotEqual(mistyped.status, 0)
        XCTAssertTrue(mistyped.stderr.contains("error[unreadable-file]") && mistyped.stderr.contains("rsa.p21: no such file"), mistyped.stderr)
        XCTAssertFalse(mistyped.stderr.contains("password"), mistyped.stderr)
    }

    func testNoKeyMaterialIsPrinted() throws {
        let key = try String(contentsOfFile: file("rsa-key.pem"), encoding: .utf8)
        let body = key.components(separatedBy: "\n").dropFirst().first ?? "?"
        for result in [try sign(Self.document.path, file("quiet.pdf")), try sign(Self.document.path, file("o10.pdf"), ["--reserve", "100"])] {
            XCTAssertFalse((result.stdout + result.stderr).contains(body))
        }
    }

    func testVerifyRejectsAFileWithoutSignatures() throws {
        let result = try runTool(Fixture.binary.path, ["verify", Self.document.path])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("has no signature"), result.stderr)
    }
}
