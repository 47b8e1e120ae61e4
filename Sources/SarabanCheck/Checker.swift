import Foundation
import SarabanITA
import SarabanBlocks

/// `saraban check`: every number and name the PDF will print is checked against the data before a render.
/// Decoding mistakes stop the checks (there is no document to check); everything else is collected, so a
/// user sees all of it at once.
public struct Checker {
    public typealias FrameworkSource = (Int) throws -> Framework

    let framework: FrameworkSource
    /// What the layout's font can draw, when the caller knows: characters it lacks are then errors at their place.
    let coverage: FontCoverage?

    public init(framework: @escaping FrameworkSource, coverage: FontCoverage? = nil) {
        self.framework = framework
        self.coverage = coverage
    }

    /// Checks a data file; never throws: an unreadable file is itself a finding.
    public func check(contentsOf url: URL) -> CheckReport {
        load(contentsOf: url).report
    }

    /// Reads and checks a data file, returning the document too (when it could be decoded), so that a render
    /// does not read the file a second time.
    public func load(contentsOf url: URL) -> (document: MeasuresDocument?, report: CheckReport) {
        switch decode(contentsOf: url) {
        case .document(let document): (document, report(for: document, file: url))
        case .failure(let report): (nil, report)
        }
    }

    /// A data file read: its document, or the report that says why it cannot be read.
    public enum Decoded {
        case document(MeasuresDocument)
        case failure(CheckReport)
    }

    /// Reads a data file into its document, with the analysis its scores select; or, when it cannot be read, the
    /// report that says why (the decoding mistake as an error finding).
    public func decode(contentsOf url: URL) -> Decoded {
        do {
            let decoded = try MeasuresDocument.load(contentsOf: url)
            return .document(try decoded.selectingAnalysis(framework: framework(decoded.year)))
        } catch {
            return .failure(CheckReport(file: url.path, findings: [Self.finding(error, file: url.path)]))
        }
    }

    /// The checks of a document `decode` has read from `url`: its findings, and the totals it computes.
    public func report(for document: MeasuresDocument, file url: URL) -> CheckReport {
        do {
            var report = CheckReport(file: url.path, findings: try check(document, source: SourceText(url: url)))
            report.computed = (try? document.scoreSheet(framework: framework(document.year))).map(CheckReport.Computed.init)
            return report
        } catch {
            return CheckReport(file: url.path, findings: [Self.finding(error, file: url.path)])
        }
    }

    /// An error that stopped the checks, as a finding: a data mistake at its place, anything else at the file.
    static func finding(_ error: Error, file: String) -> Finding {
        if let error = error as? DataError { return Finding(error) }
        return Finding("internal", .error, at: SourceLocation(file: file, line: 0, column: 0), en: "\(error)", th: "\(error)")
    }

    /// Checks a document already in memory (a batch row over a template); findings point into `document.file`
    /// for the template's texts and wherever the row's values say they came from.
    public func check(_ document: MeasuresDocument) -> [Finding] {
        do {
            return try check(document, source: TextCache.shared.source(document.file))
        } catch {
            return [Self.finding(error, file: document.file)]
        }
    }

    func check(_ document: MeasuresDocument, source: SourceText) throws -> [Finding] {
        let framework = try self.framework(document.year)
        let sheet = try document.scoreSheet(framework: framework)
        var findings: [Finding] = []
        findings += ScoreChecks(document: document, sheet: sheet).findings()
        findings += AnalysisChecks(document: document, sheet: sheet).findings()
        findings += TextFindings(document: document, sheet: sheet, source: source).findings()
        findings += coverage?.findings(in: document.allTexts, source: source) ?? []
        return findings.sorted { ($0.severity, $0.location.line, $0.location.column) < ($1.severity, $1.location.line, $1.location.column) }
    }
}

/// The published total and rating against the computed ones; indicators against their sub-indicators.
struct ScoreChecks {
    let document: MeasuresDocument
    let sheet: ScoreSheet

