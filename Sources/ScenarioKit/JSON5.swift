// A small JSON5 reader (https://spec.json5.org) that keeps what a validator needs and Foundation's
// decoder drops: the order of keys, duplicate keys, and the line and column of every value, so
// that an error can point a consultant at the line to fix. Plain JSON is valid JSON5.

/// A parsed value with where it came from.
public struct Node: Sendable {
    public indirect enum Value: Sendable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([Node])
        case object([Member])
    }

    public struct Member: Sendable {
        public var key: String
        public var node: Node
    }

    public var value: Value
    /// A number written like a Dutch thousands separator ("1.200", "12.500"): one to three digits,
    /// a point, three digits ending in 0. JSON reads it as 1.2; the reader asks which was meant.
    public var looksLikeThousands = false
    /// Index into the loader's list of files, line and column (1-based).
    public var file: Int
    public var line: Int
    public var column: Int

    public init(_ value: Value, file: Int = 0, line: Int = 0, column: Int = 0) {
        self.value = value; self.file = file; self.line = line; self.column = column
    }

    public subscript(key: String) -> Node? {
        guard case .object(let members) = value else { return nil }
        return members.last { $0.key == key }?.node
    }

    /// The value as compact JSON text, keys in their order, numbers in their shortest exact form:
    /// two trees with the same content give the same text, wherever their values came from.
    public var canonicalText: String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let x): x.isFinite ? "\(x)" : formatNumber(x)
        case .string(let s): Self.quoted(s)
        case .array(let a): "[" + a.map(\.canonicalText).joined(separator: ",") + "]"
        case .object(let m): "{" + m.map { Self.quoted($0.key) + ":" + $0.node.canonicalText }.joined(separator: ",") + "}"
        }
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// A short rendering of the value for error messages.
    public var shortDescription: String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let x): formatNumber(x)
        case .string(let s): "\"" + (s.count > 40 ? String(s.prefix(37)) + "..." : s) + "\""
        case .array(let a): a.isEmpty ? "[]" : "a list of \(a.count)"
        case .object(let m): m.isEmpty ? "{}" : "an object"
        }
    }

    var typeName: String {
        switch value {
        case .null: "null"
        case .bool: "true/false"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}

public func formatNumber(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "Infinity" : "-Infinity" }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return String(x)
}

/// A syntax error with its position.
public struct SyntaxError: Error, Sendable {
    public var line: Int
    public var column: Int
    public var message: String
}

/// Parses JSON5 text. Nesting deeper than `maxDepth` is refused rather than recursed into.
public struct JSON5Parser {
    public static let maxDepth = 64
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var lineStart = 0
    private let file: Int

    public static func parse(_ text: String, file: Int = 0) throws(SyntaxError) -> Node {
        var p = JSON5Parser(bytes: Array(text.utf8), file: file)
        try p.skipSpace()
        guard p.i < p.bytes.count else { throw p.error("the file is empty; a scenario is an object { ... }") }
        let node = try p.value(depth: 0)
        try p.skipSpace()
        if p.i < p.bytes.count { throw p.error("unexpected \(p.describe(p.bytes[p.i])) after the end of the document") }
        return node
    }

    private init(bytes: [UInt8], file: Int) { self.bytes = bytes; self.file = file }

    private var column: Int { i - lineStart + 1 }

    private func error(_ message: String) -> SyntaxError { SyntaxError(line: line, column: column, message: message) }

    private func describe(_ b: UInt8) -> String {
        b >= 0x21 && b < 0x7f ? "'\(Character(Unicode.Scalar(b)))'" : (b == 0x0a ? "end of line" : "character \(b)")
    }

    private mutating func newline() { line += 1; lineStart = i }

