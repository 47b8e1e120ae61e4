import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
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
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = "POST"
        request.setValue("application/timestamp-query", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body)
        let semaphore = DispatchSemaphore(value: 0)
        let box = ResultBox()
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.result = (data, response as? HTTPURLResponse, error)
            semaphore.signal()
        }.resume()
        semaphore.wait()
        guard let (data, response, error) = box.result else { throw SigningError("no answer from the time-stamp server \(url)") }
        if let error { throw SigningError("the time-stamp server \(url) cannot be reached: \(error.localizedDescription)") }
        guard let response, response.statusCode == 200, let data else {
            throw SigningError("the time-stamp server \(url) answered HTTP \((response?.statusCode).map(String.init) ?? "?")")
        }
        return [UInt8](data)
    }

    final class ResultBox: @unchecked Sendable {
        var result: (Data?, HTTPURLResponse?, Error?)?
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
        guard status == 0 || status == 1 else { throw SigningError("the time-stamp server \(url) refused the request (status \(status))") }
        guard let token = iterator.next() else { throw SigningError("the time-stamp server \(url) granted no token") }
        return Array(token.encodedBytes)
    }
}
