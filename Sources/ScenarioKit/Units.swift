// Explicit units in scenario files: durations ("30d", "6w", "9m", "2y"), rates ("0.12/y", "1/26w")
// and money per time ("41/d" euros per day). The model works in weeks; a year is 52 weeks and a
// month 52/12 weeks.

enum Units {
    static let weeksPer: [Character: Double] = ["d": 1.0 / 7, "w": 1, "m": 52.0 / 12, "y": 52]

    /// "6w" → 6; "30d" → 30/7. Nil when the text is not a non-negative number followed by d, w, m or y.
    static func weeks(_ text: String) -> Double? {
        let t = text.trimmingSpaces
        guard let unit = t.last, let factor = weeksPer[unit] else { return nil }
        let number = t.dropLast().trimmingSpaces
        if number.isEmpty { return factor }
        guard let v = plainNumber(number), v >= 0 else { return nil }
        return v * factor
    }

    /// What a consultant most likely meant by a duration the reader refused: "3 months" → "3m",
    /// "12 weeks" → "12w", "12W" → "12w", "1,5m" → "1.5m", "2 jaar" → "2y". Nil when nothing fits.
    static func durationSuggestion(_ text: String) -> String? {
        let t = text.trimmingSpaces.lowercased()
        let number = t.prefix { $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }
        guard !number.isEmpty, number.filter({ $0 == "," || $0 == "." }).count <= 1 else { return nil }
        let unitWord = t.dropFirst(number.count).trimmingSpaces
        let units: [(Character, [String])] = [
            ("d", ["d", "day", "days", "dag", "dagen"]),
            ("w", ["w", "wk", "wks", "week", "weeks", "weken", "wkn"]),
            ("m", ["m", "mo", "mon", "month", "months", "maand", "maanden", "mnd", "mnden"]),
            ("y", ["y", "yr", "yrs", "year", "years", "j", "jr", "jaar", "jaren"]),
        ]
        guard let unit = units.first(where: { $0.1.contains(unitWord) })?.0 else { return nil }
        let suggestion = number.replacingAll(",", with: ".") + String(unit)
        guard suggestion != text, weeks(suggestion) != nil else { return nil }
        return suggestion
    }

    /// The same for a rate: "0,12/y" → "0.12/y", "1/26 weeks" → "1/26w".
    static func rateSuggestion(_ text: String) -> String? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let amount = parts[0].trimmingSpaces.replacingAll(",", with: ".")
        guard plainNumber(amount) != nil, let per = durationSuggestion(String(parts[1])) ?? (weeks(String(parts[1])) != nil ? parts[1].trimmingSpaces.lowercased() : nil)
        else { return nil }
        let suggestion = amount + "/" + per
        guard suggestion != text, perWeek(suggestion) != nil else { return nil }
        return suggestion
    }

    /// "0.12/y" → 0.12/52 per week; "1/26w" → 1/26 per week; "0" → 0.
    static func perWeek(_ text: String) -> Double? {
        let t = text.trimmingSpaces
        if let v = plainNumber(t), v == 0 { return 0 }
        let parts = t.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let amount = plainNumber(parts[0].trimmingSpaces), amount >= 0 else { return nil }
        let per = parts[1].trimmingSpaces
        guard let unit = per.last, weeksPer[unit] != nil else { return nil }
        let countText = per.dropLast().trimmingSpaces
        guard let count = countText.isEmpty ? 1 : plainNumber(countText), count > 0 else { return nil }
        // Divide by weeks, or multiply by days per week, so that "0.12/y" is exactly 0.12 / 52 and "41/d" exactly 287.
        return unit == "d" ? amount * 7 / count : amount / count / weeksPer[unit]!
    }

    /// A plain decimal number: digits, one optional point, optional exponent. No signs, no NaN.
    static func plainNumber(_ text: String) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "_") }),
              text.first!.isNumber || text.first == "." else { return nil }
        guard let v = Double(text.replacingAll("_", with: "")), v.isFinite else { return nil }
        return v
    }

    /// Weeks as the shortest exact text: "52w" → "1y", "26w" → "26w", 2/7 → "2d".
    static func durationText(_ weeks: Double) -> String {
        if weeks.isInfinite { return "unlimited" }
        if weeks == 0 { return "0w" }
        if weeks >= 52, (weeks / 52).isWhole { return formatNumber(weeks / 52) + "y" }
        if weeks.isWhole { return formatNumber(weeks) + "w" }
        if (weeks * 12 / 52).isWhole { return formatNumber(weeks * 12 / 52) + "m" }
        let days = weeks * 7
        if abs(days - days.rounded()) < 1e-9 { return formatNumber(days.rounded()) + "d" }
        return formatNumber(weeks) + "w"
    }

    /// Per week as text in the friendliest unit: 0.12/52 → "0.12/y".
    static func rateText(_ perWeek: Double) -> String {
        if perWeek == 0 { return "0" }
        let perYear = perWeek * 52
        if abs(perYear - (perYear * 1000).rounded() / 1000) < 1e-9 { return formatNumber((perYear * 1000).rounded() / 1000) + "/y" }
        let weeksPer = 1 / perWeek
        if abs(weeksPer - weeksPer.rounded()) < 1e-9 { return "1/" + formatNumber(weeksPer.rounded()) + "w" }
        return formatNumber(perWeek) + "/w"
    }
}

extension Double {
    var isWhole: Bool { isFinite && self == rounded() }
}

extension StringProtocol {
    /// The text without leading and trailing spaces.
    public var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
