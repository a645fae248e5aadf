import Foundation

// Deterministic JSON text for command output: keys in the order given, numbers in Swift's
// shortest round-trip form, so the same run prints the same bytes.

/// A JSON value whose object keys keep their order.
public enum JSONValue: Sendable {
    case number(Double)
    case integer(Int)
    /// A whole number from 0 to 2⁶⁴ − 1 (seeds), written in full.
    case unsigned(UInt64)
    /// JSON text written as it is (a part's provenance carried into run.json).
    case raw(String)
    case string(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public var text: String {
        switch self {
        case .number(let x): return x.isFinite ? "\(x)" : "null"
        case .integer(let n): return "\(n)"
        case .unsigned(let n): return "\(n)"
        case .raw(let text): return text
        case .string(let s): return Self.quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let pairs): return "{" + pairs.map { Self.quote($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
