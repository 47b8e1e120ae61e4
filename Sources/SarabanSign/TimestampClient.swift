import Foundation
import CHTTPPost
import SwiftASN1
import Crypto

/// An RFC 3161 time-stamp authority asked over HTTP: a TimeStampReq for the SHA-256 of the signature value,
/// the token of the granted TimeStampResp back.
struct TimestampClient {
    let url: URL

    func token(for signature: [UInt8]) throws -> [UInt8] {
        let response = try post(try request(for: signature))
        return try Self.token(fromResponse: response, url: url)
    }

    func request(for signature: [UInt8]) throws -> [UInt8] {
        let digest = Array(SHA256.hash(data: signature))
        let nonce = (0..<8).map { _ in UInt8.random(in: 0...255) }
        var out = DER.Serializer()
        try out.appendConstructedNode(identifier: .sequence) { request in
            try request.serialize(1)
            try request.appendConstructedNode(identifier: .sequence) { imprint in
                imprint.serializeRawBytes(try CMSBuilder.algorithm(OID.sha256))
                try imprint.serialize(ASN1OctetString(contentBytes: digest[...]))
            }
            request.appendPrimitiveNode(identifier: .integer) { $0 += [0x01] + nonce }
            try request.serialize(true)
        }
        return out.serializedBytes
    }

    func post(_ body: [UInt8]) throws -> [UInt8] {
        var answer = saraban_http_answer()
        defer { saraban_http_answer_free(&answer) }
        let sent = body.withUnsafeBufferPointer { bytes in
            saraban_http_post(url.absoluteString, "application/timestamp-query", bytes.baseAddress, bytes.count, 30, &answer)
        }
        guard sent == 0 else {
            let reason = withUnsafeBytes(of: answer.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw SigningError("the time-stamp server \(url) cannot be reached: \(reason)", code: "timestamp-failed",
                               thai: "ติดต่อเซิร์ฟเวอร์ประทับเวลา \(url) ไม่ได้ (\(reason)) ให้ลองใหม่ หรือลงนามโดยไม่ใช้ --tsa")
        }
        guard answer.status == 200 else {
            throw SigningError("the time-stamp server \(url) answered HTTP \(answer.status)", code: "timestamp-failed",
                               thai: "เซิร์ฟเวอร์ประทับเวลา \(url) ตอบ HTTP \(answer.status) ให้ลองใหม่ หรือลงนามโดยไม่ใช้ --tsa")
        }
        return Array(UnsafeBufferPointer(start: answer.body, count: answer.length))
    }

    /// TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo OPTIONAL }:
    /// the token when the status is granted (0) or granted with modifications (1).
    static func token(fromResponse bytes: [UInt8], url: URL) throws -> [UInt8] {
        let root = try DER.parse(bytes)
        guard case .constructed(let parts) = root.content else { throw SigningError("the time-stamp server \(url) sent no TimeStampResp") }
        var iterator = parts.makeIterator()
        guard let statusInfo = iterator.next(), case .constructed(let statusParts) = statusInfo.content,
              let statusNode = statusParts.first(where: { _ in true }) else { throw SigningError("the time-stamp response has no status") }
        let status = try Int(derEncoded: statusNode)
        guard status == 0 || status == 1 else {
            throw SigningError("the time-stamp server \(url) refused the request (status \(status))", code: "timestamp-failed",
                               thai: "เซิร์ฟเวอร์ประทับเวลา \(url) ปฏิเสธคำขอ (สถานะ \(status))")
        }
        guard let token = iterator.next() else { throw SigningError("the time-stamp server \(url) granted no token") }
        return Array(token.encodedBytes)
    }
}