    private mutating func skipSpace() throws(SyntaxError) {
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0a { i += 1; newline() }
            else if b == 0x20 || b == 0x09 || b == 0x0d || b == 0x0b || b == 0x0c { i += 1 }
            else if b == 0xc2, i + 1 < bytes.count, bytes[i + 1] == 0xa0 { i += 2 }               // no-break space
            else if b == 0xef, i + 2 < bytes.count, bytes[i + 1] == 0xbb, bytes[i + 2] == 0xbf { i += 3 } // BOM
            else if b == 0x2f, i + 1 < bytes.count, bytes[i + 1] == 0x2f {                         // // comment
                while i < bytes.count, bytes[i] != 0x0a { i += 1 }
            } else if b == 0x2f, i + 1 < bytes.count, bytes[i + 1] == 0x2a {                       // /* comment */
                let (l, c) = (line, column)
                i += 2
                while true {
                    guard i + 1 < bytes.count else { throw SyntaxError(line: l, column: c, message: "comment '/*' is never closed") }
                    if bytes[i] == 0x2a && bytes[i + 1] == 0x2f { i += 2; break }
                    if bytes[i] == 0x0a { i += 1; newline() } else { i += 1 }
                }
            } else { return }
        }
    }

    private mutating func value(depth: Int) throws(SyntaxError) -> Node {
        guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
        guard i < bytes.count else { throw error("the document ends where a value was expected") }
        let (l, c) = (line, column)
        let b = bytes[i]
        let v: Node.Value
        switch b {
        case 0x7b: v = try object(depth: depth)
        case 0x5b: v = try array(depth: depth)
        case 0x22, 0x27: v = .string(try string())
        case 0x2d, 0x2b, 0x2e, 0x30...0x39:
            let start = i
            v = .number(try number())
            let literal = bytes[start..<i]
            if literal.count >= 5, literal.count <= 7, literal.first! != 0x30, literal.last! == 0x30,
               literal[literal.endIndex - 4] == 0x2e, literal.allSatisfy({ $0 == 0x2e || ($0 >= 0x30 && $0 <= 0x39) }),
               literal.filter({ $0 == 0x2e }).count == 1 {
                var node = Node(v, file: file, line: l, column: c)
                node.looksLikeThousands = true
                return node
            }
        default:
            let word = identifier()
            switch word {
            case "true": v = .bool(true)
            case "false": v = .bool(false)
            case "null": v = .null
            case "Infinity": v = .number(.infinity)
            case "NaN": v = .number(.nan)
            case "": throw error("unexpected \(describe(b)) where a value was expected")
            default: throw SyntaxError(line: l, column: c, message: "unexpected word '\(word)'; text values need quotes, e.g. \"\(word)\"")
            }
        }
        return Node(v, file: file, line: l, column: c)
    }

    private mutating func identifier() -> String {
        let start = i
        while i < bytes.count {
            let b = bytes[i]
            if (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39 && i > start) || b == 0x5f || b == 0x24 {
                i += 1
            } else { break }
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private mutating func object(depth: Int) throws(SyntaxError) -> Node.Value {
        i += 1
        var members: [Node.Member] = []
        while true {
            try skipSpace()
            guard i < bytes.count else { throw error("the document ends inside an object; a '}' is missing") }
            if bytes[i] == 0x7d { i += 1; return .object(members) }
            let (l, c) = (line, column)
            let key: String
            if bytes[i] == 0x22 || bytes[i] == 0x27 { key = try string() } else {
                key = identifier()
                if key.isEmpty { throw error("unexpected \(describe(bytes[i])) where a key or '}' was expected") }
            }
            if members.contains(where: { $0.key == key }) {
                throw SyntaxError(line: l, column: c, message: "key '\(key)' appears twice in the same object")
            }
            try skipSpace()
            guard i < bytes.count, bytes[i] == 0x3a else { throw error("expected ':' after key '\(key)'") }
            i += 1
            try skipSpace()
            members.append(Node.Member(key: key, node: try value(depth: depth + 1)))
            try skipSpace()
            guard i < bytes.count else { throw error("the document ends inside an object; a '}' is missing") }
            if bytes[i] == 0x2c { i += 1; continue }
            if bytes[i] == 0x7d { i += 1; return .object(members) }
            throw error("expected ',' or '}' after the value of '\(key)', found \(describe(bytes[i]))")
        }
    }

    private mutating func array(depth: Int) throws(SyntaxError) -> Node.Value {
        i += 1
        var items: [Node] = []
        while true {
            try skipSpace()
            guard i < bytes.count else { throw error("the document ends inside a list; a ']' is missing") }
            if bytes[i] == 0x5d { i += 1; return .array(items) }
            items.append(try value(depth: depth + 1))
            try skipSpace()
            guard i < bytes.count else { throw error("the document ends inside a list; a ']' is missing") }
            if bytes[i] == 0x2c { i += 1; continue }
            if bytes[i] == 0x5d { i += 1; return .array(items) }
            throw error("expected ',' or ']' in a list, found \(describe(bytes[i]))")
        }
    }

    private mutating func string() throws(SyntaxError) -> String {
        let quote = bytes[i]
        let (l, c) = (line, column)
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw SyntaxError(line: l, column: c, message: "text starting here is never closed") }
            let b = bytes[i]
            if b == quote { i += 1; break }
            if b == 0x0a { throw SyntaxError(line: l, column: c, message: "text starting here runs past the end of the line") }
            if b == 0x5c {
                i += 1
                guard i < bytes.count else { continue }
                let e = bytes[i]
                i += 1
                switch e {
                case 0x6e: out.append(0x0a)
                case 0x74: out.append(0x09)
                case 0x72: out.append(0x0d)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0c)
                case 0x76: out.append(0x0b)
                case 0x30: out.append(0)
                case 0x0a: newline()                                  // line continuation
                case 0x75:
                    guard i + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16)
                    else { throw error("'\\u' must be followed by four hex digits") }
                    i += 4
                    out.append(contentsOf: Array(String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8))
                default: out.append(e)
                }
                continue
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func number() throws(SyntaxError) -> Double {
        let (l, c) = (line, column)
        let start = i
        var sign = 1.0
        if bytes[i] == 0x2d || bytes[i] == 0x2b { sign = bytes[i] == 0x2d ? -1 : 1; i += 1 }
        let word = identifier()
        if word == "Infinity" { return sign * .infinity }
        if word == "NaN" { return .nan }
        if !word.isEmpty { i -= word.utf8.count }
        if i + 1 < bytes.count, bytes[i] == 0x30, bytes[i + 1] | 0x20 == 0x78 {
            i += 2
            let begin = i
            while i < bytes.count, (bytes[i] >= 0x30 && bytes[i] <= 0x39) || (bytes[i] | 0x20 >= 0x61 && bytes[i] | 0x20 <= 0x66) { i += 1 }
            let digits = String(decoding: bytes[begin..<i], as: UTF8.self)
            guard let v = UInt64(digits, radix: 16) else {
                throw SyntaxError(line: l, column: c, message: "'0x\(digits)' is not a hexadecimal number")
            }
            return sign * Double(v)
        }
        let body = i
        while i < bytes.count, (bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] == 0x2e || bytes[i] | 0x20 == 0x65
                || ((bytes[i] == 0x2d || bytes[i] == 0x2b) && i > body && bytes[i - 1] | 0x20 == 0x65) {
            i += 1
        }
        var text = String(decoding: bytes[body..<i], as: UTF8.self)
        if text.hasPrefix(".") { text = "0" + text }
        if text.hasSuffix(".") { text += "0" }
        guard let v = Double(text), !text.isEmpty else {
            let raw = String(decoding: bytes[start..<max(i, start + 1)], as: UTF8.self)
            throw SyntaxError(line: l, column: c, message: "'\(raw)' is not a number")
        }
        return sign * v
    }
}
