import Foundation

/// One environment variable, read with the C library's `getenv`. `ProcessInfo.processInfo.environment` copies every
/// variable into a new dictionary at each call (about 350,000 instructions); a cold render asked it 17 times.
public enum EnvironmentVariable {
    public static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
