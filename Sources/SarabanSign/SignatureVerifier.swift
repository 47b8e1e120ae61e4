import Foundation
import PDFSyntax
@_spi(FixedExpiryValidationTime) import X509
import SwiftASN1
import Crypto

/// What `saraban verify` finds about one signature, as four separate judgments (and the overall verdict):
/// integrity (the digest of the signed bytes and the signature over it), the document after the signature
/// (what later updates changed, in pyHanko's sense of modification levels), the signer's certificate (key usage
/// and validity at the signing time), and trust (a chain to a root the user named).
public struct SignatureReport: Sendable {
    public var field: String
    public var subFilter: String
    public var signer: String = "?"
    public var claimedTime: String?
    public var timestamp: String?
    public var byteRange: [Int] = []
    /// Bytes after the signed range, and what they do.
    public var appendedBytes = 0
    public var modification: Modification = .none
    public var digestValid = false
    public var signatureValid = false
    public var pades: [String] = []
    /// Whether the certificate may sign documents and was valid when it signed; the text says why not.
    public var certificateOK = false
    public var certificateDetail = ""
    /// nil: no trust root was given.
    public var chainTrusted: Bool?
    public var chainDetail = ""
    public var problems: [String] = []

    public enum Verdict: String, Sendable {
        /// Intact, nothing but signatures added after it, a certificate fit to sign, chained to a trusted root.
        case valid = "VALID"
        /// All that can be checked without a trust root holds; who signed is not established.
        case intactSignerNotVerified = "INTACT, SIGNER NOT VERIFIED"
        case invalid = "INVALID"
    }

    public var isIntact: Bool { digestValid && signatureValid }

    public var verdict: Verdict {
        guard problems.isEmpty, isIntact, modification.allowsTrust, certificateOK else { return .invalid }
        switch chainTrusted {
        case true?: return .valid
        case false?: return .invalid
        case nil: return .intactSignerNotVerified
        }
    }

    public var isValid: Bool { verdict == .valid }
}

/// Checks every signature of a PDF: the byte range, the digest of what it covers, the CMS signature over
/// the signed attributes, the PAdES attribute rules, what was appended after it, the certificate's key usage
/// and validity, a time-stamp token's imprint, and the chain to a root. It never says VALID without a root.
public struct SignatureVerifier {
    let roots: [Certificate]

    public init(trustRoots: [Certificate]) { self.roots = trustRoots }

    public static func loadRoots(_ url: URL) throws -> [Certificate] {
        try SigningIdentity.loadCertificates(url)
    }

    public func verify(_ data: Data, file: String) async throws -> [SignatureReport] {
        let bytes = [UInt8](data)
        let pdf = try PDFStructure(bytes, file: file)
        let catalog = try pdf.catalog()
        let fields = try pdf.resolve(try pdf.resolve(catalog["AcroForm"])?.dictionary?["Fields"])?.array ?? []
        var reports: [SignatureReport] = []
        for field in fields.prefix(1_000) {
            guard let dictionary = try pdf.resolve(field)?.dictionary, dictionary["FT"]?.name == "Sig",
                  let signature = try pdf.resolve(dictionary["V"])?.dictionary else { continue }
            let name = dictionary["T"]?.bytes.map { String(decoding: $0, as: UTF8.self) } ?? "?"
            var report = await verify(signature, field: name, bytes: bytes)
            if report.byteRange.count == 4 {
                report.modification = ModificationAnalysis(pdf: pdf, signedEnd: report.byteRange[2] + report.byteRange[3]).run()
                if case .contentChanged(let what) = report.modification { report.problems.append("the document was changed after this signature: \(what)") }
            }
            reports.append(report)
        }
        return reports
    }

