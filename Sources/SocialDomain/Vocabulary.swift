// The fixed vocabulary of the model: life domains, payers, cost categories.

/// A life domain (leefgebied) of the self-sufficiency matrix (Zelfredzaamheid-Matrix, ZRM).
/// Levels run 1 (acute crisis) … 5 (fully self-reliant); a domain at 1 or 2 is a *problem*.
/// (The seeds' Leefgebiedenmatrix, 000:L354, scores the other way round; we use the ZRM direction.)
public enum Domain: Int, CaseIterable, Sendable, Hashable {
    case finances, work, housing, relations, mentalHealth, physicalHealth, addiction, parenting, network, justice

    /// The name used in scenario files and output.
    public var key: String {
        switch self {
        case .finances: "finances"
        case .work: "work"
        case .housing: "housing"
        case .relations: "relations"
        case .mentalHealth: "mental_health"
        case .physicalHealth: "physical_health"
        case .addiction: "addiction"
        case .parenting: "parenting"
        case .network: "social_network"
        case .justice: "justice"
        }
    }

    public init?(key: String) {
        guard let d = Domain.allCases.first(where: { $0.key == key }) else { return nil }
        self = d
    }

    public static let count = 10
}

/// A set of domains as a bit mask.
public struct DomainSet: Hashable, Sendable, Sequence {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(_ domains: [Domain]) { rawValue = domains.reduce(0) { $0 | (1 << UInt16($1.rawValue)) } }
    public static let all = DomainSet(Domain.allCases)
    public static let none = DomainSet(rawValue: 0)
    public func contains(_ d: Domain) -> Bool { rawValue & (1 << UInt16(d.rawValue)) != 0 }
    public var count: Int { rawValue.nonzeroBitCount }
    public func makeIterator() -> some IteratorProtocol<Domain> {
        Domain.allCases.filter { contains($0) }.makeIterator()
    }
}

/// Who pays a cost (CONTRACT.md payer names).
public enum Payer: Int, CaseIterable, Sendable, Hashable {
    /// Municipality, support act (Wmo): wijkteams, shelter, debt help.
    case municipalitySupport
    /// Municipality, youth act (Jeugdwet): youth care, family coaching, out-of-home placement.
    case municipalityYouth
    /// Municipality, participation act (Participatiewet): benefits (bijstand), work-and-income staff.
    case municipalityBenefits
    /// Health insurer (Zvw): mental health care, addiction care, crisis admission.
    case healthInsurer
    /// Housing corporation: eviction.
    case housingCorporation
    /// Police and justice.
    case policeJustice

    public var key: String {
        switch self {
        case .municipalitySupport: "municipality_support"
        case .municipalityYouth: "municipality_youth"
        case .municipalityBenefits: "municipality_benefits"
        case .healthInsurer: "health_insurer"
        case .housingCorporation: "housing_corporation"
        case .policeJustice: "police_justice"
        }
    }

    public init?(key: String) {
        guard let p = Payer.allCases.first(where: { $0.key == key }) else { return nil }
        self = p
    }
}

/// The category a cost falls in (CONTRACT.md).
public enum CostCategory: Int, CaseIterable, Sendable, Hashable {
    case firstLine, secondLine, crisis, benefits

    public var key: String {
        switch self {
        case .firstLine: "first_line"
        case .secondLine: "second_line"
        case .crisis: "crisis"
        case .benefits: "benefits"
        }
    }

    public init?(key: String) {
        guard let c = CostCategory.allCases.first(where: { $0.key == key }) else { return nil }
        self = c
    }
}

/// A household's income.
public enum Income: UInt8, Sendable {
    /// Social assistance (bijstand, Participatiewet).
    case benefit
    /// Paid work.
    case working
    /// Other income (pension, other benefit, partner's income).
    case other
}
