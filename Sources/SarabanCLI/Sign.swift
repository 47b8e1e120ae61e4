import ArgumentParser
import Foundation
import SarabanFiles
import SarabanSign
import SarabanITA
import SarabanCheck

/// Options a signer gives, shared by `sign` and `render --sign-key`.
struct SigningOptions: ParsableArguments {
    @Option(name: [.customLong("key"), .customLong("sign-key")], help: "The signer's private key (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC; not encrypted).")
    var key: String?

    @Option(name: [.customLong("cert"), .customLong("sign-cert")], help: "The signer's certificate (PEM); more certificates after it count as the chain.")
    var cert: String?

    @Option(name: [.customLong("p12"), .customLong("sign-p12")],
            help: "Instead of --key and --cert: the signer's key and certificates in one PKCS#12 file (.p12 or .pfx, as certificate authorities issue them). Its password is read from SARABAN_SIGN_PASSWORD, or asked for on the terminal.")
    var p12: String?

    @Option(help: "Certificates between the signer and the root (PEM).")
    var chain: String?

    @Option(help: "Why the document is signed (for example: อนุมัติ).")
    var reason: String?

    @Option(help: "Where it is signed.")
    var location: String?

    @Option(help: "How to reach the signer.")
    var contact: String?

    @Option(help: "Which signatory of the document this signature is (from 1): its block holds a visible signature.")
    var signer: Int = 1

    @Flag(help: "Show the signature over the signatory's block (otherwise the signature is invisible).")
    var visible = false

    @Option(help: "An RFC 3161 time-stamp server (PAdES B-T).")
    var tsa: String?

    @Option(help: "Hex digits to reserve for the signature (default 16384, or 32768 with --tsa).")
    var reserve: Int?

    var isRequested: Bool { key != nil || cert != nil || p12 != nil }

    func identity() throws -> SigningIdentity {
        if let p12 {
            guard key == nil, cert == nil else {
                throw SigningError("give either --p12 or --key and --cert, not both", code: "conflicting-options",
                                   thai: "ให้ใช้ --p12 หรือ --key กับ --cert อย่างใดอย่างหนึ่ง ไม่ใช่ทั้งสองอย่าง")
            }
            try checkReserve()
            return try SigningIdentity.load(pkcs12: URL(fileURLWithPath: p12), password: { try Self.password(for: p12) },
                                            chain: chain.map { URL(fileURLWithPath: $0) })
        }
        guard let key, let cert else {
            throw SigningError("signing needs both --key (or --sign-key) and --cert (or --sign-cert), or --p12", code: "missing-option",
                               thai: "การลงนามต้องมีทั้ง --key และ --cert หรือใช้ --p12 กับไฟล์ลายมือชื่อดิจิทัล")
        }
        try checkReserve()
        return try SigningIdentity.load(key: URL(fileURLWithPath: key), certificate: URL(fileURLWithPath: cert),
                                        chain: chain.map { URL(fileURLWithPath: $0) })
    }

    /// The password of a PKCS#12 file: from the environment (a script, or the web page's request), or typed on the
    /// terminal without being shown; never an option, which other users of the machine could read.
    static func password(for file: String) throws -> String {
        if let given = EnvironmentVariable.value("SARABAN_SIGN_PASSWORD") { return given }
        guard isatty(STDIN_FILENO) != 0, let typed = getpass("Password of \(URL(fileURLWithPath: file).lastPathComponent) (รหัสผ่าน): ") else {
            throw SigningError("the password of \(file) is needed: set SARABAN_SIGN_PASSWORD, or run saraban in a terminal to be asked for it",
                               code: "password-needed",
                               thai: "ต้องใช้รหัสผ่านของไฟล์ \(file): ตั้งค่า SARABAN_SIGN_PASSWORD หรือเรียก saraban ในหน้าต่างคำสั่งเพื่อพิมพ์รหัสผ่าน")
        }
        let password = String(cString: typed)
        // A batch's worker processes (--processes) open the file too: they inherit it, asked for once.
        setenv("SARABAN_SIGN_PASSWORD", password, 1)
        return password
    }

    /// A CMS with a long chain and a time-stamp token is under 20 KB (40,000 hex digits); far more is a typo
    /// that would write hundreds of megabytes of zeros.
    static let reserveRange = 2_048...262_144

    func checkReserve() throws {
        if let reserve, !Self.reserveRange.contains(reserve) {
            throw SigningError("--reserve expects \(Self.reserveRange.lowerBound) to \(Self.reserveRange.upperBound) hex digits, found \(reserve)",
                               code: "invalid-option")
        }
    }

    func options(for pdf: Data, time: Date) throws -> SignatureOptions {
        try checkReserve()
        var options = SignatureOptions(reason: reason, location: location, contact: contact, time: time,
                                       timestampURL: try tsa.map { text in
                                           guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
                                               throw SigningError("--tsa expects an http(s) address, found \(text)", code: "invalid-option")
                                           }
                                           return url
                                       }, reservedHexDigits: reserve)
        if visible {
            guard let box = try SignatureBoxes.box(for: signer, in: pdf) else {
                throw SigningError("the PDF has no signature block \(signer) (made by saraban render); sign without --visible, or choose another --signer",
                                   code: "no-signature-block",
                                   thai: "PDF นี้ไม่มีช่องลงนามของผู้ลงนามลำดับที่ \(signer) ให้ลงนามแบบไม่แสดงบนหน้า หรือเลือกผู้ลงนามคนอื่น")
            }
            options.visible = box
        }
        return options
    }

    /// Signs `input` into `output`, whole or not at all.
    func sign(_ input: URL, to output: URL, as identity: SigningIdentity? = nil) throws {
        let data = try InputFile.read(input, what: "PDF", limit: InputFile.pdfLimit)
        try AtomicFile.write(try signed(data, file: input.path, as: identity ?? self.identity()), to: output, inputs: [input])
    }

    /// `pdf` signed, in memory.
    func signed(_ pdf: Data, file: String, as identity: SigningIdentity) throws -> Data {
        try PDFSigner(identity: identity).sign(pdf, file: file, options: options(for: pdf, time: Date()))
    }
}

struct Sign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a PDF (PAdES baseline B-B, or B-T with --tsa) by an incremental update.",
        discussion: "Not one byte of the input changes: the signature is appended. Sign a signed file again for a second signer."
    )

    @Argument(help: "The PDF to sign.")
    var file: String

    @Option(name: .shortAndLong, help: "Where to write the signed PDF (a folder gets the input's name inside it; never the input itself).")
    var output: String

    @OptionGroup var signing: SigningOptions

    @Option(help: "The language of messages: th or en (default: from LANG).")
    var lang: Finding.Language = .fromEnvironment

    func run() throws {
        do {
            let input = URL(fileURLWithPath: file)
            let target = try OutputPath.resolve(output, input: input, pathExtension: "pdf")
            try signing.sign(input, to: target)
            print("signed \(target.path)")
        } catch {
            throw reportFailure(error, language: lang)
        }
    }
}
