// Spreadsheets without dependencies: a deterministic Office Open XML (.xlsx) writer on a STORED ZIP writer and reader.

import Foundation

// MARK: - CRC-32

/// CRC-32 as ZIP uses it (IEEE 802.3, reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF).
public enum CRC32 {
    /// The 256-entry lookup table of the reflected polynomial 0xEDB88320.
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 of `data`; `checksum(Data())` is 0 and `checksum(Data("123456789".utf8))` is 0xCBF43926.
    public static func checksum(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { update(0, $0) }
    }

    /// The CRC-32 of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { update(0, $0) }
    }

    /// Continues `crc` (the result of an earlier call, or 0 to start) over `bytes`, so a long input can be fed in parts.
    public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var c = ~crc
        table.withUnsafeBufferPointer { t in
            for b in bytes { c = t[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        }
        return ~c
    }
}

// MARK: - ZIP

/// Why a ZIP archive could not be read.
public enum ZipError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No end-of-central-directory record: not a ZIP archive, or cut off at the end.
    case notAZip
    /// A record or an entry's data runs past the end of the archive.
    case truncated(offset: Int)
    /// A record does not start with the signature it should have.
    case badSignature(offset: Int, expected: UInt32)
    /// An entry uses compression, encryption or ZIP64, which this reader does not support.
    case unsupported(name: String, reason: String)
    /// An entry's data does not have the CRC-32 that the archive records for it.
    case checksumMismatch(name: String, expected: UInt32, found: UInt32)
    /// The central directory and an entry's local header disagree (name or sizes).
    case inconsistent(name: String)
    /// Two entries have the same name.
    case duplicateName(String)

    /// The problem in one line, for a message to the user.
    public var description: String {
        switch self {
        case .notAZip: "not a ZIP archive (no end of central directory record)"
        case .truncated(let offset): "ZIP archive cut off (a record at byte \(offset) runs past the end)"
        case .badSignature(let offset, let expected):
            "ZIP archive damaged (byte \(offset) should start a record with signature 0x\(String(expected, radix: 16)))"
        case .unsupported(let name, let reason): "ZIP entry \(name): \(reason) is not supported"
        case .checksumMismatch(let name, let expected, let found):
            "ZIP entry \(name) is damaged (CRC-32 0x\(String(found, radix: 16)), recorded 0x\(String(expected, radix: 16)))"
        case .inconsistent(let name): "ZIP entry \(name): its local header and the central directory disagree"
        case .duplicateName(let name): "ZIP archive has two entries named \(name)"
        }
    }
}

/// A ZIP archive of STORED (uncompressed) entries, written byte for byte the same for the same entries.
///
/// Every entry has the DOS date and time 1980-01-01 00:00, UTF-8 names (general purpose flag bit 11),
/// no extra fields and no comments. No ZIP64: at most 65,535 entries and 4 GiB in all.
public enum ZipArchive {
    /// One file in an archive: its path (with `/` separators) and its bytes.
    public struct Entry: Equatable, Sendable {
        /// The path inside the archive, such as `xl/workbook.xml`.
        public var name: String
        /// The file's bytes.
        public var data: Data

        /// An entry named `name` holding `data`.
        public init(name: String, data: Data) {
            self.name = name
            self.data = data
        }
    }

    static let localHeaderSignature: UInt32 = 0x0403_4B50
    static let centralHeaderSignature: UInt32 = 0x0201_4B50
    static let endSignature: UInt32 = 0x0605_4B50
    /// DOS date 1980-01-01 (year 0 since 1980, month 1, day 1) and time 00:00:00.
    static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1
    static let dosTime: UInt16 = 0
    /// Bit 11: the file name is UTF-8.
    static let utf8Flag: UInt16 = 1 << 11
    /// Version 2.0 (the lowest PKWARE version of the fields used), made on MS-DOS (host 0).
    static let version: UInt16 = 20

