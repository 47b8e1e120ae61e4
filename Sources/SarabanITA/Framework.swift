import Foundation

/// One fiscal year's ITA framework: indicators, tools and their weights, the rating bands.
/// It is data (`Frameworks/ita-YYYY.yaml`), so a new year is a new file, not new code.
public struct Framework: Sendable {
    public struct Tool: Sendable {
        public let code: String
        public let name: String
        public let weight: Double
    }
    public struct SubIndicator: Sendable {
        public let code: String
        public let name: String
    }
    public struct Indicator: Sendable {
        public let number: Int
        public let name: String
        public let tool: String
        public let subIndicators: [SubIndicator]
    }
    public struct Band: Sendable {
        public let from: Double
        /// The lowest mean every tool must reach as well (the word scheme from 2567), if any.
        public let eachToolFrom: Double?
        public let label: String
    }

    public let year: Int
    /// The last fiscal year this framework is known to hold for; a later year is rendered with it, and told so.
    public let lastYear: Int
    public let source: String
    public let passMark: Double
    public let itemCode: String?
    public let tools: [Tool]
    public let indicators: [Indicator]
    public let bands: [Band]
    /// Whether the rating scheme is confirmed by more than one source.
    public let ratingConfirmed: Bool

    public func indicator(_ number: Int) -> Indicator? { indicators.first { $0.number == number } }

    /// The name of an indicator ("9") or a sub-indicator ("9.5").
    public func name(of code: String) -> String? {
        for indicator in indicators {
            if String(indicator.number) == code { return indicator.name }
            if let sub = indicator.subIndicators.first(where: { $0.code == code }) { return sub.name }
        }
        return nil
    }

    public var allCodes: [String] {
        indicators.flatMap { [String($0.number)] + $0.subIndicators.map(\.code) }
    }
}

extension Framework {
    /// Reads `ita-YYYY.yaml` from the frameworks folder, falling back to the nearest earlier year
    /// whose file exists (years whose frameworks are identical share one file).
    public static func load(year: Int, from folder: URL) throws -> Framework {
        for candidate in stride(from: year, through: year - 10, by: -1) {
            let url = folder.appendingPathComponent("ita-\(candidate).yaml")
            if FileManager.default.fileExists(atPath: url.path) {
                return try decode(YAMLValue.load(contentsOf: url))
            }
        }
        throw DataError(location: SourceLocation(file: folder.path, line: 0, column: 0), field: "year",
                        message: "no ITA framework for fiscal year \(year); add Frameworks/ita-\(year).yaml")
    }

    static func decode(_ root: YAMLValue) throws -> Framework {
        let f = try root.fields(["year", "last_year", "source", "pass_mark", "item_code", "tools", "indicators", "rating"])
        let tools = try f.required("tools", "a list of tools").list().map { value -> Tool in
            let t = try value.fields(["code", "name", "weight"])
            return Tool(code: try t.required("code", "the tool's code").string(),
                        name: try t.required("name", "the tool's name").string(),
                        weight: try t.required("weight", "a weight between 0 and 1").double())
        }
        let indicators = try f.required("indicators", "a list of indicators").list().map { value -> Indicator in
            let i = try value.fields(["number", "name", "tool", "sub_indicators"])
            let subs = try (i["sub_indicators"]?.list() ?? []).map { sub -> SubIndicator in
                let s = try sub.fields(["code", "name"])
                return SubIndicator(code: try s.required("code", "a code like 9.1").string(),
                                    name: try s.required("name", "its Thai name").string())
            }
            let toolValue = try i.required("tool", "a tool code")
            let tool = try toolValue.oneOf(tools.map(\.code))
            return Indicator(number: try i.required("number", "the indicator's number").int(),
                             name: try i.required("name", "its Thai name").string(), tool: tool, subIndicators: subs)
        }
        let rating = try f.required("rating", "the rating scheme").fields(["scheme", "confirmed", "bands"])
        // Bands are tried in the file's order, highest first.
        let bands = try rating.required("bands", "a list of rating bands").list().map { value -> Band in
            let b = try value.fields(["from", "each_tool_from", "label"])
            return Band(from: try b.required("from", "the band's lowest total").double(),
                        eachToolFrom: try b["each_tool_from"]?.double(),
                        label: try b.required("label", "the rating").string())
        }
        let year = try f.required("year", "a B.E. year").int()
        return Framework(year: year,
                         lastYear: try f.required("last_year", "the last fiscal year the framework is known to hold for")
                             .int(in: year...(year + 100), what: "a B.E. year"),
                         source: try f["source"]?.string() ?? "",
                         passMark: try f.required("pass_mark", "the pass mark").double(),
                         itemCode: try f["item_code"]?.string(),
                         tools: tools, indicators: indicators, bands: bands,
                         ratingConfirmed: try rating["confirmed"]?.bool() ?? true)
    }
}
