import Foundation
import SarabanCLI

// A seeded mutation fuzzer, for `make fuzz`. libFuzzer (`-sanitize=fuzzer`, whose runtime the toolchain has) would
// need a second, instrumented build of the whole package and its dependencies; this loop runs on the ordinary
// build, repeats exactly from its seed, and knows the tokens that matter to YAML and PDF parsers. It is blind to
// coverage, which is its limit:
//
//   saraban-fuzz data|pdf SECONDS SEED_FILE… [--seed N]
//
// Each round takes a seed file, mutates it (flips, inserts, deletes, repeats or splices bytes; swaps in numbers
// and YAML or PDF tokens that have broken parsers before), and runs the target. Before each round the input is
// written to fuzz-out/TARGET-current; if the process dies, that file is the crashing input: keep it under
// Tests/Fixtures/fuzz/TARGET/ and the regression test replays it in every `make test`.

var arguments = Array(CommandLine.arguments.dropFirst())
var seed: UInt64 = 1
if let index = arguments.firstIndex(of: "--seed"), index + 1 < arguments.count {
    seed = UInt64(arguments[index + 1]) ?? 1
    arguments.removeSubrange(index...(index + 1))
}
guard arguments.count >= 3, ["data", "pdf"].contains(arguments[0]), let seconds = Double(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: saraban-fuzz data|pdf SECONDS SEED_FILE… [--seed N]\n".utf8))
    exit(64)
}
let target = arguments[0]
let seeds = arguments.dropFirst(2).compactMap { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } }
guard !seeds.isEmpty else { FileHandle.standardError.write(Data("no readable seed file\n".utf8)); exit(64) }

/// xorshift64*: the same seed gives the same inputs, so a run can be repeated.
struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
}
var random = Generator(state: seed == 0 ? 1 : seed)

let tokens: [String] = target == "data"
    ? ["1e19", "-1e400", "Infinity", ".nan", "*a", "&a ", "? ", "{{", "}}", "{{agency.name}}", "\u{0}", "- ", ": ", "[", "]", "{", "}",
       "9223372036854775807", "-0", "2566", "99999", "scores:", "9.5", "'", "\"", "\n  ", "|", ">-", "!!binary ", "%YAML 1.1\n",
       // Characters the checks' word and name searches must take as they come: a tab, line and paragraph separators,
       // CR LF, a soft hyphen, right-to-left text and marks (the typesetter's own test sets random texts of them).
       "\t", "\u{2028}", "\u{2029}", "\r\n", "\u{00AD}", "שלום", "\u{200F}", "\u{202E}"]
    : ["9999999999", "-1", "0", "obj", "endobj", "stream\n", "endstream", "xref\n0 99999999\n", "trailer", "/Prev", "/XRefStm", "R",
       "<<", ">>", "[", "]", "(", ")", "<", ">", "/ByteRange [0 -5 99999999999 1]", "/Contents <3082", "/Type /XRef", "/W [1 9 1]",
       "/Filter /FlateDecode", "/Length 999999", "startxref\n", "%%EOF"]

@MainActor func mutate(_ input: [UInt8]) -> [UInt8] {
    var bytes = input
    for _ in 0..<Int.random(in: 1...8, using: &random) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0 where !bytes.isEmpty: bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
        case 1: bytes.insert(contentsOf: Array(tokens.randomElement(using: &random)!.utf8), at: position)
        case 2 where !bytes.isEmpty: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...64, using: &random)))
        case 3 where !bytes.isEmpty:
            let end = min(bytes.count, position + Int.random(in: 1...32, using: &random))
            bytes.insert(contentsOf: bytes[position..<end], at: position)
        case 4:
            let other = seeds.randomElement(using: &random)!
            let start = Int.random(in: 0..<max(other.count, 1), using: &random)
            bytes.insert(contentsOf: other[start..<min(other.count, start + 256)], at: position)
        default:
            let replacement = Array(tokens.randomElement(using: &random)!.utf8)
            bytes.replaceSubrange(position..<min(bytes.count, position + replacement.count), with: replacement)
        }
    }
    return bytes
}

let scratch = URL(fileURLWithPath: "fuzz-out", isDirectory: true)
try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
let current = scratch.appendingPathComponent("\(target)-current")
let deadline = Date().addingTimeInterval(seconds)
var rounds = 0
while Date() < deadline {
    let input = mutate(seeds.randomElement(using: &random)!)
    try? Data(input).write(to: current)
    if target == "data" { FuzzTargets.data(input, scratch: scratch) } else { FuzzTargets.pdf(input) }
    rounds += 1
}
try? FileManager.default.removeItem(at: current)
print("\(target): \(rounds) inputs in \(Int(seconds)) s (seed \(seed)), no crash")
