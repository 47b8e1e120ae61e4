import ArgumentParser
import Foundation
import SarabanModel

public struct SarabanCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "saraban",
        abstract: "Makes official Thai government documents as PDF from a data file.",
        discussion: """
        Start with `saraban init มาตรการ.yaml`, fill in the file, then `saraban render มาตรการ.yaml`.
        เริ่มจาก saraban init แล้วกรอกข้อมูลในไฟล์ จากนั้นสั่ง saraban render เพื่อได้ไฟล์ PDF
        """,
        subcommands: [Render.self, Init.self, Schema.self]
    )

    public init() {}
}

/// Prints a user's mistake plainly and exits non-zero; anything else is a bug and keeps its detail.
func reportFailure(_ error: Error) -> ExitCode {
    let message: String
    switch error {
    case let error as CustomStringConvertible: message = error.description
    default: message = "\(error)"
    }
    FileHandle.standardError.write(Data("saraban: error: \(message)\n".utf8))
    return ExitCode(1)
}
