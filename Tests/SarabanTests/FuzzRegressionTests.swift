import XCTest
@testable import SarabanCLI

/// Every input the fuzzer (`make fuzz`) or a hostile user found crashing or hanging saraban, kept in
/// Tests/Fixtures/fuzz/ and replayed through the same targets: a crash fails the whole test run.
final class FuzzRegressionTests: XCTestCase {
    func corpus(_ target: String) throws -> [URL] {
        let folder = Fixture.root.appendingPathComponent("Tests/Fixtures/fuzz/\(target)")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).sorted { $0.path < $1.path }
    }

    func testDataCorpus() throws {
        let inputs = try corpus("data")
        XCTAssertGreaterThanOrEqual(inputs.count, 4)
        let scratch = try Fixture.temporaryFolder()
        for input in inputs { FuzzTargets.data([UInt8](try Data(contentsOf: input)), scratch: scratch) }
    }

    func testPDFCorpus() throws {
        let inputs = try corpus("pdf")
        XCTAssertGreaterThanOrEqual(inputs.count, 3)
        for input in inputs { FuzzTargets.pdf([UInt8](try Data(contentsOf: input))) }
    }
}