    func findings() -> [Finding] {
        var findings: [Finding] = []
        let computed = ScoreFormat.table(sheet.roundedTotal)
        if let published = document.published.total, let location = document.published.totalLocation,
           abs(published - sheet.total) > 0.01 + 1e-9 {
            let shown = ScoreFormat.table(published)
            findings.append(Finding("published-total-mismatch", .error, at: location, field: "published.total",
                                    en: "the published total \(shown) differs from the total computed from the scores, \(computed) (\(String(format: "%.4f", sheet.total))); they may differ by 0.01 at most",
                                    th: "คะแนนรวมที่ประกาศ \(shown) ไม่ตรงกับคะแนนรวมที่คำนวณจากคะแนนตัวชี้วัด \(computed) (ต่างกันได้ไม่เกิน 0.01)"))
        }
        if let published = document.published.rating, let location = document.published.ratingLocation,
           published != sheet.rating {
            findings.append(Finding("published-rating-mismatch", .error, at: location, field: "published.rating",
                                    en: "the published rating \(published) differs from the rating of the computed total \(computed), \(sheet.rating)",
                                    th: "ระดับผลการประเมินที่ประกาศ \(published) ไม่ตรงกับระดับของคะแนนรวมที่คำนวณได้ \(computed) คือ \(sheet.rating)"))
        }
        for indicator in sheet.framework.indicators {
            let code = String(indicator.number)
            let parts = indicator.subIndicators.compactMap { document.scores[$0.code] }
            guard let given = document.scores[code], !parts.isEmpty, parts.count == indicator.subIndicators.count,
                  let location = document.scoreLocations[code] else { continue }
            let mean = parts.reduce(0, +) / Double(parts.count)
            if abs(given - mean) > 0.01 + 1e-9 {
                findings.append(Finding("sub-indicator-mismatch", .error, at: location, field: "scores.\(code)",
                                        en: "indicator \(code) is given as \(ScoreFormat.table(given)) but its sub-indicators average \(ScoreFormat.table(mean)); give one or make them agree",
                                        th: "ตัวชี้วัดที่ \(code) ระบุคะแนน \(ScoreFormat.table(given)) แต่ค่าเฉลี่ยของตัวชี้วัดย่อยเท่ากับ \(ScoreFormat.table(mean))"))
            }
        }
        if document.year > sheet.framework.lastYear {
            let known = sheet.framework.year == sheet.framework.lastYear ? "\(sheet.framework.year)" : "\(sheet.framework.year)–\(sheet.framework.lastYear)"
            findings.append(Finding("framework-year-unknown", .warning, at: document.yearLocation, field: "year",
                                    en: "saraban has no ITA framework for \(document.year); the indicators, weights and rating of \(known) are used. Check them against NACC's \(document.year) manual, or add Frameworks/ita-\(document.year).yaml",
                                    th: "saraban ยังไม่มีกรอบการประเมิน ITA ปี \(document.year) จึงใช้ตัวชี้วัด น้ำหนัก และเกณฑ์ระดับของปี \(known) ควรตรวจกับคู่มือการประเมินปี \(document.year) ของ สำนักงาน ป.ป.ช. หรือเพิ่มไฟล์ Frameworks/ita-\(document.year).yaml"))
        }
        if !sheet.framework.ratingConfirmed {
            findings.append(Finding("rating-scheme-unconfirmed", .note, at: document.yearLocation, field: "year",
                                    en: "the rating scheme of \(document.year) is known from a single source; check \(sheet.rating) against NACC's published result",
                                    th: "เกณฑ์ระดับผลการประเมินปี \(document.year) มาจากแหล่งข้อมูลเดียว ควรตรวจระดับ \(sheet.rating) กับผลที่ สำนักงาน ป.ป.ช. ประกาศ"))
        }
        return findings
    }
}

/// The analysis treats what the scores select: the weakest unit urgently, the next two as points to develop.
struct AnalysisChecks {
    let document: MeasuresDocument
    let sheet: ScoreSheet

