// The .xlsx writer: CRC-32, the STORED ZIP writer and reader, the package parts as well-formed XML, numeric cells
// and their styles, XML escaping, determinism and column letters.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reporting

/// What an XML part holds, as a parser sees it: whether it is well-formed, and each `<c>` cell's attributes and text.
final class PartReader: NSObject, XMLParserDelegate {
    struct CellInfo: Equatable { var style: String?; var type: String?; var value: String }
    var cells: [String: CellInfo] = [:]
    var elements: [String: [[String: String]]] = [:]
    private var current: String?
    private var text = ""
    private var collecting = false

    static func read(_ data: Data) -> (ok: Bool, reader: PartReader, error: String?) {
        let parser = XMLParser(data: data)
        let reader = PartReader()
        parser.delegate = reader
        let ok = parser.parse()
        return (ok, reader, parser.parserError.map { "\($0)" })
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements[name, default: []].append(attributes)
        if name == "c" {
            current = attributes["r"]
            cells[current!] = CellInfo(style: attributes["s"], type: attributes["t"], value: "")
            text = ""
        } else if name == "v" || name == "t" {
            collecting = current != nil
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "v" || name == "t" { collecting = false }
        if name == "c", let ref = current {
            cells[ref]!.value = text
            current = nil
        }
    }
}

@Suite("Spreadsheet")
struct SpreadsheetTests {
    static func sample() -> Workbook {
        var all = Sheet(name: "All measures", columnWidths: [24, 40, nil, 14], frozenRows: 1, autoFilterRow: 1)
        all.append(["scenario", "measure", "unit", "mean", "sd", "ci95_low", "ci95_high", "n"].map { .header($0) })
        all.append([.text("default-city"), .text("total_cost_eur_per_year"), .text("€/y"), .number(88_038_250.01076089, format: .euro),
                    .number(1_414_144.448107074, format: .euro), .number(.nan, format: .euro), .number(.infinity), .number(3, format: .integer)])
        all.append([.text("a & b <c> \"d\" 'e'"), .text("share"), .text("1"), .number(0.1234, format: .percent),
                    .number(1e-5, format: .threeDecimals), .number(-2.5e20, format: .twoDecimals), .number(0.5, format: .custom("0.0E+00")),
                    .number(7)])
        var summary = Sheet(name: "Summary", frozenRows: 2, frozenColumns: 1)
        summary.append([.header("Scenario"), .header("Total cost")])
        summary.append([.text("scenario"), .text("total_cost_eur_per_year|mean")])
        summary.append([.text("default-city"), .number(88_038_250.01076089, format: .custom("0.0E+00"))])
        return Workbook(sheets: [all, summary], title: "WijkSim results")
    }

    static func parts(_ workbook: Workbook) throws -> [String: Data] {
        try Spreadsheet.read(workbook.xlsxData())
    }

    static func cells(_ part: Data?) throws -> [String: PartReader.CellInfo] {
        let data = try #require(part)
        let parsed = PartReader.read(data)
        #expect(parsed.ok, "\(parsed.error ?? "")")
        return parsed.reader.cells
    }

    @Test("CRC-32 of known inputs")
    func crc() {
        #expect(CRC32.checksum(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Data()) == 0)
        #expect(CRC32.checksum([UInt8]("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        // In parts, as for a long file.
        let whole = Data("123456789".utf8)
        let first = whole.prefix(4).withUnsafeBytes { CRC32.update(0, $0) }
        #expect(whole.dropFirst(4).withUnsafeBytes { CRC32.update(first, $0) } == 0xCBF4_3926)
    }

    @Test("ZIP round trip: names, contents and order; the fixed date; UTF-8 names")
    func zipRoundTrip() throws {
        let entries = [ZipArchive.Entry(name: "a.txt", data: Data("hello".utf8)),
                       ZipArchive.Entry(name: "map/empty", data: Data()),
                       ZipArchive.Entry(name: "wijk/Café ß €.xml", data: Data((0..<1000).map { UInt8($0 % 251) }))]
        let zip = ZipArchive.archive(entries)
        #expect(try ZipArchive.entries(of: zip) == entries)
        let bytes = [UInt8](zip)
        #expect(bytes.prefix(4) == [0x50, 0x4B, 0x03, 0x04])
        #expect(bytes[6] == 0x00 && bytes[7] == 0x08)  // flag bit 11: UTF-8 names
        #expect(bytes[8] == 0 && bytes[9] == 0)        // stored
        #expect(bytes[10...13] == [0x00, 0x00, 0x21, 0x00])  // 00:00, 1980-01-01
        #expect(bytes.suffix(22).prefix(4) == [0x50, 0x4B, 0x05, 0x06])
        #expect(try ZipArchive.entries(of: ZipArchive.archive([])) == [])
        #expect(ZipArchive.archive(entries) == zip)
    }

