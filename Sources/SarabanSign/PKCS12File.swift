import Foundation
import X509
import SwiftASN1
import SarabanFiles

/// A PKCS#12 file (.p12, .pfx): the form in which certificate authorities issue a signer's key with its certificates,
/// under a password. No Swift package here reads it, so it is opened by `openssl pkcs12`: the password goes to
/// openssl on its standard input (never on a command line, where other users could see it), and the key comes back
/// on its standard output into this process's memory; no unencrypted copy is ever written to a file.
enum PKCS12File {
    /// The key and the certificates of the file at `url`, as PEM text.
    static func pem(_ url: URL, password: String) throws -> String {
        let first = try openssl(url, password: password, legacy: false)
        if first.status == 0 { return first.output }
        // Files made by older tools (Windows, and many authorities) use RC2 or 3DES, which OpenSSL 3 keeps in its
        // legacy provider.
        if first.errors.contains("unsupported") || first.errors.contains("RC2") {
            let legacy = try openssl(url, password: password, legacy: true)
            if legacy.status == 0 { return legacy.output }
            throw problem(url, legacy.errors)
        }
        throw problem(url, first.errors)
    }

    static func problem(_ url: URL, _ errors: String) -> SigningError {
        if errors.contains("invalid password") || errors.contains("mac verify") || errors.contains("Mac verify") {
            return SigningError("the password does not open \(url.lastPathComponent)", code: "wrong-password",
                                thai: "รหัสผ่านไม่ถูกต้อง จึงเปิดไฟล์ \(url.lastPathComponent) ไม่ได้")
        }
        if errors.contains("asn1") || errors.contains("wrong tag") || errors.contains("not enough data") {
            return SigningError("\(url.lastPathComponent) is not a PKCS#12 (.p12/.pfx) file", code: "not-pkcs12",
                                thai: "ไฟล์ \(url.lastPathComponent) ไม่ใช่ไฟล์ลายมือชื่อดิจิทัล (.p12/.pfx)")
        }
        let said = errors.split(separator: "\n").first.map(String.init) ?? "no reason given"
        return SigningError("\(url.lastPathComponent) cannot be read as a PKCS#12 (.p12/.pfx) file: openssl says \(said)", code: "not-pkcs12",
                            thai: "อ่านไฟล์ \(url.lastPathComponent) เป็นไฟล์ลายมือชื่อดิจิทัล (.p12/.pfx) ไม่ได้ (openssl: \(said))")
    }

    static let opensslMissing = SigningError("reading a .p12 file needs openssl, which is not installed (apt-get install openssl)",
                                             code: "openssl-missing", thai: "ต้องติดตั้งโปรแกรม openssl ก่อน จึงจะอ่านไฟล์ .p12 ได้ (apt-get install openssl)")

    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
    }

    static func openssl(_ url: URL, password: String, legacy: Bool) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "pkcs12", "-in", url.path, "-nodes", "-passin", "stdin"] + (legacy ? ["-legacy"] : [])
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw opensslMissing
        }
        input.fileHandleForWriting.write(Data((password + "\n").utf8))
        try? input.fileHandleForWriting.close()
        let (text, said) = ChildOutput.read(output, errors)
        process.waitUntilExit()
        if process.terminationStatus == 127 { throw opensslMissing }
        return Outcome(status: process.terminationStatus, output: String(decoding: text, as: UTF8.self),
                       errors: String(decoding: said, as: UTF8.self))
    }
}

extension SigningIdentity {
    /// The signer in a PKCS#12 file: its private key, the certificate that key belongs to, and the file's other
    /// certificates (and those of `chainURL`) as the chain.
    ///
    /// The password is asked for only once the file is known to be there and readable: a mistyped path is said at
    /// once, not after the signer has typed a password for a file that does not exist.
    public static func load(pkcs12 url: URL, password: () throws -> String, chain chainURL: URL?) throws -> SigningIdentity {
        _ = try read(url, what: "PKCS#12 file")
        let documents = try PEMDocument.parseMultiple(pemString: try PKCS12File.pem(url, password: password()))
        guard let keyDocument = documents.first(where: { $0.discriminator.hasSuffix("PRIVATE KEY") }) else {
            throw SigningError("\(url.path) holds no private key", code: "no-private-key", thai: "ไฟล์ \(url.path) ไม่มีกุญแจส่วนตัว (private key)")
        }
        let key: Certificate.PrivateKey
        do {
            key = try Certificate.PrivateKey(pemDocument: keyDocument)
        } catch {
            throw SigningError("the private key in \(url.path) is of a kind saraban cannot sign with (RSA or ECDSA P-256)", code: "unsupported-key",
                               thai: "กุญแจในไฟล์ \(url.path) เป็นชนิดที่ saraban ลงนามไม่ได้ (ใช้ได้เฉพาะ RSA หรือ ECDSA P-256)")
        }
        let certificates = try documents.filter { $0.discriminator == "CERTIFICATE" }.map { try Certificate(derEncoded: $0.derBytes) }
        guard let leaf = certificates.first(where: { $0.publicKey == key.publicKey }) else {
            throw SigningError("\(url.path) holds no certificate for its private key", code: "no-certificate",
                               thai: "ไฟล์ \(url.path) ไม่มีใบรับรองของกุญแจส่วนตัวที่อยู่ในไฟล์")
        }
        let chain = certificates.filter { $0 != leaf } + (try chainURL.map(loadCertificates) ?? [])
        return try SigningIdentity(key: key, certificate: leaf, chain: chain)
    }
}
