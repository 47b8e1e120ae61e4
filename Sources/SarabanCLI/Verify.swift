import ArgumentParser
import Foundation
import SarabanSign
import SarabanFiles

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

    func run() async throws {
        do {
            if noTrust && trust != nil { throw SigningError("--no-trust and --trust exclude each other") }
            let url = URL(fileURLWithPath: file)
            let data = try InputFile.read(url, what: "a PDF", limit: InputFile.pdfLimit)
            let roots = try trust.map { try SignatureVerifier.loadRoots(URL(fileURLWithPath: $0)) } ?? []
            let reports = try await SignatureVerifier(trustRoots: roots).verify(data, file: file)
            guard !reports.isEmpty else { throw SigningError("\(file) has no signature") }
            for report in reports { print(Self.describe(report, fileSize: data.count)) }
            if reports.contains(where: { $0.verdict == .invalid }) { throw ExitCode(1) }
            if reports.contains(where: { $0.verdict == .intactSignerNotVerified }) && !noTrust {
                printError("no --trust root was given: the signatures are intact, but who signed is not verified (exit 2)")
                throw ExitCode(2)
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw reportFailure(error)
        }
    }

    static func describe(_ report: SignatureReport, fileSize: Int) -> String {
        var lines = ["\(report.field): \(report.verdict.rawValue)"]
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
}