    func verify(_ signature: PDFDictionary, field: String, bytes: [UInt8]) async -> SignatureReport {
        var report = SignatureReport(field: field, subFilter: signature["SubFilter"]?.name ?? "?")
        report.claimedTime = signature["M"]?.bytes.map { String(decoding: $0, as: UTF8.self) }
        guard let range = signature["ByteRange"]?.array?.compactMap(\.integer), range.count == 4,
              range[0] == 0, range[1] > 0, range[3] >= 0, range[1] < range[2], range[2] <= bytes.count, range[3] <= bytes.count - range[2],
              let contents = signature["Contents"]?.bytes else {
            report.problems.append("the signature has no usable /ByteRange or /Contents")
            return report
        }
        report.byteRange = range
        report.appendedBytes = bytes.count - (range[2] + range[3])
        // The gap must be exactly the /Contents hex string: nothing else may hide in the bytes the digest leaves out.
        if !Self.gapIsContents(bytes[range[1]..<range[2]], contents) {
            report.problems.append("the byte range leaves out more than the signature's /Contents")
        }
        if !Self.endsARevision(bytes[..<(range[2] + range[3])]) {
            report.problems.append("the signed bytes stop inside a revision of the file: its cross-reference table and trailer are not signed")
        }
        var hasher = SHA256()
        hasher.update(data: bytes[0..<range[1]])
        hasher.update(data: bytes[range[2]..<(range[2] + range[3])])
        let digest = Array(hasher.finalize())
        do {
            let cms = try SignedDataReader(Self.trimmed(contents))
            report.signer = cms.signerName
            report.digestValid = cms.messageDigest == digest
            if !report.digestValid { report.problems.append("the document's digest does not match the signed one: the signed bytes were changed") }
            report.signatureValid = cms.signatureIsValid
            if !report.signatureValid { report.problems.append("the CMS signature does not verify with the signer's certificate") }
            report.pades = cms.padesFindings
            if report.subFilter == "ETSI.CAdES.detached" {
                report.problems += cms.padesFindings.filter { $0.hasPrefix("missing") || $0.hasPrefix("forbidden") }
            }
            var validationTime = Self.date(fromPDF: report.claimedTime) ?? Date()
            if let token = cms.timestampToken {
                let stamp = try SignedDataReader(token)
                if let info = stamp.timestampInfo {
                    report.timestamp = info.time.map { ISO8601DateFormatter().string(from: $0) } ?? "?"
                    validationTime = info.time ?? validationTime
                    if info.imprint != Array(SHA256.hash(data: cms.signatureValue)) {
                        report.problems.append("the time-stamp token is not over this signature")
                    }
                }
                if !stamp.signatureIsValid || !stamp.digestOfContentMatches { report.problems.append("the time-stamp token's own signature does not verify") }
            }
            (report.certificateOK, report.certificateDetail) = Self.certificateFitness(cms.signerCertificate, at: validationTime)
            if !report.certificateOK { report.problems.append("the signer's certificate \(report.certificateDetail)") }
            if roots.isEmpty {
                report.chainDetail = "not checked: no --trust root given, so who signed is not established"
            } else {
                (report.chainTrusted, report.chainDetail) = await chain(cms, at: validationTime)
                if report.chainTrusted == false { report.problems.append("the signer's certificate does not chain to the trust root: \(report.chainDetail)") }
            }
        } catch {
            report.problems.append("the signature's CMS cannot be read: \(error)")
        }
        return report
    }

    /// A certificate fit to sign documents at `time`: valid then, and, where it states a key usage, allowed
    /// digitalSignature or nonRepudiation (the rule `saraban sign` applies before signing).
    static func certificateFitness(_ certificate: Certificate?, at time: Date) -> (Bool, String) {
        guard let certificate else { return (false, "is not in the signature") }
        let formatter = ISO8601DateFormatter()
        if time < certificate.notValidBefore { return (false, "was not yet valid at the signing time (from \(formatter.string(from: certificate.notValidBefore)))") }
        if time > certificate.notValidAfter { return (false, "had expired at the signing time (\(formatter.string(from: certificate.notValidAfter)))") }
        do {
            if let usage = try certificate.extensions.keyUsage, !usage.digitalSignature, !usage.nonRepudiation {
                return (false, "may not sign documents: its key usage has neither digitalSignature nor nonRepudiation")
            }
        } catch {
            return (false, "has a key usage extension that cannot be read")
        }
        return (true, "may sign documents, and was valid at the signing time")
    }

