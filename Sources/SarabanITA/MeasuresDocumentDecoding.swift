import Foundation
import SarabanData

extension MeasuresDocument {
    /// The top-level fields of a data file, in the order the starter file writes them.
    public static let topLevelFields = [
        "kind", "agency", "year", "measures_year", "date", "title", "scores", "published", "introduction", "summary",
        "approach", "analysis", "analysis_library", "constraints", "recommendations", "signatories", "options", "texts",
        "other_agencies",
    ]

    /// Reads and validates a data file (YAML or JSON).
    public static func load(contentsOf url: URL) throws -> MeasuresDocument {
        try decode(YAMLValue.load(contentsOf: url), folder: url.deletingLastPathComponent())
    }

    public static func decode(_ root: YAMLValue, folder: URL) throws -> MeasuresDocument {
        let decoder = Decoder(folder: folder)
        return try decoder.document(root)
    }
}

/// Turns the composed YAML tree into the model, one field at a time, so each mistake has a place.
struct Decoder {
    let folder: URL

    func document(_ root: YAMLValue) throws -> MeasuresDocument {
        let f = try root.fields(MeasuresDocument.topLevelFields)
        if let kind = f["kind"], try DocumentKind.of(root) != .itaMeasures {
            throw kind.error("this file is a \(try kind.string()), not a measures report", code: "unknown-kind",
                             thai: "ไฟล์นี้เป็นเอกสารชนิด \(try kind.string()) ไม่ใช่มาตรการส่งเสริมคุณธรรมและความโปร่งใส")
        }
        let yearValue = try f.required("year", "the fiscal year of the results, in B.E. (for example 2566)")
        let year = try yearValue.int(in: 2500...2700, what: "a B.E. year")
        let measuresYear = try f["measures_year"]?.int(in: 2500...2700, what: "a B.E. year") ?? year + 1
        let (scores, scoreLocations) = try self.scores(f.required("scores", "the ITA scores by indicator (1 to 10, or 9.1 to 10.2)"))
        let analysis = try f["analysis"]?.fields(["urgent", "develop"])
        let constraints = try f["constraints"]?.fields(["budget", "people", "ict"])
        let recommendations = try f["recommendations"]?.fields(["introduction", "policy", "practice"])
        let signatories = try f.required("signatories", "who signs: at least one with a role, name and position")
            .list().map(signatory)
        if signatories.isEmpty {
            throw f.owner.error("expected at least one signatory under \"signatories\"", thai: "ต้องมีผู้ลงนามอย่างน้อยหนึ่งคนใต้ \"signatories\"")
        }
        return MeasuresDocument(
            file: root.file,
            agency: try agency(f.required("agency", "the agency's name and abbreviation")),
            year: year, yearLocation: yearValue.location,
            measuresYear: measuresYear,
            date: try f["date"].map(date),
            title: try f["title"]?.text(),
            scores: scores, scoreLocations: scoreLocations,
            published: try f["published"].map(published) ?? .init(total: nil, totalLocation: nil, rating: nil, ratingLocation: nil),
            introduction: try paragraphs(f["introduction"]),
            summary: try paragraphs(f["summary"]),
            approach: try paragraphs(f["approach"]),
            urgent: try analysis?["urgent"].map(self.analysis),
            develop: try analysis?["develop"]?.list().map(self.analysis) ?? [],
            budget: try constraints?["budget"].map(constraint),
            people: try constraints?["people"].map(constraint),
            ict: try constraints?["ict"].map(constraint),
            recommendationsIntroduction: try paragraphs(recommendations?["introduction"]),
            policy: try recommendations?["policy"].map(recommendation),
            practice: try recommendations?["practice"].map(recommendation),
            signatories: signatories,
            library: try f["analysis_library"].map(library),
            options: try f["options"].map(options) ?? .init(numerals: .thai, tableNumerals: .arabic),
            texts: try f["texts"].map(WordingChanges.read) ?? .none,
            otherAgencies: try f["other_agencies"]?.texts() ?? []
        )
    }

    func agency(_ value: YAMLValue) throws -> MeasuresDocument.Agency {
        let f = try value.fields(["name", "abbreviation", "logo"])
        return .init(name: try f.required("name", "the agency's full name").text(),
                     abbreviation: try f.required("abbreviation", "the agency's short name, such as สพป.ตาก เขต 2").text(),
                     logo: try f["logo"].map(image))
    }