    func describe(_ unit: ScoreSheet.Ranked) -> (en: String, th: String) {
        let score = ScoreFormat.prose(unit.score)
        let kind = unit.code.contains(".") ? ("sub-indicator", "ตัวชี้วัดย่อยที่") : ("indicator", "ตัวชี้วัดที่")
        return ("\(kind.0) \(unit.code) \(unit.name) (\(score))", "\(kind.1) \(unit.code) \(unit.name) (\(score) คะแนน)")
    }

    func findings() -> [Finding] {
        var findings: [Finding] = []
        let selection = sheet.selection
        let analysisLocation = document.urgent?.indicatorLocation ?? document.yearLocation
        if let urgent = selection.urgent {
            let wanted = describe(urgent)
            if let given = document.urgent {
                if !ScoreSheet.matches(given.indicator, urgent) {
                    findings.append(Finding("weakness-other-indicator", .error, at: given.indicatorLocation, field: "analysis.urgent.indicator",
                                            en: "the weakness treated is \(given.indicator), but the lowest score is \(wanted.en)",
                                            th: "จุดอ่อนที่วิเคราะห์คือ \(given.indicator) แต่คะแนนต่ำที่สุดคือ \(wanted.th)"))
                }
            } else {
                findings.append(Finding("weakness-missing", .warning, at: document.yearLocation, field: "analysis.urgent",
                                        en: "the weakness to fix urgently is missing; by the scores it is \(wanted.en)",
                                        th: "ไม่มีการวิเคราะห์จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน ตามคะแนนคือ \(wanted.th)"))
            }
        }
        let wanted = selection.develop
        let given = document.develop
        if given.count < wanted.count {
            let missing = wanted.filter { unit in !given.contains { ScoreSheet.matches($0.indicator, unit) } }
            findings.append(Finding("develop-missing", .warning, at: analysisLocation, field: "analysis.develop",
                                    en: "\(wanted.count) points to develop are expected and \(given.count) given; by the scores they are \(wanted.map { describe($0).en }.joined(separator: " and "))"
                                        + (missing.isEmpty ? "" : "; missing: \(missing.map(\.code).joined(separator: ", "))"),
                                    th: "ต้องมีประเด็นที่จะพัฒนาให้ดีขึ้น \(wanted.count) ประเด็น แต่มี \(given.count) ตามคะแนนคือ \(wanted.map { describe($0).th }.joined(separator: " และ "))"))
        }
        for item in given where !wanted.contains(where: { ScoreSheet.matches(item.indicator, $0) }) {
            findings.append(Finding("develop-other-indicator", .error, at: item.indicatorLocation, field: "analysis.develop",
                                    en: "the point to develop \(item.indicator) is not one the scores select (\(wanted.map(\.code).joined(separator: ", ")))",
                                    th: "ประเด็นที่จะพัฒนา \(item.indicator) ไม่ใช่ตัวชี้วัดที่คะแนนต่ำรองลงมา (\(wanted.map(\.code).joined(separator: ", ")))"))
        }
        for analysis in [document.urgent].compactMap({ $0 }) + document.develop {
            for measure in analysis.measures where measure.responsible == nil {
                findings.append(Finding("measure-without-responsible", .warning, at: measure.location, field: measure.item.text.field,
                                        en: "the measure \"\(short(measure.item.text.value))\" has no responsible person (responsible:)",
                                        th: "มาตรการ \"\(short(measure.item.text.value))\" ไม่มีผู้รับผิดชอบ (responsible:)"))
            }
            if !analysis.measures.isEmpty && analysis.schedule.isEmpty {
                findings.append(Finding("measures-without-schedule", .warning, at: analysis.indicatorLocation, field: "schedule",
                                        en: "the measures for \(analysis.indicator) have no schedule (schedule:)",
                                        th: "มาตรการของตัวชี้วัด \(analysis.indicator) ไม่มีระยะเวลาดำเนินการ (schedule:)"))
            }
        }
        return findings
    }
}

/// The start of a long text, to name it in a message.
func short(_ text: String) -> String {
    text.count <= 40 ? text : String(text.prefix(40)) + "…"
}

