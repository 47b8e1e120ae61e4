import Foundation

/// A child process's standard output and standard error, read to their ends at once, on two threads: read one after
/// the other, a child that fills the second pipe while the first is read would wait for ever.
public enum ChildOutput {
    public static func read(_ output: Pipe, _ errors: Pipe) -> (output: Data, errors: Data) {
        let box = Box()
        let reader = DispatchGroup()
        reader.enter()
        DispatchQueue.global().async {
            box.errors = errors.fileHandleForReading.readDataToEndOfFile()
            reader.leave()
        }
        let read = output.fileHandleForReading.readDataToEndOfFile()
        reader.wait()
        return (read, box.errors)
    }

    /// The second reader's bytes, handed over once it has finished (the group's wait orders the two).
    private final class Box: @unchecked Sendable {
        var errors = Data()
    }
}