    func scores(_ value: YAMLValue) throws -> ([String: Double], [String: SourceLocation]) {
        var scores: [String: Double] = [:], locations: [String: SourceLocation] = [:]
        for entry in try value.entries() {
            guard isIndicatorCode(entry.key) else {
                throw DataError(location: entry.keyLocation, field: entry.value.path,
                                message: "unknown indicator \"\(entry.key)\"; expected 1 to 10 or a sub-indicator such as 9.1",
                                code: "unknown-indicator", thai: "ไม่รู้จักตัวชี้วัด \"\(entry.key)\" (ต้องเป็น 1 ถึง 10 หรือตัวชี้วัดย่อย เช่น 9.1)")
            }
            scores[entry.key] = try entry.value.score()
            locations[entry.key] = entry.value.location
        }
        return (scores, locations)
    }

    func published(_ value: YAMLValue) throws -> MeasuresDocument.Published {
        let f = try value.fields(["total", "rating"])
        return .init(total: try f["total"]?.score(), totalLocation: f["total"]?.location,
                     rating: try f["rating"]?.string(), ratingLocation: f["rating"]?.location)
    }

    func date(_ value: YAMLValue) throws -> DateComponents { try FieldDecoder(folder: folder).date(value) }

    /// One paragraph, or a list of them.
    func paragraphs(_ value: YAMLValue?) throws -> [LocatedText] {
        try value?.texts() ?? []
    }

    func listItems(_ value: YAMLValue?) throws -> [MeasuresDocument.ListItem] {
        try (value?.list() ?? []).map(listItem)
    }

    func listItem(_ value: YAMLValue) throws -> MeasuresDocument.ListItem {
        if case .scalar = value.node { return .init(text: try value.text(), details: []) }
        let f = try value.fields(["text", "details"])
        return .init(text: try f.required("text", "the item's text").text(), details: try f["details"]?.texts() ?? [])
    }

    func analysis(_ value: YAMLValue) throws -> MeasuresDocument.Analysis {
        let f = try value.fields(Self.analysisFields)
        let indicator = try f.required("indicator", "the indicator or sub-indicator analysed, such as 9.5")
        let code = try indicator.string()
        guard isIndicatorCode(code) else {
            throw indicator.error("expected an indicator (1 to 10) or a sub-indicator such as 9.5, found \"\(code)\"",
                                  thai: "ต้องเป็นตัวชี้วัด (1 ถึง 10) หรือตัวชี้วัดย่อย เช่น 9.5 แต่พบ \"\(code)\"")
        }
        return try analysis(f, code: code, at: indicator.location)
    }

    static let analysisFields = ["indicator", "findings", "weaknesses", "improvements", "measures", "activities", "steps", "schedule"]

    /// `analysis_library:` as a mapping from codes to analysis blocks, or the name of a YAML file holding one
    /// (relative to this file), so one library serves every template of a central office.
    func library(_ value: YAMLValue) throws -> AnalysisLibrary {
        if case .scalar = value.node {
            let name = try value.string()
            let url = URL(fileURLWithPath: name, relativeTo: folder).standardizedFileURL
            let root = try YAMLValue.load(contentsOf: url)
            let blocks = try Decoder(folder: url.deletingLastPathComponent()).libraryBlocks(root)
            return AnalysisLibrary(file: url.path, location: value.location, blocks: blocks)
        }
        return AnalysisLibrary(file: value.file, location: value.location, blocks: try libraryBlocks(value))
    }

    func libraryBlocks(_ value: YAMLValue) throws -> [String: MeasuresDocument.Analysis] {
        var blocks: [String: MeasuresDocument.Analysis] = [:]
        for entry in try value.entries() {
            guard isIndicatorCode(entry.key) else {
                throw DataError(location: entry.keyLocation, field: entry.value.path,
                                message: "expected an indicator (1 to 10) or a sub-indicator such as 9.5 as the key, found \"\(entry.key)\"",
                                code: "unknown-indicator", thai: "ไม่รู้จักตัวชี้วัด \"\(entry.key)\" (ต้องเป็น 1 ถึง 10 หรือตัวชี้วัดย่อย เช่น 9.5)")
            }
            let f = try entry.value.fields(Self.analysisFields)
            if let given = f["indicator"], try given.string() != entry.key {
                throw given.error("the block under \"\(entry.key)\" names indicator \"\(try given.string())\"; remove the line or make them agree",
                                  thai: "บทวิเคราะห์ใต้ \"\(entry.key)\" ระบุตัวชี้วัด \"\(try given.string())\" ไม่ตรงกัน ให้ลบบรรทัดนี้หรือแก้ให้ตรงกัน")
            }
            blocks[entry.key] = try analysis(f, code: entry.key, at: entry.keyLocation)
        }
        return blocks
    }