    /// The archive of `entries`, in their order. The entries' names must be distinct.
    public static func archive(_ entries: [Entry]) -> Data {
        precondition(entries.count <= 0xFFFF, "ZipArchive: more than 65,535 entries need ZIP64")
        var out = [UInt8]()
        out.reserveCapacity(entries.reduce(22) { $0 + 76 + 2 * $1.name.utf8.count + $1.data.count })
        var central = [UInt8]()
        for entry in entries {
            let name = Array(entry.name.utf8)
            precondition(name.count <= 0xFFFF, "ZipArchive: entry name longer than 65,535 bytes")
            precondition(entry.data.count < 0xFFFF_FFFF && out.count < 0xFFFF_FFFF, "ZipArchive: over 4 GiB needs ZIP64")
            let crc = CRC32.checksum(entry.data)
            let size = UInt32(entry.data.count)
            let offset = UInt32(out.count)
            // Local file header.
            put32(&out, localHeaderSignature)
            put16(&out, version); put16(&out, utf8Flag); put16(&out, 0)  // version needed, flags, method: stored
            put16(&out, dosTime); put16(&out, dosDate)
            put32(&out, crc); put32(&out, size); put32(&out, size)
            put16(&out, UInt16(name.count)); put16(&out, 0)  // name length, extra length
            out += name
            out += entry.data
            // Its central directory header.
            put32(&central, centralHeaderSignature)
            put16(&central, version); put16(&central, version); put16(&central, utf8Flag); put16(&central, 0)
            put16(&central, dosTime); put16(&central, dosDate)
            put32(&central, crc); put32(&central, size); put32(&central, size)
            put16(&central, UInt16(name.count)); put16(&central, 0); put16(&central, 0)  // name, extra, comment lengths
            put16(&central, 0); put16(&central, 0); put32(&central, 0)  // disk, internal and external attributes
            put32(&central, offset)
            central += name
        }
        precondition(out.count + central.count < 0xFFFF_FFFF, "ZipArchive: over 4 GiB needs ZIP64")
        let centralOffset = UInt32(out.count)
        out += central
        // End of central directory record.
        put32(&out, endSignature)
        put16(&out, 0); put16(&out, 0)  // this disk, disk of the central directory
        put16(&out, UInt16(entries.count)); put16(&out, UInt16(entries.count))
        put32(&out, UInt32(central.count)); put32(&out, centralOffset)
        put16(&out, 0)  // comment length
        return Data(out)
    }

