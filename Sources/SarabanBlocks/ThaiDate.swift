import Foundation

/// Dates as Thai official documents write them: day, full month name, Buddhist Era year
/// ("๒๐ พฤศจิกายน ๒๕๖๖"), B.E. = C.E. + 543.
public enum ThaiDate {
    public static let months = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
                                "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]

    /// `components` in C.E.; digits Thai unless `thaiDigits` is false.
    public static func format(_ components: DateComponents, thaiDigits: Bool = true) -> String? {
        guard let year = components.year, let month = components.month, let day = components.day,
              (1...12).contains(month) else { return nil }
        let text = "\(day) \(months[month - 1]) \(year + 543)"
        return thaiDigits ? ThaiNumerals.thaiDigits(text) : text
    }

    /// The fiscal year (B.E.) a date falls in: fiscal year N runs from 1 October of N−1 to 30 September of N.
    public static func fiscalYear(_ components: DateComponents) -> Int? {
        guard let year = components.year, let month = components.month else { return nil }
        return year + 543 + (month >= 10 ? 1 : 0)
    }
}
