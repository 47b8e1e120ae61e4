import Foundation
import X509
import SwiftASN1
import Crypto

/// DER that is already encoded, so SwiftASN1 can sort it into a SET OF.
struct EncodedDER: DERSerializable {
    let bytes: [UInt8]
    func serialize(into coder: inout DER.Serializer) throws { coder.serializeRawBytes(bytes) }
}

enum OID {
    static let data: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 7, 1]
    static let signedData: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 7, 2]
    static let sha256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]
    static let sha256WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 11]
    static let ecdsaWithSHA256: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 2]
    static let contentType: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 3]
    static let messageDigest: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 4]
    static let signingTime: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 5]
    static let signingCertificateV2: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 16, 2, 47]
    static let signatureTimeStampToken: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 16, 2, 14]
    static let tstInfo: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 16, 1, 4]
}

/// Builds the CMS SignedData of a PAdES baseline signature (`ETSI.CAdES.detached`).
///
/// Detached (no encapsulated content), the signer's certificate and chain included, and the signed
/// attributes PAdES B-B asks for: content-type, message-digest and ESS signing-certificate-v2 — and no
/// signing-time, which PAdES forbids (the time is the signature dictionary's /M). For B-T, an RFC 3161
/// token over the signature value is added as the unsigned attribute signature-time-stamp-token.
struct CMSBuilder {
    let identity: SigningIdentity

    func signedData(digest: [UInt8], timestamp: ((_ signature: [UInt8]) throws -> [UInt8])? = nil) throws -> [UInt8] {
        let attributes = try signedAttributes(digest: digest)
        let signature = try identity.key.sign(bytes: attributes, signatureAlgorithm: identity.signatureAlgorithm).rawRepresentation
        let token = try timestamp?(signature)
        var out = DER.Serializer()
        try out.appendConstructedNode(identifier: .sequence) { info in
            try info.serialize(OID.signedData)
            try info.serialize(explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific) { explicit in
                try explicit.appendConstructedNode(identifier: .sequence) { signed in
                    try signed.serialize(1)
                    try signed.serializeSetOf([EncodedDER(bytes: try Self.algorithm(OID.sha256))])
                    try signed.appendConstructedNode(identifier: .sequence) { try $0.serialize(OID.data) }
                    try signed.serializeSetOf(try ([identity.certificate] + identity.chain).map { EncodedDER(bytes: try Self.der($0)) },
                                              identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific))
                    try signed.serializeSetOf([EncodedDER(bytes: try signerInfo(attributes: attributes, signature: signature, token: token))])
                }
            }
        }
        return out.serializedBytes
    }

    /// The signed attributes as DER with the universal SET tag: the bytes the signature covers.
    func signedAttributes(digest: [UInt8]) throws -> [UInt8] {
        var out = DER.Serializer()
        try out.serializeSetOf([
            EncodedDER(bytes: try Self.attribute(OID.contentType) { try $0.serialize(OID.data) }),
            EncodedDER(bytes: try Self.attribute(OID.messageDigest) { try $0.serialize(ASN1OctetString(contentBytes: digest[...])) }),
            EncodedDER(bytes: try Self.attribute(OID.signingCertificateV2) { try signingCertificateV2(into: &$0) }),
        ])
        return out.serializedBytes
    }

    /// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; the hash algorithm is SHA-256,
    /// the default, so it is omitted; issuerSerial names the certificate's issuer and serial number.
    func signingCertificateV2(into coder: inout DER.Serializer) throws {
        let certificateHash = Array(SHA256.hash(data: try Self.der(identity.certificate)))
        try coder.appendConstructedNode(identifier: .sequence) { value in
            try value.appendConstructedNode(identifier: .sequence) { certs in
                try certs.appendConstructedNode(identifier: .sequence) { id in
                    try id.serialize(ASN1OctetString(contentBytes: certificateHash[...]))
                    try id.appendConstructedNode(identifier: .sequence) { issuerSerial in
                        try issuerSerial.appendConstructedNode(identifier: .sequence) { names in
                            try names.serialize(explicitlyTaggedWithTagNumber: 4, tagClass: .contextSpecific) {
                                try $0.serialize(identity.certificate.issuer)
                            }
                        }
                        try issuerSerial.serialize(identity.certificate.serialNumber.bytes)
                    }
                }
            }
        }
    }

    func signerInfo(attributes: [UInt8], signature: [UInt8], token: [UInt8]?) throws -> [UInt8] {
        var out = DER.Serializer()
        try out.appendConstructedNode(identifier: .sequence) { info in
            try info.serialize(1)
            try info.appendConstructedNode(identifier: .sequence) { sid in
                try sid.serialize(identity.certificate.issuer)
                // swift-certificates keeps a serial as its magnitude (leading zeros dropped); serialised as an unsigned
                // INTEGER it gets back the 0x00 that a serial with its top bit set needs to stay positive. Written raw,
                // such a serial read as a negative number, and no other verifier found the signer's certificate.
                try sid.serialize(identity.certificate.serialNumber.bytes)
            }
            info.serializeRawBytes(try Self.algorithm(OID.sha256))
            // [0] IMPLICIT SET OF Attribute: the signed attributes with their SET tag replaced.
            info.serializeRawBytes([0xA0] + attributes.dropFirst())
            info.serializeRawBytes(identity.kind == .rsa ? try Self.algorithm(OID.sha256WithRSA, nullParameters: true)
                                                         : try Self.algorithm(OID.ecdsaWithSHA256))
            try info.serialize(ASN1OctetString(contentBytes: signature[...]))
            if let token {
                let attribute = try Self.attribute(OID.signatureTimeStampToken) { $0.serializeRawBytes(token) }
                try info.serializeSetOf([EncodedDER(bytes: attribute)], identifier: ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific))
            }
        }
        return out.serializedBytes
    }

    static func algorithm(_ oid: ASN1ObjectIdentifier, nullParameters: Bool = false) throws -> [UInt8] {
        var out = DER.Serializer()
        try out.appendConstructedNode(identifier: .sequence) { sequence in
            try sequence.serialize(oid)
            if nullParameters { try sequence.serialize(ASN1Null()) }
        }
        return out.serializedBytes
    }

    /// Attribute ::= SEQUENCE { attrType OID, attrValues SET OF value } with one value.
    static func attribute(_ oid: ASN1ObjectIdentifier, _ value: (inout DER.Serializer) throws -> Void) throws -> [UInt8] {
        var out = DER.Serializer()
        try out.appendConstructedNode(identifier: .sequence) { attribute in
            try attribute.serialize(oid)
            try attribute.appendConstructedNode(identifier: .set) { try value(&$0) }
        }
        return out.serializedBytes
    }

    static func der(_ certificate: Certificate) throws -> [UInt8] {
        var out = DER.Serializer()
        try out.serialize(certificate)
        return out.serializedBytes
    }
}