/// Each text: other agencies named, words typed twice, unbalanced bold, C.E. years, placeholders.
struct TextFindings {
    let document: MeasuresDocument
    let sheet: ScoreSheet
    let source: SourceText

    func findings() -> [Finding] {
        let names = AgencyNames(name: document.agency.name.value, abbreviation: document.agency.abbreviation.value,
                                namedOnPurpose: document.otherAgencies.map(\.value))
        let placeholders = Placeholders(document: document, sheet: sheet)
        var findings: [Finding] = []
        for text in document.allTexts.dropFirst() {
            do { _ = try placeholders.expand(text) } catch let error as DataError { findings.append(Finding(error)) } catch {}
            for mention in AgencyNames.mentions(in: text.value) where names.isForeign(mention) {
                findings.append(Finding("other-agency", .error, at: source.locate(mention.text, from: text.location), field: text.field,
                                        en: "the text names another agency, \"\(mention.text)\", in a document of \(document.agency.name.value); write {{agency.name}} for the agency's own name, or list the other agency under other_agencies if it is named on purpose",
                                        th: "ข้อความระบุชื่อหน่วยงานอื่น \"\(mention.text)\" ในเอกสารของ\(document.agency.name.value) ให้ใช้ {{agency.name}} แทนชื่อหน่วยงานของตนเอง หรือถ้าตั้งใจกล่าวถึงหน่วยงานนั้น ให้ใส่ชื่อไว้ที่ other_agencies"))
            }
            let wording = TextCache.shared.wording(text.value)
            for repeated in wording.repeated {
                findings.append(Finding("repeated-word", .warning, at: source.locate(repeated, from: text.location), field: text.field,
                                        en: "a word typed twice: \"\(repeated)\"", th: "คำซ้ำกัน: \"\(repeated)\""))
            }
            if wording.unbalancedBold {
                findings.append(Finding("unbalanced-bold", .warning, at: source.locate("**", from: text.location), field: text.field,
                                        en: "an unmatched \"**\": bold text is written **like this**; the \"**\" is printed as typed",
                                        th: "เครื่องหมาย \"**\" ไม่ครบคู่ ตัวหนาเขียนแบบ **ข้อความ** (จะพิมพ์ ** ตามที่เขียน)"))
            }
            for year in wording.years {
                findings.append(Finding("gregorian-year", .warning, at: source.locate(year, from: text.location), field: text.field,
                                        en: "\(year) reads as a Gregorian (C.E.) year; a Thai official document writes B.E. (C.E. + 543)",
                                        th: "\(year) เป็นปีคริสต์ศักราช เอกสารราชการใช้ปีพุทธศักราช (ค.ศ. + 543)"))
            }
        }
        return findings
    }
}

/// What the checks learn of a text or a file, kept: a batch checks the same template texts for every row.
final class TextCache: @unchecked Sendable {
    static let shared = TextCache()

    struct Wording { var repeated: [String]; var unbalancedBold: Bool; var years: [String] }

    private let lock = NSLock()
    private var wordings: [UTF8Key: Wording] = [:]
    private var sources: [String: SourceText] = [:]

    func wording(_ text: String) -> Wording {
        lock.lock()
        if let known = wordings[UTF8Key(text)] { lock.unlock(); return known }
        lock.unlock()
        let wording = Wording(repeated: WordingChecks.repeatedWords(text), unbalancedBold: WordingChecks.unbalancedBold(text),
                              years: WordingChecks.gregorianYears(text))
        lock.lock()
        if wordings.count > 5000 { wordings.removeAll() }
        wordings[UTF8Key(text)] = wording
        lock.unlock()
        return wording
    }

    func source(_ file: String) -> SourceText {
        lock.lock()
        defer { lock.unlock() }
        if let known = sources[file] { return known }
        let source = SourceText(url: URL(fileURLWithPath: file))
        if sources.count > 16 { sources.removeAll() }
        sources[file] = source
        return source
    }
}
