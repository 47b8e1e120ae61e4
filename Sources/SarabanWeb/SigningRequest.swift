import Foundation

/// What the page sends to have the PDF it downloads signed (`sign-*` parts of the render's upload): the signer's
/// PKCS#12 file as the certificate authority issued it, its password, which signatory signs, whether the signature
/// shows over that signatory's block, and why. Signing is done only by a server on this machine's loopback (the
/// default): the file and its password then never leave the official's own machine. The file is written into the
/// request's own folder (mode 0700, removed when the request ends) and the password goes to the signing process
/// in its environment, never on a command line.
struct SigningRequest {
    var p12: Data
    var password: String
    var signer = 1
    var visible = false
    var reason: String?

    /// The signing parts taken out of `parts` (the rest are the document's files), or nil when there are none.
    static func take(from parts: inout [Multipart.Part]) throws -> SigningRequest? {
        let signing = parts.filter { $0.field.hasPrefix("sign-") }
        parts.removeAll { $0.field.hasPrefix("sign-") }
        guard !signing.isEmpty else { return nil }
        func text(_ field: String) -> String? {
            signing.first { $0.field == field }.map { String(decoding: $0.data, as: UTF8.self) }
        }
        guard let file = signing.first(where: { $0.field == "sign-p12" }), !file.data.isEmpty else {
            throw Refusal(.badRequest, "missing-part", th: "การลงนามต้องมีไฟล์ใบรับรองลายมือชื่อดิจิทัล (.p12 หรือ .pfx)",
                          en: "signing needs the signer's PKCS#12 file (.p12 or .pfx)")
        }
        var request = SigningRequest(p12: file.data, password: text("sign-password") ?? "")
        if let signer = text("sign-signer") {
            guard let number = Int(signer.trimmingCharacters(in: .whitespaces)), number >= 1 else {
                throw Refusal(.badRequest, "invalid-value", th: "ลำดับผู้ลงนามต้องเป็นตัวเลขตั้งแต่ 1 ขึ้นไป", en: "the signatory's number must be 1 or more")
            }
            request.signer = number
        }
        request.visible = ["1", "true", "on"].contains(text("sign-visible")?.lowercased() ?? "")
        request.reason = text("sign-reason").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        for part in signing where !["sign-p12", "sign-password", "sign-signer", "sign-visible", "sign-reason"].contains(part.field) {
            throw Refusal(.badRequest, "unknown-part", th: "ไม่รู้จักช่อง \"\(part.field)\"", en: "unknown field \"\(part.field)\"")
        }
        return request
    }

    /// The file written into the request's folder, readable by its owner only, and the render's signing options.
    func arguments(in folder: URL) throws -> [String] {
        let file = folder.appendingPathComponent("signer.p12")
        guard FileManager.default.createFile(atPath: file.path, contents: p12, attributes: [.posixPermissions: 0o600]) else {
            throw Refusal(.internalServerError, "cannot-write", th: "บันทึกไฟล์ชั่วคราวไม่ได้", en: "the temporary file could not be written")
        }
        return ["--p12", file.lastPathComponent, "--signer", String(signer)] + (visible ? ["--visible"] : [])
            + (reason.map { ["--reason", $0] } ?? [])
    }

    /// The password, for the signing process's environment only.
    var environment: [String: String] { ["SARABAN_SIGN_PASSWORD": password] }

    /// The render failed in signing: saraban printed the problem with its code (`saraban: error[wrong-password]: …`, or
    /// `ผิดพลาด[…]` in Thai, in the language the request asked for), which becomes the reply's code and message. The
    /// checks' findings (`file:3:5: error[code]: …`) are not signing problems: they are the form's, shown beside their
    /// fields. The request's folder is not named to the official.
    static func refusal(_ stderr: String, folder: URL) -> Refusal? {
        for line in stderr.split(separator: "\n") {
            for prefix in ["saraban: error[", "saraban: ผิดพลาด["] where line.hasPrefix(prefix) {
                let rest = line.dropFirst(prefix.count)
                guard let close = rest.range(of: "]: ") else { continue }
                let code = String(rest[..<close.lowerBound])
                let message = String(rest[close.upperBound...]).replacingOccurrences(of: folder.path + "/", with: "")
                return Refusal(.unprocessableContent, code, th: message, en: message)
            }
        }
        return nil
    }

    static let notHere = Refusal(.forbidden, "signing-not-here",
                                 th: "ลงนามได้เฉพาะเมื่อเปิดหน้านี้จากเครื่องของท่านเอง (saraban serve ที่ 127.0.0.1) เพื่อไม่ให้ไฟล์และรหัสผ่านออกจากเครื่อง ให้ดาวน์โหลด PDF แล้วลงนามด้วยคำสั่ง saraban sign",
                                 en: "signing is done only by a server on this machine's loopback (saraban serve on 127.0.0.1), so that the file and its password never leave the machine; download the PDF and sign it with saraban sign")
}