    /// The entries of a ZIP archive of STORED entries, in central directory order, each checked against its CRC-32.
    /// Throws a `ZipError` for anything damaged, inconsistent or unsupported (compression, encryption, ZIP64).
    public static func entries(of data: Data) throws(ZipError) -> [Entry] {
        let bytes = [UInt8](data)
        let n = bytes.count
        func u16(_ at: Int) throws(ZipError) -> Int {
            guard at >= 0, at + 2 <= n else { throw .truncated(offset: at) }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) throws(ZipError) -> Int {
            guard at >= 0, at + 4 <= n else { throw .truncated(offset: at) }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        // The end record is the last 22 bytes, unless an archive comment (≤ 65,535 bytes) follows it.
        guard n >= 22 else { throw .notAZip }
        var end = -1
        var at = n - 22
        while at >= max(0, n - 22 - 0xFFFF) {
            if try u32(at) == Int(endSignature), try at + 22 + u16(at + 20) == n { end = at; break }
            at -= 1
        }
        guard end >= 0 else { throw .notAZip }
        let count = try u16(end + 10)
        let centralSize = try u32(end + 12)
        let centralOffset = try u32(end + 16)
        if count == 0xFFFF || centralSize == 0xFFFF_FFFF || centralOffset == 0xFFFF_FFFF {
            throw .unsupported(name: "(archive)", reason: "ZIP64")
        }
        guard try u16(end + 4) == 0, try u16(end + 6) == 0, try u16(end + 8) == count else {
            throw .unsupported(name: "(archive)", reason: "an archive on several disks")
        }
        guard centralOffset + centralSize <= end else { throw .truncated(offset: centralOffset) }
        var result: [Entry] = []
        var seen = Set<String>()
        var p = centralOffset
        for _ in 0..<count {
            guard try u32(p) == Int(centralHeaderSignature) else { throw .badSignature(offset: p, expected: centralHeaderSignature) }
            let flags = try u16(p + 8)
            let method = try u16(p + 10)
            let crc = UInt32(try u32(p + 16))
            let compressed = try u32(p + 20)
            let size = try u32(p + 24)
            let nameLength = try u16(p + 28)
            let extraLength = try u16(p + 30)
            let commentLength = try u16(p + 32)
            let local = try u32(p + 42)
            guard p + 46 + nameLength <= n else { throw .truncated(offset: p) }
            let nameBytes = Array(bytes[(p + 46)..<(p + 46 + nameLength)])
            let name = String(decoding: nameBytes, as: UTF8.self)
            if flags & 1 != 0 { throw .unsupported(name: name, reason: "encryption") }
            if method != 0 { throw .unsupported(name: name, reason: "compression method \(method)") }
            if compressed == 0xFFFF_FFFF || size == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
                throw .unsupported(name: name, reason: "ZIP64")
            }
            guard compressed == size else { throw .inconsistent(name: name) }
            // The local header repeats the name; the data follows its name and extra field.
            guard try u32(local) == Int(localHeaderSignature) else { throw .badSignature(offset: local, expected: localHeaderSignature) }
            let localNameLength = try u16(local + 26)
            let localExtraLength = try u16(local + 28)
            guard local + 30 + localNameLength <= n, Array(bytes[(local + 30)..<(local + 30 + localNameLength)]) == nameBytes,
                  try u16(local + 8) == 0 else { throw .inconsistent(name: name) }
            // Without a data descriptor (flag bit 3) the local header's sizes and CRC must be those of the directory.
            if flags & 8 == 0 {
                guard try UInt32(u32(local + 14)) == crc, try u32(local + 18) == size, try u32(local + 22) == size else {
                    throw .inconsistent(name: name)
                }
            }
            let start = local + 30 + localNameLength + localExtraLength
            guard start + size <= centralOffset else { throw .truncated(offset: local) }
            let content = Array(bytes[start..<(start + size)])
            let found = CRC32.checksum(content)
            guard found == crc else { throw .checksumMismatch(name: name, expected: crc, found: found) }
            guard seen.insert(name).inserted else { throw .duplicateName(name) }
            result.append(Entry(name: name, data: Data(content)))
            p += 46 + nameLength + extraLength + commentLength
        }
        guard p == centralOffset + centralSize else { throw .inconsistent(name: "(central directory)") }
        return result
    }

    static func put16(_ out: inout [UInt8], _ v: UInt16) {
        out.append(UInt8(v & 0xFF)); out.append(UInt8(v >> 8))
    }

    static func put32(_ out: inout [UInt8], _ v: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((v >> UInt32(shift)) & 0xFF)) }
    }
}

// MARK: - Workbook model

/// How a numeric cell is displayed. The codes are locale-neutral (`.` decimal point, `,` thousands);
/// Excel and LibreOffice show them in the reader's locale (a Dutch Excel shows 1.234,56).
public enum NumberFormat: Hashable, Sendable {
    /// Excel's General: as many digits as fit.
    case general
    /// A whole number with thousands separators: `#,##0`.
    case integer
    /// Two decimals with thousands separators: `#,##0.00`.
    case twoDecimals
    /// Three decimals: `0.000`.
    case threeDecimals
    /// A share shown as a percentage with one decimal (0.123 shows as 12.3%): `0.0%`.
    case percent
    /// Whole euros with thousands separators and the euro sign in the Dutch position: `[$€-413] #,##0`.
    case euro
    /// Any Excel number format code, such as `0.0E+00` or `#,##0 "h"`.
    case custom(String)

    /// The predefined formats, in the order of their style ids (numFmtId 164 on).
    static let predefined: [NumberFormat] = [.integer, .twoDecimals, .threeDecimals, .percent, .euro]

    /// The format code written to styles.xml (`General` for `.general` and for an empty custom code).
    public var code: String {
        switch self {
        case .general: "General"
        case .integer: "#,##0"
        case .twoDecimals: "#,##0.00"
        case .threeDecimals: "0.000"
        case .percent: "0.0%"
        case .euro: "[$€-413] #,##0"
        case .custom(let code): code.isEmpty ? "General" : code
        }
    }
}

