// Standard output without stdio's buffer: every `print` in this module writes straight to file
// descriptor 1 and remembers the first failure (a full disk, /dev/full), so that the command can
// exit 3 instead of 0 when its results did not reach their destination (a buffered stream would drop
// the error silently). A closed pipe (`| head`) also stops the output, and exits 3 without a message.

import Foundation
import Synchronization

/// The errno of the first write to standard output that failed, if any.
let standardOutputFailure = Mutex<Int32?>(nil)

/// Writes the items as `Swift.print` would, to file descriptor 1.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    var text = items.map { "\($0)" }.joined(separator: separator) + terminator
    text.withUTF8 { buffer in
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let written = write(1, base + offset, buffer.count - offset)
            if written < 0 {
                let error = errno
                if error == EINTR { continue }
                standardOutputFailure.withLock { if $0 == nil { $0 = error } }
                return
            }
            offset += written
        }
    }
}
