import ArgumentParser
import Foundation
import SarabanSign
import SarabanFiles

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every signature of a PDF: what it covers, its digest and signature, its time-stamp, its chain to a root.",
        discussion: "Exit status 0 when every signature is valid (and, with --trust, trusted); 1 otherwise."
    )

    @Argument(help: "The signed PDF.")
    var file: String

    @Option(help: "The root certificate(s) to trust (PEM). Without it the chain is not checked.")
    var trust: String?

    func run() async throws {
        do {
            let url = URL(fileURLWithPath: file)
            let data = try InputFile.read(url, what: "a PDF", limit: InputFile.pdfLimit)
            let roots = try trust.map { try SignatureVerifier.loadRoots(URL(fileURLWithPath: $0)) } ?? []
            let reports = try await SignatureVerifier(trustRoots: roots).verify(data, file: file)
            guard !reports.isEmpty else { throw SigningError("\(file) has no signature") }
            for report in reports { print(Self.describe(report, fileSize: data.count)) }
            if reports.contains(where: { !$0.isValid }) { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw reportFailure(error)
        }
    }

    static func describe(_ report: SignatureReport, fileSize: Int) -> String {
        var lines = ["\(report.field): \(report.isValid ? "VALID" : "INVALID")"]
        lines.append("  signer: \(report.signer)")
        lines.append("  claimed time (/M): \(report.claimedTime ?? "none")")
        lines.append("  time-stamp: \(report.timestamp ?? "none")")
        lines.append("  profile: \(report.subFilter)")
        if report.byteRange.count == 4 {
            let r = report.byteRange
            let reach = report.appendedBytes == 0 ? "reaches the end of the file"
                : "\(report.appendedBytes) bytes follow it" + (report.appendedCoveredByLaterSignature ? ", covered by a later signature" : ", covered by no signature")
            lines.append("  byte range: [\(r[0]) \(r[1]) \(r[2]) \(r[3])] of \(fileSize) bytes; \(reach)")
        }
        lines.append("  digest: \(report.digestValid ? "matches" : "DOES NOT MATCH")")
        lines.append("  signature: \(report.signatureValid ? "valid" : "INVALID")")
        for finding in report.pades { lines.append("  PAdES: \(finding)") }
        lines.append("  chain: \(report.chainTrusted.map { $0 ? "trusted: " : "NOT TRUSTED: " } ?? "")\(report.chainDetail)")
        for problem in report.problems { lines.append("  problem: \(problem)") }
        return lines.joined(separator: "\n")
    }
}