    func analysis(_ f: YAMLValue.Fields, code: String, at location: SourceLocation) throws -> MeasuresDocument.Analysis {
        .init(indicator: code, indicatorLocation: location,
                     findings: try listItems(f["findings"]),
                     weaknesses: try listItems(f["weaknesses"]),
                     improvements: try listItems(f["improvements"]),
                     measures: try (f["measures"]?.list() ?? []).map(measure),
                     activities: try listItems(f["activities"]),
                     steps: try listItems(f["steps"]),
                     schedule: try (f["schedule"]?.list() ?? []).map(scheduleGroup))
    }

    func measure(_ value: YAMLValue) throws -> MeasuresDocument.Measure {
        if case .scalar = value.node {
            return .init(item: .init(text: try value.text(), details: []), responsible: nil, location: value.location)
        }
        let f = try value.fields(["text", "details", "responsible"])
        return .init(item: .init(text: try f.required("text", "what the measure is").text(),
                                 details: try f["details"]?.texts() ?? []),
                     responsible: try f["responsible"]?.text(), location: value.location)
    }

    func scheduleGroup(_ value: YAMLValue) throws -> MeasuresDocument.ScheduleGroup {
        let f = try value.fields(["text", "entries"])
        let entries = try (f["entries"]?.list() ?? []).map { entry -> MeasuresDocument.ScheduleEntry in
            let e = try entry.fields(["task", "when", "quarters"])
            let quarters = try (e["quarters"]?.list() ?? []).map { try $0.int(in: 1...4, what: "a quarter") }
            if e["when"] == nil && quarters.isEmpty {
                throw entry.error("expected \"when\" (such as ทุกไตรมาส) or \"quarters\" (such as [1, 2])",
                              thai: "ต้องมี \"when\" (เช่น ทุกไตรมาส) หรือ \"quarters\" (เช่น [1, 2])")
            }
            return .init(task: try e.required("task", "the task scheduled").text(), when: try e["when"]?.text(),
                         quarters: quarters)
        }
        return .init(title: try f.required("text", "the activity scheduled").text(), entries: entries,
                     location: value.location)
    }

    func constraint(_ value: YAMLValue) throws -> MeasuresDocument.Constraint {
        let f = try value.fields(["limitations", "support"])
        return .init(limitations: try f["limitations"]?.texts() ?? [], support: try f["support"]?.texts() ?? [])
    }

    func recommendation(_ value: YAMLValue) throws -> MeasuresDocument.Recommendation {
        let f = try value.fields(["introduction", "items"])
        return .init(introduction: try paragraphs(f["introduction"]), items: try listItems(f["items"]))
    }

    func signatory(_ value: YAMLValue) throws -> Signatory { try FieldDecoder(folder: folder).signatory(value) }

    func options(_ value: YAMLValue) throws -> MeasuresDocument.Options {
        let f = try value.fields(["numerals", "table_numerals"])
        let choices = MeasuresDocument.Numerals.allCases.map(\.rawValue)
        let numerals = try f["numerals"].map { MeasuresDocument.Numerals(rawValue: try $0.oneOf(choices))! } ?? .thai
        let table = try f["table_numerals"].map { MeasuresDocument.Numerals(rawValue: try $0.oneOf(choices))! } ?? .arabic
        return .init(numerals: numerals, tableNumerals: table)
    }

    func image(_ value: YAMLValue) throws -> ImageReference { try FieldDecoder(folder: folder).image(value) }
}

/// "1" to "10", or a sub-indicator such as "9.1": an indicator number and at most one digit 1–9 after a dot.
public func isIndicatorCode(_ code: String) -> Bool {
    let parts = code.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), let number = Int(parts[0]), (1...10).contains(number), String(number) == parts[0] else { return false }
    guard parts.count == 2 else { return true }
    return parts[1].count == 1 && ("1"..."9").contains(parts[1])
}