/// One worksheet: a name, rows of cells from A1 on, and how it is shown (column widths, frozen panes, an autofilter).
public struct Sheet: Equatable, Sendable {
    /// One cell's content.
    public enum Cell: Equatable, Sendable {
        /// No content; nothing is written for it.
        case empty
        /// A number shown in `format`. NaN and ±infinity are written as empty cells, never as text or invalid XML.
        case number(Double, format: NumberFormat = .general)
        /// Plain text.
        case text(String)
        /// Bold text, for header rows.
        case header(String)
    }

    /// The sheet's tab name. On writing it is made valid for Excel (see `Sheet.validName(_:)`) and unique in the workbook.
    public var name: String
    /// The rows from row 1, each a list of cells from column A. Rows may differ in length.
    public var rows: [[Cell]]
    /// Column widths in characters of the default font, from column A; nil (or a missing entry) keeps the default width.
    public var columnWidths: [Double?]
    /// How many top rows stay in view when scrolling (0: none).
    public var frozenRows: Int
    /// How many left columns stay in view when scrolling (0: none).
    public var frozenColumns: Int
    /// The 1-based row that gets filter buttons (usually 1, the header row); the filter covers the rows below it
    /// and every used column. Nil: no autofilter.
    public var autoFilterRow: Int?

    /// A sheet named `name` (made valid on writing) with `rows`.
    public init(name: String, rows: [[Cell]] = [], columnWidths: [Double?] = [], frozenRows: Int = 0,
                frozenColumns: Int = 0, autoFilterRow: Int? = nil) {
        self.name = name
        self.rows = rows
        self.columnWidths = columnWidths
        self.frozenRows = frozenRows
        self.frozenColumns = frozenColumns
        self.autoFilterRow = autoFilterRow
    }

    /// Appends one row below the last.
    public mutating func append(_ row: [Cell]) {
        rows.append(row)
    }

    /// `name` as a valid Excel sheet name: the characters Excel forbids (`[ ] : * ? / \` and control characters) become `_`,
    /// leading and trailing apostrophes are removed, at most 31 characters (UTF-16 units) are kept,
    /// an empty name becomes `Sheet` and the reserved name `History` becomes `History_`.
    public static func validName(_ name: String) -> String {
        var s = String(String.UnicodeScalarView(name.unicodeScalars.map { c in
            "[]:*?/\\".unicodeScalars.contains(c) || c.value < 0x20 || (0x7F...0x9F).contains(c.value)
                || c.value == 0xFFFE || c.value == 0xFFFF ? "_" : c
        }))
        while s.hasPrefix("'") { s.removeFirst() }
        while s.hasSuffix("'") { s.removeLast() }
        s = truncated(s, utf16: 31)
        while s.hasSuffix("'") { s.removeLast() }
        if s.isEmpty { return "Sheet" }
        if s.lowercased() == "history" { return s + "_" }
        return s
    }

    /// The longest prefix of `s` of whole characters with at most `limit` UTF-16 units.
    static func truncated(_ s: String, utf16 limit: Int) -> String {
        if s.utf16.count <= limit { return s }
        var out = ""
        var used = 0
        for ch in s {
            let w = ch.utf16.count
            if used + w > limit { break }
            out.append(ch)
            used += w
        }
        return out
    }
}

/// An Excel workbook: ordered sheets and document properties, written as a deterministic .xlsx file
/// (the same workbook always gives the same bytes).
///
///     var sheet = Sheet(name: "Summary", frozenRows: 1, autoFilterRow: 1)
///     sheet.append([.header("scenario"), .header("cost")])
///     sheet.append([.text("default-city"), .number(88_038_250.01, format: .euro)])
///     try Workbook(sheets: [sheet]).write(to: URL(fileURLWithPath: "results.xlsx"))
public struct Workbook: Equatable, Sendable {
    /// The sheets, in tab order. A workbook without sheets is written with one empty sheet, as Excel needs one.
    public var sheets: [Sheet]
    /// The document title (docProps/core.xml), if any.
    public var title: String?
    /// The document's author and the application named in docProps (docProps/core.xml and app.xml).
    public var creator: String

    /// A workbook of `sheets`.
    public init(sheets: [Sheet] = [], title: String? = nil, creator: String = "WijkSim") {
        self.sheets = sheets
        self.title = title
        self.creator = creator
    }

