import ArgumentParser
import Foundation
import SarabanSign
import SarabanFiles
import SarabanCheck

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every signature of a PDF: what it covers, its digest and signature, its time-stamp, its chain to a root.",
        discussion: """
        Each signature gets four judgments: integrity (digest and signature), the document after it (only signatures \
        added, or content changed), the signer's certificate (key usage, validity at the signing time), and trust (a chain \
        to a --trust root). Verdicts: VALID (all four hold); INTACT, SIGNER NOT VERIFIED (no --trust root was given); \
        INVALID. Exit status: 0 when every signature is VALID (or, with --no-trust, intact); 2 when the only thing \
        missing is a trust root; 1 when any signature is INVALID.
        """
    )

    @Argument(help: "The signed PDF.")
    var file: String

    @Option(help: "The root certificate(s) to trust (PEM). Without it no signature is called VALID.")
    var trust: String?

    @Flag(help: "Check integrity, later changes and the certificate only, knowing the signer is not verified: exit 0 when intact.")
    var noTrust = false

    @Option(help: "th adds, under each signature's verdict, what it means in Thai for the person who received the file (default: from LANG).")
    var lang: Finding.Language = .fromEnvironment

    func run() async throws {
        do {
            if noTrust && trust != nil { throw SigningError("--no-trust and --trust exclude each other", code: "conflicting-options") }
            let url = URL(fileURLWithPath: file)
            let data = try InputFile.read(url, what: "a PDF", limit: InputFile.pdfLimit)
            let roots = try trust.map { try SignatureVerifier.loadRoots(URL(fileURLWithPath: $0)) } ?? []
            let reports = try await SignatureVerifier(trustRoots: roots).verify(data, file: file)
            guard !reports.isEmpty else {
                throw SigningError("\(file) has no signature", code: "no-signature", thai: "ไฟล์ \(file) ไม่มีลายมือชื่อดิจิทัล")
            }
            for report in reports { print(Self.describe(report, fileSize: data.count, lang: lang)) }
            if reports.contains(where: { $0.verdict == .invalid }) { throw ExitCode(1) }
            if reports.contains(where: { $0.verdict == .intactSignerNotVerified }) && !noTrust {
                printError(lang == .th
                    ? "ไม่ได้ระบุใบรับรองหลักที่เชื่อถือ (--trust): เอกสารไม่ถูกแก้ไขหลังลงนาม แต่ยังไม่ได้ยืนยันตัวผู้ลงนาม (exit 2)"
                    : "no --trust root was given: the signatures are intact, but who signed is not verified (exit 2)")
                throw ExitCode(2)
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw reportFailure(error, language: lang)
        }
    }

    static func describe(_ report: SignatureReport, fileSize: Int, lang: Finding.Language = .en) -> String {
        var lines = ["\(report.field): \(report.verdict.rawValue)"]
        if lang == .th { lines.append("  สรุป: " + thaiSummary(report)) }
        lines.append("  signer: \(report.signer)")
        lines.append("  claimed time (/M): \(report.claimedTime ?? "none")")
        lines.append("  time-stamp: \(report.timestamp ?? "none")")
        lines.append("  profile: \(report.subFilter)")
        if report.byteRange.count == 4 {
            let r = report.byteRange
            lines.append("  byte range: [\(r[0]) \(r[1]) \(r[2]) \(r[3])] of \(fileSize) bytes")
        }
        lines.append("  integrity: \(report.isIntact ? "intact" : "BROKEN") (digest \(report.digestValid ? "matches" : "DOES NOT MATCH"), signature \(report.signatureValid ? "valid" : "INVALID"))")
        switch report.modification {
        case .none: lines.append("  after the signature: nothing; it covers the whole file")
        case .signaturesOnly(let bytes): lines.append("  after the signature: \(bytes) bytes that only add signatures or validation data, or bring the file's metadata up to date")
        case .contentChanged(let what): lines.append("  after the signature: CHANGED — \(what)")
        }
        lines.append("  certificate: \(report.certificateOK ? "" : "NOT FIT: ")\(report.certificateDetail)")
        for finding in report.pades { lines.append("  PAdES: \(finding)") }
        lines.append("  trust: \(report.chainTrusted.map { $0 ? "trusted: " : "NOT TRUSTED: " } ?? "")\(report.chainDetail)")
        for problem in report.problems { lines.append("  problem: \(problem)") }
        return lines.joined(separator: "\n")
    }

    /// The verdict in Thai words, with the first reason it fails: what the person who received the file needs.
    static func thaiSummary(_ report: SignatureReport) -> String {
        switch report.verdict {
        case .valid:
            return "ลายมือชื่อถูกต้อง เอกสารไม่ถูกแก้ไขหลังลงนาม และใบรับรองของผู้ลงนามออกโดยหน่วยงานที่เชื่อถือ"
        case .intactSignerNotVerified:
            return "เอกสารไม่ถูกแก้ไขหลังลงนาม แต่ยังไม่ได้ยืนยันตัวผู้ลงนาม (ระบุใบรับรองหลักที่เชื่อถือด้วย --trust)"
        case .invalid:
            if !report.isIntact { return "ใช้ไม่ได้: เนื้อหาที่ลงนามถูกแก้ไข หรือลายมือชื่อไม่ตรงกับใบรับรองของผู้ลงนาม" }
            if case .contentChanged = report.modification { return "ใช้ไม่ได้: เอกสารถูกแก้ไขหลังลงนาม สิ่งที่เห็นอาจไม่ใช่สิ่งที่ผู้ลงนามลงนามไว้" }
            if !report.certificateOK { return "ใช้ไม่ได้: ใบรับรองของผู้ลงนามใช้ลงนามเอกสารไม่ได้ หรือหมดอายุ ณ เวลาที่ลงนาม" }
            if report.chainTrusted == false { return "ใช้ไม่ได้: ใบรับรองของผู้ลงนามไม่ได้ออกโดยหน่วยงานที่เชื่อถือ" }
            return "ใช้ไม่ได้: " + (report.problems.first ?? "ตรวจลายมือชื่อไม่ผ่าน")
        }
    }
}
