import ArgumentParser
import Foundation
import SarabanFiles
import SarabanCheck

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a data file: scores against the published total and rating, names, the analysis, wording.",
        discussion: """
        Each finding has a stable code, a severity, the file, line and column, and a message.
        Errors stop a render; warnings do not. Exit status: 0 clean (or warnings only), 1 warnings only
        with --strict, 2 errors.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The data file to check, or a PDF made with --embed-data (its embedded data is checked).")
    var file: String

    @Option(help: "The language of the messages: th or en (default: from LANG).")
    var lang: Finding.Language = .fromEnvironment

    @Option(help: "text (one line per finding) or json.")
    var format: Format = .text

    @Flag(help: "Exit with status 1 when there are warnings.")
    var strict = false

    func run() throws {
        let url = URL(fileURLWithPath: file)
        let report: CheckReport
        if url.pathExtension.lowercased() == "pdf" {
            let text: String
            // A PDF that carries no data, or altered data, is an error like any other: status 2.
            do { (report, text) = try checkEmbedded(url) } catch { _ = reportFailure(error); throw ExitCode(2) }
            print(text)
        } else {
            report = RenderPipeline().check(url)
            switch format {
            case .text: print(report.text(lang))
            case .json: print(try report.json(lang))
            }
        }
        let code = report.exitCode(strict: strict)
        if code != 0 { throw ExitCode(code) }
    }
}

extension Finding.Language: ExpressibleByArgument {
    /// Thai when the user's locale is Thai.
    static var fromEnvironment: Finding.Language {
        let locale = EnvironmentVariable.value("LC_ALL") ?? EnvironmentVariable.value("LC_MESSAGES") ?? EnvironmentVariable.value("LANG") ?? ""
        return locale.hasPrefix("th") ? .th : .en
    }
}
