// A growable first-in-first-out ring buffer.

/// A first-in-first-out queue in one contiguous, growable ring (as SwiftNIO's `CircularBuffer`):
/// O(1) append and removal at the front, no shifting.
@frozen
public struct RingBuffer<Element> {
    internal var slots: ContiguousArray<Element?>
    internal var head: Int = 0
    internal var storedCount: Int = 0
    
    public init(initialCapacity: Int = 16) {
        slots = ContiguousArray(repeating: nil, count: Swift.max(1, initialCapacity))
    }

    /// Number of elements. - Complexity: O(1)
    public var count: Int { storedCount }
    /// Whether the buffer is empty. - Complexity: O(1)
    public var isEmpty: Bool { storedCount == 0 }
    /// The oldest element. - Complexity: O(1)
    public var first: Element? { storedCount == 0 ? nil : slots[head] }

    /// Appends at the back. - Complexity: amortised O(1)
    public mutating func append(_ element: Element) {
        if storedCount == slots.count { grow() }
        var tail = head &+ storedCount
        if tail >= slots.count { tail &-= slots.count }
        slots[tail] = element
        storedCount &+= 1
    }

    /// Removes the oldest element. - Complexity: O(1)
    public mutating func popFirst() -> Element? {
        guard storedCount > 0 else { return nil }
        let element = slots[head]
        slots[head] = nil
        head &+= 1
        if head == slots.count { head = 0 }
        storedCount &-= 1
        return element
    }

    internal mutating func grow() {
        var bigger = ContiguousArray<Element?>(repeating: nil, count: slots.count * 2)
        for i in 0..<storedCount { bigger[i] = slots[(head + i) % slots.count] }
        slots = bigger
        head = 0
    }
}

extension RingBuffer: Sendable where Element: Sendable {}
