import Foundation

extension StringProtocol {
    /// The text with Thai digits (๐–๙) as ASCII ones: an official may type a year, a score or a number in either,
    /// and they mean the same. Text without a Thai digit is returned as it is.
    public func withArabicDigits() -> String {
        let thaiDigits: ClosedRange<UInt32> = 0x0E50...0x0E59
        guard unicodeScalars.contains(where: { thaiDigits.contains($0.value) }) else { return String(self) }
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            scalars.append(thaiDigits.contains(scalar.value) ? Unicode.Scalar(scalar.value - 0x0E50 + 0x30)! : scalar)
        }
        return String(scalars)
    }
}