    func chain(_ cms: SignedDataReader, at time: Date) async -> (Bool, String) {
        guard let leaf = cms.signerCertificate else { return (false, "the signer's certificate is not in the signature") }
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) { RFC5280Policy(fixedExpiryValidationTime: time) }
        switch await verifier.validate(leaf: leaf, intermediates: CertificateStore(cms.certificates)) {
        case .validCertificate(let chain):
            return (true, chain.map { "\($0.subject)" }.joined(separator: " ← "))
        case .couldNotValidate(let failures):
            return (false, failures.first.map { "\($0.policyFailureReason)" } ?? "no chain to the root")
        }
    }

    /// Whether the signed bytes end where a revision does: at "%%EOF" and its line end, as every signer writes
    /// it. Signed bytes that stop short leave the revision's own table, and so its objects, to whoever appends.
    static func endsARevision(_ signed: ArraySlice<UInt8>) -> Bool {
        var end = signed.endIndex
        while end > signed.startIndex, [0x0A, 0x0D, 0x20, 0x09, 0x00].contains(signed[end - 1]) { end -= 1 }
        return signed[..<end].suffix(5).elementsEqual("%%EOF".utf8)
    }

    /// Whether the bytes a byte range leaves out are a hex string ("<…>", hex digits and white space only) whose
    /// value is the signature's /Contents.
    static func gapIsContents(_ gap: ArraySlice<UInt8>, _ contents: [UInt8]) -> Bool {
        guard gap.count >= 2, gap.first == 0x3C, gap.last == 0x3E else { return false }
        var digits: [UInt8] = []
        for byte in gap.dropFirst().dropLast() {
            switch byte {
            case 0x30...0x39: digits.append(byte - 0x30)
            case 0x41...0x46: digits.append(byte - 0x41 + 10)
            case 0x61...0x66: digits.append(byte - 0x61 + 10)
            case 0x00, 0x09, 0x0A, 0x0C, 0x0D, 0x20: continue
            default: return false
            }
        }
        if digits.count % 2 == 1 { digits.append(0) }
        let value = stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
        return value == contents
    }

    /// /Contents without the zeros that padded its reserved space.
    static func trimmed(_ contents: [UInt8]) throws -> [UInt8] {
        // The outer TLV's length says where the CMS ends.
        guard contents.count > 2, contents[0] == 0x30 else { throw SigningError("the signature's /Contents is not a DER SEQUENCE") }
        var length = Int(contents[1])
        var header = 2
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count <= 4, contents.count > 2 + count else { throw SigningError("the signature's length is damaged") }
            length = contents[2..<(2 + count)].reduce(0) { $0 << 8 | Int($1) }
            header += count
        }
        guard header + length <= contents.count else { throw SigningError("the signature is cut short") }
        return Array(contents[0..<(header + length)])
    }

    static func date(fromPDF text: String?) -> Date? {
        guard var text, text.hasPrefix("D:") else { return nil }
        text.removeFirst(2)
        let digits = String(text.prefix(14))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMddHHmmss"
        var zone = TimeZone(secondsFromGMT: 0)!
        let rest = text.dropFirst(14)
        if let sign = rest.first, sign == "+" || sign == "-" {
            let parts = rest.dropFirst().split(separator: "'").compactMap { Int($0) }
            let seconds = ((parts.first ?? 0) * 60 + (parts.dropFirst().first ?? 0)) * 60
            zone = TimeZone(secondsFromGMT: sign == "+" ? seconds : -seconds) ?? zone
        }
        formatter.timeZone = zone
        return formatter.date(from: digits)
    }
}

