import Foundation
import X509
import SarabanFiles
import SwiftASN1
import Crypto
import _CryptoExtras

/// A signing problem the user can fix: which file, and what is wrong with it.
public struct SigningError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Who signs: the private key, its certificate, and the certificates between it and a root.
/// Nothing here ever prints or logs key material.
public struct SigningIdentity: Sendable {
    public let key: Certificate.PrivateKey
    public let certificate: Certificate
    public let chain: [Certificate]

    public enum KeyKind: Sendable { case rsa, ecdsaP256 }
    public let kind: KeyKind

    public init(key: Certificate.PrivateKey, certificate: Certificate, chain: [Certificate] = []) throws {
        guard key.publicKey == certificate.publicKey else {
            throw SigningError("the private key does not belong to the certificate (their public keys differ)")
        }
        self.key = key
        self.certificate = certificate
        self.chain = chain
        if let rsa = _RSA.Signing.PublicKey(certificate.publicKey) {
            guard rsa.keySizeInBits >= 2048 else {
                throw SigningError("the RSA key has \(rsa.keySizeInBits) bits; at least 2048 are required")
            }
            kind = .rsa
        } else if P256.Signing.PublicKey(certificate.publicKey) != nil {
            kind = .ecdsaP256
        } else {
            throw SigningError("the key is neither RSA (2048 bits or more) nor ECDSA P-256, which saraban signs with")
        }
    }

    public var signatureAlgorithm: Certificate.SignatureAlgorithm {
        kind == .rsa ? .sha256WithRSAEncryption : .ecdsaWithSHA256
    }

    /// The signer's name, for the signature dictionary and reports: the certificate's common name.
    public var commonName: String {
        for rdn in certificate.subject {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                return String(describing: attribute.value)
            }
        }
        return certificate.subject.description
    }

    /// Loads a key and certificates from PEM files. An encrypted key is refused with the command that converts it, and
    /// a PKCS#12 file with the option that reads it (`load(pkcs12:password:chain:)`).
    public static func load(key keyURL: URL, certificate certURL: URL, chain chainURL: URL?) throws -> SigningIdentity {
        let key = try loadKey(keyURL)
        let certificates = try loadCertificates(certURL)
        guard let leaf = certificates.first else { throw SigningError("\(certURL.path) holds no certificate") }
        let chain = try Array(certificates.dropFirst()) + (chainURL.map(loadCertificates) ?? [])
        return try SigningIdentity(key: key, certificate: leaf, chain: chain)
    }

    static func read(_ url: URL, what: String) throws -> Data {
        do {
            return try InputFile.read(url, what: "a \(what)", limit: InputFile.keyLimit)
        } catch {
            throw SigningError("cannot use the \(what): \(error)")
        }
    }

    static func loadKey(_ url: URL) throws -> Certificate.PrivateKey {
        let data = try read(url, what: "key file")
        guard let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN") else {
            if url.pathExtension.lowercased() == "p12" || url.pathExtension.lowercased() == "pfx" || data.first == 0x30 {
                throw SigningError("""
                \(url.path) is a PKCS#12 (.p12/.pfx) or DER file, not a PEM key: give it as --p12 \(url.lastPathComponent) \
                instead of --key and --cert (its password is asked for, or read from SARABAN_SIGN_PASSWORD)
                """)
            }
            throw SigningError("\(url.path) is not a PEM key file")
        }
        if text.contains("ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED") {
            throw SigningError("""
            the key in \(url.path) is encrypted with a password, which saraban does not read. Write an unencrypted copy \
            (openssl will ask for the password): openssl pkcs8 -topk8 -nocrypt -in \(url.lastPathComponent) -out key-plain.pem \
            — and keep it where only you can read it.
            """)
        }
        do {
            return try Certificate.PrivateKey(pemEncoded: text)
        } catch {
            throw SigningError("\(url.path) holds no private key saraban can read (PKCS#8, PKCS#1 RSA or SEC1 EC in PEM)")
        }
    }

    static func loadCertificates(_ url: URL) throws -> [Certificate] {
        let data = try read(url, what: "certificate file")
        guard let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN CERTIFICATE-----") else {
            throw SigningError("\(url.path) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
        do {
            return try PEMDocument.parseMultiple(pemString: text).filter { $0.discriminator == "CERTIFICATE" }
                .map { try Certificate(derEncoded: $0.derBytes) }
        } catch {
            throw SigningError("\(url.path): a certificate cannot be read (\(error))")
        }
    }

    /// The checks a signer must pass: valid at `time`, allowed to sign.
    public func check(at time: Date) throws {
        let formatter = ISO8601DateFormatter()
        if time < certificate.notValidBefore {
            throw SigningError("the certificate of \(commonName) is not valid before \(formatter.string(from: certificate.notValidBefore))")
        }
        if time > certificate.notValidAfter {
            throw SigningError("the certificate of \(commonName) expired on \(formatter.string(from: certificate.notValidAfter))")
        }
        if let usage = try? certificate.extensions.keyUsage, !usage.digitalSignature, !usage.nonRepudiation {
            throw SigningError("the certificate of \(commonName) may not sign documents: its key usage has neither digitalSignature nor nonRepudiation")
        }
    }
}