    @Test("A flipped byte in an entry's data fails its CRC check")
    func zipCorruption() throws {
        let entries = [ZipArchive.Entry(name: "x.xml", data: Data("<x>1</x>".utf8))]
        var zip = ZipArchive.archive(entries)
        zip[30 + 5 + 3] ^= 0x01  // the header (30 bytes), the name (5), into the data
        #expect(throws: ZipError.checksumMismatch(name: "x.xml", expected: CRC32.checksum(Data("<x>1</x>".utf8)),
                                                  found: CRC32.checksum(Data("<x>0</x>".utf8)))) {
            try ZipArchive.entries(of: zip)
        }
        #expect(throws: ZipError.notAZip) { try ZipArchive.entries(of: Data("not a zip".utf8)) }
        #expect(throws: ZipError.notAZip) { try ZipArchive.entries(of: ZipArchive.archive(entries).dropLast(3)) }
    }

    @Test("Any single flipped byte gives the same entries or a typed error, never a crash or wrong contents")
    func zipFlipEveryByte() throws {
        let entries = [ZipArchive.Entry(name: "a", data: Data("alpha".utf8)), ZipArchive.Entry(name: "b/c", data: Data("beta!".utf8))]
        let zip = ZipArchive.archive(entries)
        var errors = 0
        for i in zip.indices {
            var damaged = zip
            damaged[i] ^= 0x10
            do {
                let read = try ZipArchive.entries(of: damaged)
                // Only fields the reader ignores (versions, dates, attributes) may change without an error.
                #expect(read.map(\.data) == entries.map(\.data), "byte \(i)")
            } catch {
                errors += 1
            }
        }
        #expect(errors > zip.count / 2)
    }

    @Test("Compressed entries, missing parts and damaged archives give typed errors")
    func unsupportedAndMissing() throws {
        var zip = ZipArchive.archive([ZipArchive.Entry(name: "x", data: Data("abc".utf8))])
        zip[8] = 8  // the local header's method: deflate
        let central = 30 + 1 + 3
        zip[central + 10] = 8  // the central directory's
        #expect(throws: ZipError.unsupported(name: "x", reason: "compression method 8")) { try ZipArchive.entries(of: zip) }
        var parts = Self.sample().parts()
        parts.removeAll { $0.name == "xl/styles.xml" }
        #expect(throws: Spreadsheet.Problem.missingPart("xl/styles.xml")) { try Spreadsheet.verify(ZipArchive.archive(parts)) }
        parts = Self.sample().parts().filter { $0.name != "xl/worksheets/sheet2.xml" }
        #expect(throws: Spreadsheet.Problem.missingPart("xl/worksheets/sheet2.xml")) { try Spreadsheet.verify(ZipArchive.archive(parts)) }
        #expect(throws: Spreadsheet.Problem.zip(.notAZip)) { try Spreadsheet.verify(Data()) }
        #expect(Styles([]).style(.custom("")) == 0)
    }

    @Test("The workbook's parts are all there, in order, and each is well-formed XML")
    func partsWellFormed() throws {
        let entries = try ZipArchive.entries(of: Self.sample().xlsxData())
        #expect(entries.map(\.name) == ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
                                        "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                                        "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
        for entry in entries {
            let parsed = PartReader.read(entry.data)
            #expect(parsed.ok, "\(entry.name): \(parsed.error ?? "")")
        }
        #expect(try Spreadsheet.verify(Self.sample().xlsxData()) == 2)
        let workbook = PartReader.read(try #require(entries.first { $0.name == "xl/workbook.xml" }).data).reader
        #expect(workbook.elements["sheet"]?.map { $0["name"] } == ["All measures", "Summary"])
        #expect(workbook.elements["definedName"]?.first?["name"] == "_xlnm._FilterDatabase")
    }

    @Test("A workbook without sheets is written with one empty sheet")
    func emptyWorkbook() throws {
        let parts = try Self.parts(Workbook())
        #expect(parts["xl/worksheets/sheet1.xml"] != nil)
        #expect(try Spreadsheet.verify(Workbook().xlsxData()) == 1)
        #expect(PartReader.read(parts["xl/worksheets/sheet1.xml"]!).ok)
    }

    @Test("Numbers are numeric cells with the style of their format; NaN and infinity are empty cells")
    func numericCells() throws {
        let parts = try Self.parts(Self.sample())
        let cells = try Self.cells(parts["xl/worksheets/sheet1.xml"])
        let styles = Styles(Self.sample().sheets)
        #expect(cells["D2"] == .init(style: "\(styles.style(.euro))", type: nil, value: "88038250.01076089"))
        #expect(cells["H2"] == .init(style: "\(styles.style(.integer))", type: nil, value: "3"))
        #expect(cells["D3"] == .init(style: "\(styles.style(.percent))", type: nil, value: "0.1234"))
        #expect(cells["E3"] == .init(style: "\(styles.style(.threeDecimals))", type: nil, value: "1E-5"))
        #expect(cells["F3"] == .init(style: "\(styles.style(.twoDecimals))", type: nil, value: "-2.5E+20"))
        #expect(cells["H3"] == .init(style: "0", type: nil, value: "7"))
        #expect(cells["F2"] == nil && cells["G2"] == nil)  // NaN, infinity
        #expect(cells["A1"] == .init(style: "1", type: "inlineStr", value: "scenario"))
        // Every number reads back as the same Double.
        for (ref, cell) in cells where cell.type == nil {
            #expect(Double(cell.value) != nil, "\(ref)")
        }
        // styles.xml: the codes under their ids, and cellXfs pointing at them.
        let reader = PartReader.read(try #require(parts["xl/styles.xml"])).reader
        let formats = Dictionary(uniqueKeysWithValues: (reader.elements["numFmt"] ?? []).map { ($0["numFmtId"]!, $0["formatCode"]!) })
        #expect(formats == ["164": "#,##0", "165": "#,##0.00", "166": "0.000", "167": "0.0%", "168": "[$€-413] #,##0", "169": "0.0E+00"])
        let xfs = (reader.elements["xf"] ?? []).dropFirst()  // the first is cellStyleXfs' own
        #expect(xfs.map { $0["numFmtId"]! } == ["0", "0", "164", "165", "166", "167", "168", "169"])
        #expect(xfs[xfs.startIndex + styles.style(.custom("0.0E+00"))]["numFmtId"] == "169")
        #expect(styles.style(.custom("#,##0")) == styles.style(.integer))
        let second = try Self.cells(parts["xl/worksheets/sheet2.xml"])
        #expect(second["B3"]?.style == "\(styles.style(.custom("0.0E+00")))")
    }

    @Test("Number text: C locale, shortest round trip, Excel's exponent form, nothing for NaN")
    func numberText() {
        #expect(XML.number(1) == "1")
        #expect(XML.number(-0.0) == "0")
        #expect(XML.number(0.1) == "0.1")
        #expect(XML.number(1e-5) == "1E-5")
        #expect(XML.number(1.5e300) == "1.5E+300")
        #expect(XML.number(1e16) == "1E+16")
        #expect(XML.number(123_456_789_012_345.6) == "123456789012345.6")
        #expect(XML.number(.nan) == nil && XML.number(-.infinity) == nil)
        for x in [0.1 + 0.2, 1 / 3.0, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, -88_038_250.01076089, 2.5e-7] {
            #expect(Double(XML.number(x)!) == x)
        }
    }

    @Test("XML escaping of text, sheet names and format codes; forbidden control characters dropped")
    func escaping() throws {
        let nasty = "a & b < c > d \"e\" 'f' \u{1}\u{8}g\u{B}\u{FFFE}\th\r\ni"
        var sheet = Sheet(name: "R&D <\"x\">")
        sheet.append([.text(nasty), .text(" padded "), .text("_x0041_ stays"), .header("x&y"),
                      .number(1, format: .custom("#,##0 \"<€>\" & 'x'"))])
        let parts = try Self.parts(Workbook(sheets: [sheet], title: "<&>"))
        for (name, data) in parts { #expect(PartReader.read(data).ok, "\(name)") }
        let cells = try Self.cells(parts["xl/worksheets/sheet1.xml"])
        #expect(cells["A1"]?.value == "a & b < c > d \"e\" 'f' g\th\r\ni")
        #expect(cells["B1"]?.value == " padded ")
        #expect(cells["C1"]?.value == "_x005F_x0041_ stays")  // Excel shows _x0041_ stays
        #expect(cells["D1"]?.value == "x&y")
        let workbook = PartReader.read(parts["xl/workbook.xml"]!).reader
        #expect(workbook.elements["sheet"]?.first?["name"] == "R&D <\"x\">")
        let styles = PartReader.read(parts["xl/styles.xml"]!).reader
        #expect(styles.elements["numFmt"]?.last?["formatCode"] == "#,##0 \"<€>\" & 'x'")
        let raw = String(decoding: parts["xl/worksheets/sheet1.xml"]!, as: UTF8.self)
        #expect(!raw.contains("\u{1}") && !raw.contains("\u{B}"))
    }

    @Test("Sheet names: forbidden characters, length, apostrophes, duplicates")
    func sheetNames() {
        #expect(Sheet.validName("a[b]c:d*e?f/g\\h") == "a_b_c_d_e_f_g_h")
        #expect(Sheet.validName(String(repeating: "x", count: 40)).count == 31)
        #expect(Sheet.validName("'quoted'") == "quoted")
        #expect(Sheet.validName("") == "Sheet")
        #expect(Sheet.validName("History") == "History_")
        #expect(Sheet.validName(String(repeating: "€", count: 30) + "😀😀").utf16.count <= 31)
        let book = Workbook(sheets: [Sheet(name: "Summary"), Sheet(name: "summary"), Sheet(name: "Summary"),
                                     Sheet(name: String(repeating: "y", count: 35)), Sheet(name: String(repeating: "y", count: 31))])
        #expect(book.sheetNames == ["Summary", "summary (2)", "Summary (3)", String(repeating: "y", count: 31),
                                    String(repeating: "y", count: 27) + " (2)"])
    }

    @Test("Frozen panes, column widths and the autofilter are written")
    func view() throws {
        let parts = try Self.parts(Self.sample())
        let first = PartReader.read(parts["xl/worksheets/sheet1.xml"]!).reader
        #expect(first.elements["pane"]?.first == ["ySplit": "1", "topLeftCell": "A2", "activePane": "bottomLeft", "state": "frozen"])
        #expect(first.elements["autoFilter"]?.first?["ref"] == "A1:H3")
        #expect(first.elements["col"]?.map { $0["min"]! + ":" + $0["width"]! } == ["1:24", "2:40", "4:14"])
        #expect(first.elements["dimension"]?.first?["ref"] == "A1:H3")
        let second = PartReader.read(parts["xl/worksheets/sheet2.xml"]!).reader
        #expect(second.elements["pane"]?.first == ["xSplit": "1", "ySplit": "2", "topLeftCell": "B3", "activePane": "bottomRight",
                                                  "state": "frozen"])
        #expect(second.elements["autoFilter"] == nil)
        let workbook = String(decoding: parts["xl/workbook.xml"]!, as: UTF8.self)
        #expect(workbook.contains("&apos;All measures&apos;!$A$1:$H$3"))
    }

    @Test("The same workbook gives byte-identical files")
    func determinism() throws {
        let a = Self.sample().xlsxData()
        let b = Self.sample().xlsxData()
        #expect(a == b)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spreadsheet-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try Self.sample().write(to: url)
        #expect(try Data(contentsOf: url) == a)
        var other = Self.sample()
        other.sheets[0].rows[1][3] = .number(88_038_250.01076089.nextUp, format: .euro)
        #expect(other.xlsxData() != a)
    }

    @Test("Column letters and A1 references")
    func columnLetters() {
        #expect(Spreadsheet.columnName(1) == "A")
        #expect(Spreadsheet.columnName(26) == "Z")
        #expect(Spreadsheet.columnName(27) == "AA")
        #expect(Spreadsheet.columnName(52) == "AZ")
        #expect(Spreadsheet.columnName(53) == "BA")
        #expect(Spreadsheet.columnName(702) == "ZZ")
        #expect(Spreadsheet.columnName(703) == "AAA")
        #expect(Spreadsheet.columnName(16_384) == "XFD")
        #expect(Spreadsheet.cellReference(row: 2, column: 28) == "AB2")
        // Bijective base 26: the names of 1…18,278 are all different and in Excel's order.
        let names = (1...18_278).map(Spreadsheet.columnName)
        #expect(Set(names).count == names.count)
        #expect(zip(names, names.dropFirst()).allSatisfy { a, b in a.count < b.count || (a.count == b.count && a < b) })
    }
}