/// Reads a CMS SignedData (a PDF signature, or an RFC 3161 token) far enough to check it.
struct SignedDataReader {
    var certificates: [Certificate] = []
    var signerCertificate: Certificate?
    var messageDigest: [UInt8]?
    var signatureValue: [UInt8] = []
    var signatureIsValid = false
    var padesFindings: [String] = []
    var timestampToken: [UInt8]?
    var encapsulated: [UInt8]?
    var digestOfContentMatches = false
    var signerName: String { signerCertificate.map { "\($0.subject)" } ?? "?" }

    struct TimestampInfo { var time: Date?; var imprint: [UInt8] }
    var timestampInfo: TimestampInfo?

    init(_ bytes: [UInt8]) throws {
        let contentInfo = try DER.parse(bytes)
        let parts = Self.children(contentInfo)
        guard parts.count == 2, let explicit = Self.children(parts[1]).first else { throw SigningError("not a CMS ContentInfo") }
        let signedData = Self.children(explicit)
        guard signedData.count >= 4 else { throw SigningError("not a CMS SignedData") }
        var index = 3  // version, digestAlgorithms, encapContentInfo
        let encap = Self.children(signedData[2])
        if encap.count == 2, let octets = Self.children(encap[1]).first, case .primitive(let content) = octets.content {
            encapsulated = Array(content)
        }
        if index < signedData.count, signedData[index].identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
            certificates = Self.children(signedData[index]).compactMap { try? Certificate(derEncoded: Array($0.encodedBytes)) }
            index += 1
        }
        while index < signedData.count, signedData[index].identifier.tagClass == .contextSpecific { index += 1 }
        guard index < signedData.count, let signer = Self.children(signedData[index]).first else { throw SigningError("the CMS has no signer") }
        try read(signer: Self.children(signer))
        if let encapsulated, let info = try? Self.tstInfo(encapsulated) { timestampInfo = info }
    }

    /// The certificate a SignerInfo's identifier names:
    ///
    ///     SignerIdentifier ::= CHOICE { issuerAndSerialNumber IssuerAndSerialNumber,
    ///                                   subjectKeyIdentifier [0] SubjectKeyIdentifier }
    ///
    /// saraban names its signer the first way; time-stamp authorities use either.
    static func certificate(identifiedBy sid: ASN1Node, among certificates: [Certificate]) -> Certificate? {
        guard sid.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) else {
            return certificate(named: children(sid), among: certificates)
        }
        guard case .primitive(let keyIdentifier) = sid.content else { return nil }
        return certificates.first { candidate in
            guard let own = try? candidate.extensions.subjectKeyIdentifier else { return false }
            return own.keyIdentifier == keyIdentifier
        }
    }

    ///     IssuerAndSerialNumber ::= SEQUENCE { issuer Name, serialNumber CertificateSerialNumber (INTEGER) }
    ///
    /// Both must match. A serial is a positive INTEGER: one whose first content byte has its top bit set is negative
    /// and names no certificate, even where its bytes equal a certificate's serial without the leading 0x00.
    static func certificate(named sid: [ASN1Node], among certificates: [Certificate]) -> Certificate? {
        guard sid.count == 2, let issuer = try? DistinguishedName(derEncoded: sid[0]),
              case .primitive(let serial) = sid[1].content, sid[1].identifier == .integer,
              let first = serial.first, first & 0x80 == 0 else { return nil }
        let magnitude = Array(serial.drop { $0 == 0 })
        return certificates.first { $0.issuer == issuer && Array($0.serialNumber.bytes) == magnitude }
    }

    mutating func read(signer parts: [ASN1Node]) throws {
        // SignerInfo: version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature, [1] unsignedAttrs
        guard parts.count >= 6 else { throw SigningError("the CMS signer information is incomplete") }
        signerCertificate = Self.certificate(identifiedBy: parts[1], among: certificates)
        guard parts.count >= 6, parts[3].identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) else {
            throw SigningError("the signer has no signed attributes")
        }
        var signedAttributes = Array(parts[3].encodedBytes)
        signedAttributes[0] = 0x31  // the signature is over the SET OF, with its universal tag
        var types: [ASN1ObjectIdentifier] = []
        for attribute in Self.children(parts[3]) {
            let pieces = Self.children(attribute)
            guard pieces.count == 2, let type = try? ASN1ObjectIdentifier(derEncoded: pieces[0]) else { continue }
            types.append(type)
            let value = Self.children(pieces[1]).first
            if type == OID.messageDigest, let value, case .primitive(let digest) = value.content { messageDigest = Array(digest) }
            if type == OID.signingCertificateV2, let value, let signer = signerCertificate {
                let hash = Self.children(value).first.flatMap { Self.children($0).first }.flatMap { Self.children($0).first }
                if let hash, case .primitive(let bytes) = hash.content, let der = try? CMSBuilder.der(signer) {
                    padesFindings.append(Array(bytes) == Array(SHA256.hash(data: der))
                        ? "signing-certificate-v2 names the signer's certificate" : "missing: signing-certificate-v2 does not match the signer's certificate")
                }
            }
        }
        if !types.contains(OID.signingCertificateV2) { padesFindings.append("missing: the ESS signing-certificate-v2 attribute") }
        if types.contains(OID.signingTime) { padesFindings.append("forbidden: a signing-time attribute (PAdES puts the time in /M)") }
        else { padesFindings.append("no signing-time attribute, as PAdES requires") }
        guard case .primitive(let signature) = parts[5].content else { throw SigningError("the signature value is missing") }
        signatureValue = Array(signature)
        let algorithm = Self.children(parts[4]).first.flatMap { try? ASN1ObjectIdentifier(derEncoded: $0) }
        if let signer = signerCertificate, let algorithm {
            let signatureAlgorithm: Certificate.SignatureAlgorithm? =
                algorithm == OID.ecdsaWithSHA256 ? .ecdsaWithSHA256
                : (algorithm == OID.sha256WithRSA || algorithm == [1, 2, 840, 113549, 1, 1, 1]) ? .sha256WithRSAEncryption : nil
            if let signatureAlgorithm {
                signatureIsValid = signer.publicKey.isValidSignature(signatureValue, for: signedAttributes, signatureAlgorithm: signatureAlgorithm)
            }
        }
        if let encapsulated, let messageDigest { digestOfContentMatches = Array(SHA256.hash(data: encapsulated)) == messageDigest }
        if parts.count > 6 {
            for attribute in Self.children(parts[6]) {
                let pieces = Self.children(attribute)
                if pieces.count == 2, (try? ASN1ObjectIdentifier(derEncoded: pieces[0])) == OID.signatureTimeStampToken,
                   let token = Self.children(pieces[1]).first {
                    timestampToken = Array(token.encodedBytes)
                }
            }
        }
    }

    /// TSTInfo ::= SEQUENCE { version, policy, messageImprint, serialNumber, genTime, ... }
    static func tstInfo(_ bytes: [UInt8]) throws -> TimestampInfo {
        let parts = children(try DER.parse(bytes))
        guard parts.count >= 5 else { throw SigningError("not a TSTInfo") }
        let imprint = children(parts[2])
        var hashed: [UInt8] = []
        if imprint.count == 2, case .primitive(let bytes) = imprint[1].content { hashed = Array(bytes) }
        var time: Date?
        if case .primitive(let bytes) = parts[4].content {
            let text = String(decoding: bytes, as: UTF8.self)
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(secondsFromGMT: 0)
            formatter.dateFormat = "yyyyMMddHHmmss"
            time = formatter.date(from: String(text.prefix(14)))
        }
        return TimestampInfo(time: time, imprint: hashed)
    }

    static func children(_ node: ASN1Node) -> [ASN1Node] {
        if case .constructed(let nodes) = node.content { return Array(nodes) }
        return []
    }
}