    /// Appends a sheet after the last.
    public mutating func append(_ sheet: Sheet) {
        sheets.append(sheet)
    }

    /// The sheet names as written: each made valid (`Sheet.validName`) and, where two would be the same
    /// (Excel compares without case), the later one given a suffix ` (2)`, ` (3)`, ….
    public var sheetNames: [String] {
        var used = Set<String>()
        var names: [String] = []
        for sheet in sheets.isEmpty ? [Sheet(name: "Sheet1")] : sheets {
            let base = Sheet.validName(sheet.name)
            var name = base
            var k = 2
            while used.contains(name.lowercased()) {
                let suffix = " (\(k))"
                name = Sheet.truncated(base, utf16: 31 - suffix.utf16.count) + suffix
                k += 1
            }
            used.insert(name.lowercased())
            names.append(name)
        }
        return names
    }

    /// The workbook as the bytes of an .xlsx file.
    public func xlsxData() -> Data {
        ZipArchive.archive(parts())
    }

    /// Writes the workbook to `url` atomically (a temporary file, then a rename), so a file that exists is complete.
    /// Throws Foundation's error if the file cannot be written.
    public func write(to url: URL) throws {
        try xlsxData().write(to: url, options: .atomic)
    }

    /// The package parts in the order they are stored: [Content_Types].xml, _rels/.rels, docProps/core.xml,
    /// docProps/app.xml, xl/workbook.xml, xl/_rels/workbook.xml.rels, xl/styles.xml, xl/worksheets/sheet1.xml, ….
    public func parts() -> [ZipArchive.Entry] {
        let sheets = self.sheets.isEmpty ? [Sheet(name: "Sheet1")] : self.sheets
        let names = sheetNames
        let styles = Styles(sheets)
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", rootRelationships),
            ("docProps/core.xml", coreProperties),
            ("docProps/app.xml", appProperties(names)),
            ("xl/workbook.xml", workbookXML(sheets, names)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", styles.xml),
        ]
        for (i, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(i + 1).xml", worksheetXML(sheet, selected: i == 0, styles: styles)))
        }
        return parts.map { ZipArchive.Entry(name: $0.0, data: Data($0.1.utf8)) }
    }
}

// MARK: - Reading back

/// Helpers for spreadsheets: A1-style references and a structural check of .xlsx files.
public enum Spreadsheet {
    /// Why an .xlsx file failed the structural check.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// The ZIP container is damaged or unsupported.
        case zip(ZipError)
        /// A part that every workbook needs, or that the workbook refers to, is missing.
        case missingPart(String)

