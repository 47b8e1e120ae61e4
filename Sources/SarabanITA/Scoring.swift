import Foundation

/// The scores an agency was given, and everything that follows from them by the framework's method:
/// sub-indicators → indicators → tool means → weighted tool scores → total (summed unrounded) → rating.
public struct ScoreSheet: Sendable {
    public struct ToolResult: Sendable {
        public let tool: Framework.Tool
        public let indicators: [Int]
        /// The tool's mean on a 0–100 scale.
        public let mean: Double
        /// The mean times the tool's weight, unrounded.
        public let weighted: Double
    }

    public let framework: Framework
    /// Indicator and sub-indicator scores by code ("1", "9", "9.5"), given or computed.
    public let scores: [String: Double]
    /// Codes the data gave directly (the rest were computed from sub-indicators).
    public let given: Set<String>
    public let tools: [ToolResult]
    public let total: Double

    public init(framework: Framework, given scores: [String: Double]) {
        self.framework = framework
        self.given = Set(scores.keys)
        var all = scores
        for indicator in framework.indicators where all[String(indicator.number)] == nil {
            let subs = indicator.subIndicators.compactMap { all[$0.code] }
            if !subs.isEmpty, subs.count == indicator.subIndicators.count {
                all[String(indicator.number)] = subs.reduce(0, +) / Double(subs.count)
            }
        }
        self.scores = all
        self.tools = framework.tools.map { tool in
            let numbers = framework.indicators.filter { $0.tool == tool.code }.map(\.number)
            let values = numbers.compactMap { all[String($0)] }
            let mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
            return ToolResult(tool: tool, indicators: numbers, mean: mean, weighted: mean * tool.weight)
        }
        self.total = tools.reduce(0) { $0 + $1.weighted }
    }

    public func score(_ code: String) -> Double? { scores[code] }

    /// The total as published: two decimals.
    public var roundedTotal: Double { (total * 100).rounded() / 100 }

    /// The rating of the rounded total: the first band (highest first) whose total it reaches, and whose
    /// per-tool minimum every tool's mean reaches, where the band has one.
    public var rating: String {
        let total = roundedTotal
        let lowestTool = tools.map { ($0.mean * 100).rounded() / 100 }.min() ?? 0
        return framework.bands.first { band in
            total >= band.from - 1e-9 && (band.eachToolFrom.map { lowestTool >= $0 - 1e-9 } ?? true)
        }?.label ?? framework.bands.last?.label ?? ""
    }

    /// The indicator with the highest score (the first, by indicator order, among equals).
    public var bestIndicator: Framework.Indicator? {
        framework.indicators.max { (scores[String($0.number)] ?? 0) < (scores[String($1.number)] ?? 0) || ((scores[String($0.number)] ?? 0) == (scores[String($1.number)] ?? 0) && $0.number > $1.number) }
    }

    /// Indicators scoring below the pass mark, in indicator order.
    public var failingIndicators: [Framework.Indicator] {
        framework.indicators.filter { (scores[String($0.number)] ?? 0) < framework.passMark }
    }
}

extension ScoreSheet {
    /// A scored unit of the analysis: an indicator, or a sub-indicator where its indicator's parts are given.
    public struct Ranked: Sendable, Equatable {
        public let code: String
        public let name: String
        public let score: Double
        /// Position in the framework, to break ties by indicator order.
        public let order: Int
    }

    /// The units the analysis ranks, at the finest level given: indicator 9 counts as 9.1–9.5 when those
    /// are given, since the weakest of them is what a measure can fix.
    public var units: [Ranked] {
        var units: [Ranked] = []
        for indicator in framework.indicators {
            let parts = indicator.subIndicators.filter { given.contains($0.code) }
            if parts.isEmpty {
                if let score = scores[String(indicator.number)] {
                    units.append(Ranked(code: String(indicator.number), name: indicator.name, score: score, order: units.count))
                }
            } else {
                for part in parts {
                    units.append(Ranked(code: part.code, name: part.name, score: scores[part.code] ?? 0, order: units.count))
                }
            }
        }
        return units
    }

    /// Lowest score first; equal scores in indicator order.
    public var ranking: [Ranked] {
        units.sorted { ($0.score, $0.order) < ($1.score, $1.order) }
    }

    /// The rule for the analysis: the lowest-scoring unit is the weakness to fix urgently; the next two
    /// are the points to develop.
    public var selection: (urgent: Ranked?, develop: [Ranked]) {
        let ranked = ranking
        return (ranked.first, Array(ranked.dropFirst().prefix(2)))
    }

    /// Whether `code` names the selected unit `unit` or its indicator ("9" for "9.5").
    public static func matches(_ code: String, _ unit: Ranked) -> Bool {
        code == unit.code || unit.code.split(separator: ".").first.map(String.init) == code
    }
}
