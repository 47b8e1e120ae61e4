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

    /// The rating of the rounded total.
    public var rating: String {
        let total = roundedTotal
        return framework.bands.first { total >= $0.from - 1e-9 }?.label ?? framework.bands.last?.label ?? ""
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