        /// The problem in one line, for a message to the user.
        public var description: String {
            switch self {
            case .zip(let e): "not a readable .xlsx file: \(e)"
            case .missingPart(let name): "not a complete .xlsx file: part \(name) is missing"
            }
        }
    }

    /// The column letters of 1-based `column`: 1 → A, 26 → Z, 27 → AA, 702 → ZZ, 703 → AAA (Excel's last is 16,384 → XFD).
    public static func columnName(_ column: Int) -> String {
        precondition(column >= 1, "Spreadsheet.columnName: columns start at 1")
        var n = column
        var letters: [UInt8] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.append(UInt8(ascii: "A") + UInt8(r))
            n = (n - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// The A1-style reference of the cell at 1-based `row` and `column`: (1, 1) → A1, (2, 28) → AB2.
    public static func cellReference(row: Int, column: Int) -> String {
        precondition(row >= 1, "Spreadsheet.cellReference: rows start at 1")
        return columnName(column) + String(row)
    }

    /// The parts of an .xlsx (or any STORED ZIP) file by name, each checked against its CRC-32.
    public static func read(_ data: Data) throws(ZipError) -> [String: Data] {
        var parts: [String: Data] = [:]
        for entry in try ZipArchive.entries(of: data) { parts[entry.name] = entry.data }
        return parts
    }

    /// Checks that `data` is a readable .xlsx file as this writer makes them: a sound ZIP with the package parts,
    /// and a worksheet part for each sheet of xl/workbook.xml. Returns the number of sheets. Does not parse the XML.
    @discardableResult
    public static func verify(_ data: Data) throws(Problem) -> Int {
        let parts: [String: Data]
        do { parts = try read(data) } catch { throw .zip(error) }
        for name in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"]
        where parts[name] == nil {
            throw .missingPart(name)
        }
        let workbook = String(decoding: parts["xl/workbook.xml"]!, as: UTF8.self)
        let count = workbook.components(separatedBy: "<sheet ").count - 1
        for i in 1...max(count, 1) where parts["xl/worksheets/sheet\(i).xml"] == nil {
            throw .missingPart("xl/worksheets/sheet\(i).xml")
        }
        return count
    }
}

// MARK: - XML text

enum XML {
    /// Excel's limit on the characters (UTF-16 units) in one cell.
    static let maximumCellText = 32_767

    /// Whether XML 1.0 allows the scalar at all (Swift strings hold no lone surrogates).
    static func allowed(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v != 0xFFFE && v != 0xFFFF)
    }

    /// `s` as element content: the five special characters escaped, characters XML 1.0 forbids dropped,
    /// a carriage return kept as a character reference (a literal one would be read as a line feed).
    static func text(_ s: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(s.unicodeScalars.count)
        for c in s.unicodeScalars where allowed(c) {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// `s` as an attribute value in double quotes: like `text`, and tab and line feed as references too,
    /// since a parser turns literal ones into spaces.
    static func attribute(_ s: String) -> String {
        text(s).replacingOccurrences(of: "\t", with: "&#9;").replacingOccurrences(of: "\n", with: "&#10;")
    }

    /// Cell text as Excel reads it: at most 32,767 characters, and a literal `_xHHHH_` kept literal by escaping its
    /// underscore as `_x005F_` (Excel and LibreOffice decode `_xHHHH_` to the character U+HHHH).
    static func cellText(_ s: String) -> String {
        var s = String(String.UnicodeScalarView(s.unicodeScalars.filter(allowed)))
        if s.contains("_x") { s = escapeUnderscores(s) }
        return text(Sheet.truncated(s, utf16: maximumCellText))
    }

    static func escapeUnderscores(_ s: String) -> String {
        let u = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < u.count {
            if u[i] == "_", i + 6 < u.count, u[i + 1] == "x", u[i + 6] == "_",
               u[(i + 2)...(i + 5)].allSatisfy({ $0.properties.isASCIIHexDigit }) {
                out.append(contentsOf: "_x005F_".unicodeScalars)
            } else {
                out.append(u[i])
            }
            i += 1
        }
        return String(out)
    }

    /// `x` as an xsd:double in the C locale, shortest round-trip: 1, 0.1, 88038250.01076089, 1E-5, 1.5E+20.
    /// Nil for NaN and infinities, which have no valid form in a numeric cell.
    static func number(_ x: Double) -> String? {
        guard x.isFinite else { return nil }
        if x == 0 { return "0" }  // also -0
        var s = "\(x)"  // Swift's description is the shortest string that reads back as the same Double
        guard let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
            if s.hasSuffix(".0") { s.removeLast(2) }
            return s
        }
        var mantissa = String(s[..<e])
        if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
        let exponent = Int(s[s.index(after: e)...])!
        return mantissa + (exponent < 0 ? "E-" : "E+") + String(abs(exponent))
    }
}

// MARK: - Package parts

private let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
private let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
private let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

/// The number formats and cell formats (cellXfs) of a workbook. Fixed ids: xf 0 General, xf 1 bold text,
/// xf 2…6 the predefined formats (numFmtId 164…168); custom codes follow in order of first use (numFmtId 169 on).
struct Styles {
    /// Format code → cellXfs index.
    private(set) var index: [String: Int] = [:]
    /// numFmt codes from id 164 on.
    private(set) var codes: [String] = []

    static let headerStyle = 1

    init(_ sheets: [Sheet]) {
        index["General"] = 0
        for format in NumberFormat.predefined { add(format.code) }
        for sheet in sheets {
            for row in sheet.rows {
                for cell in row {
                    if case .number(let x, let format) = cell, x.isFinite, index[format.code] == nil { add(format.code) }
                }
            }
        }
    }

    private mutating func add(_ code: String) {
        codes.append(code)
        index[code] = codes.count + 1  // after xf 0 (General) and xf 1 (header)
    }

    /// The cellXfs index of a number in `format`.
    func style(_ format: NumberFormat) -> Int {
        index[format.code]!
    }

    var xml: String {
        var x = declaration + "<styleSheet xmlns=\"\(mainNamespace)\">"
        x += "<numFmts count=\"\(codes.count)\">"
        for (i, code) in codes.enumerated() { x += "<numFmt numFmtId=\"\(164 + i)\" formatCode=\"\(XML.attribute(code))\"/>" }
        x += "</numFmts>"
        let font = "<sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/>"
        x += "<fonts count=\"2\"><font>\(font)</font><font><b/>\(font)</font></fonts>"
        x += "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        x += "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        x += "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        x += "<cellXfs count=\"\(codes.count + 2)\">"
        x += "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        x += "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        for i in codes.indices {
            x += "<xf numFmtId=\"\(164 + i)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        }
        x += "</cellXfs>"
        x += "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        x += "<dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium2\" defaultPivotStyle=\"PivotStyleLight16\"/>"
        x += "</styleSheet>"
        return x
    }
}

extension Workbook {
    func contentTypes(sheetCount: Int) -> String {
        var x = declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        x += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        x += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        x += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for i in 1...sheetCount {
            x += "<Override PartName=\"/xl/worksheets/sheet\(i).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        x += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        x += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        x += "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        return x + "</Types>"
    }

    var rootRelationships: String {
        declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"\(relationshipsNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"\(relationshipsNamespace)/extended-properties\" Target=\"docProps/app.xml\"/>"
            + "</Relationships>"
    }

    /// No dates: they would make two writes of the same workbook differ.
    var coreProperties: String {
        var x = declaration + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        if let title { x += "<dc:title>\(XML.text(title))</dc:title>" }
        x += "<dc:creator>\(XML.text(creator))</dc:creator>"
        return x + "</cp:coreProperties>"
    }

    func appProperties(_ names: [String]) -> String {
        var x = declaration + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\""
            + " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        x += "<Application>\(XML.text(creator))</Application>"
        x += "<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>"
        x += "<vt:variant><vt:i4>\(names.count)</vt:i4></vt:variant></vt:vector></HeadingPairs>"
        x += "<TitlesOfParts><vt:vector size=\"\(names.count)\" baseType=\"lpstr\">"
        for name in names { x += "<vt:lpstr>\(XML.text(name))</vt:lpstr>" }
        return x + "</vt:vector></TitlesOfParts></Properties>"
    }

    func workbookXML(_ sheets: [Sheet], _ names: [String]) -> String {
        var x = declaration + "<workbook xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipsNamespace)\">"
        x += "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (i, name) in names.enumerated() {
            x += "<sheet name=\"\(XML.attribute(name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        x += "</sheets>"
        // Excel keeps an autofilter's range as the hidden name _xlnm._FilterDatabase of its sheet.
        var defined = ""
        for (i, sheet) in sheets.enumerated() {
            guard let range = sheet.autoFilterRange else { continue }
            let parts = range.split(separator: ":").map { absolute(String($0)) }
            let quoted = "'" + names[i].replacingOccurrences(of: "'", with: "''") + "'"
            defined += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(i)\" hidden=\"1\">"
                + XML.text("\(quoted)!\(parts.joined(separator: ":"))") + "</definedName>"
        }
        if !defined.isEmpty { x += "<definedNames>\(defined)</definedNames>" }
        return x + "<calcPr calcId=\"191029\"/></workbook>"
    }

    /// B12 → $B$12.
    private func absolute(_ reference: String) -> String {
        let letters = reference.prefix { $0.isLetter }
        return "$\(letters)$\(reference.dropFirst(letters.count))"
    }

    func workbookRelationships(sheetCount: Int) -> String {
        var x = declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for i in 1...sheetCount {
            x += "<Relationship Id=\"rId\(i)\" Type=\"\(relationshipsNamespace)/worksheet\" Target=\"worksheets/sheet\(i).xml\"/>"
        }
        x += "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(relationshipsNamespace)/styles\" Target=\"styles.xml\"/>"
        return x + "</Relationships>"
    }

    func worksheetXML(_ sheet: Sheet, selected: Bool, styles: Styles) -> String {
        precondition(sheet.rows.count <= 1_048_576, "Sheet \(sheet.name): Excel has at most 1,048,576 rows")
        precondition(sheet.columnCount <= 16_384, "Sheet \(sheet.name): Excel has at most 16,384 columns")
        precondition(sheet.frozenRows >= 0 && sheet.frozenColumns >= 0, "Sheet \(sheet.name): negative frozen pane")
        var x = declaration + "<worksheet xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipsNamespace)\">"
        let columns = max(sheet.columnCount, 1)
        let lastRow = max(sheet.rows.count, 1)
        x += "<dimension ref=\"\(sheet.rows.isEmpty ? "A1" : "A1:" + Spreadsheet.cellReference(row: lastRow, column: columns))\"/>"
        // The view: the first sheet selected, and frozen panes.
        x += "<sheetViews><sheetView\(selected ? " tabSelected=\"1\"" : "") workbookViewId=\"0\">"
        let (r, c) = (sheet.frozenRows, sheet.frozenColumns)
        if r > 0 || c > 0 {
            let topLeft = Spreadsheet.cellReference(row: r + 1, column: c + 1)
            let pane = r > 0 && c > 0 ? "bottomRight" : r > 0 ? "bottomLeft" : "topRight"
            x += "<pane" + (c > 0 ? " xSplit=\"\(c)\"" : "") + (r > 0 ? " ySplit=\"\(r)\"" : "")
            x += " topLeftCell=\"\(topLeft)\" activePane=\"\(pane)\" state=\"frozen\"/>"
            if r > 0 && c > 0 { x += "<selection pane=\"topRight\"/><selection pane=\"bottomLeft\"/>" }
            x += "<selection pane=\"\(pane)\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/>"
        }
        x += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        let widths = sheet.columnWidths.enumerated().compactMap { i, w in w.flatMap { $0.isFinite && $0 > 0 ? (i + 1, $0) : nil } }
        if !widths.isEmpty {
            x += "<cols>"
            for (i, w) in widths {
                x += "<col min=\"\(i)\" max=\"\(i)\" width=\"\(XML.number(min(w, 255))!)\" customWidth=\"1\"/>"
            }
            x += "</cols>"
        }
        x += "<sheetData>"
        for (i, row) in sheet.rows.enumerated() {
            var cells = ""
            for (j, cell) in row.enumerated() {
                let ref = Spreadsheet.cellReference(row: i + 1, column: j + 1)
                switch cell {
                case .empty: continue
                case .number(let value, let format):
                    guard let v = XML.number(value) else { continue }
                    cells += "<c r=\"\(ref)\" s=\"\(styles.style(format))\"><v>\(v)</v></c>"
                case .text(let s): cells += inline(ref, s, style: nil)
                case .header(let s): cells += inline(ref, s, style: Styles.headerStyle)
                }
            }
            if !cells.isEmpty { x += "<row r=\"\(i + 1)\">\(cells)</row>" }
        }
        x += "</sheetData>"
        if let range = sheet.autoFilterRange { x += "<autoFilter ref=\"\(range)\"/>" }
        x += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        return x + "</worksheet>"
    }

    private func inline(_ ref: String, _ s: String, style: Int?) -> String {
        let text = XML.cellText(s)
        if text.isEmpty { return "" }
        let preserve = s.first.map { $0.isWhitespace } == true || s.last.map { $0.isWhitespace } == true
        return "<c r=\"\(ref)\"" + (style.map { " s=\"\($0)\"" } ?? "") + " t=\"inlineStr\"><is><t"
            + (preserve ? " xml:space=\"preserve\"" : "") + ">\(text)</t></is></c>"
    }
}

extension Sheet {
    /// The number of columns in use: the longest row's length.
    var columnCount: Int { rows.map(\.count).max() ?? 0 }

    /// The autofilter's range: from column A of the filter row to the last used column of the last row.
    var autoFilterRange: String? {
        guard let row = autoFilterRow else { return nil }
        precondition(row >= 1, "Sheet \(name): the autofilter row starts at 1")
        return Spreadsheet.cellReference(row: row, column: 1) + ":"
            + Spreadsheet.cellReference(row: max(row, rows.count), column: max(columnCount, 1))
    }
}
