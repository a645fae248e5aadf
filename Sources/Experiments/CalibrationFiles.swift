// A calibration's files besides its results: the state after each wave (calibration-state.json,
// so that a run resumes where it stopped and the next wave's shards know their region) and the
// partial results of one shard of one wave (calibration-wave-W-part-K-of-N.json). Numbers are
// written in Swift's shortest round-trip form, so a state read back is the state written, to the
// last digit: a sharded calibration gives the same waves as one that is not.

import Foundation
import ScenarioKit
import Uncertainty

public enum CalibrationFiles {
    public typealias MergeError = RunDirectory.MergeError
    public static let stateName = "calibration-state.json"

    public static func partName(wave: Int, _ k: Int, _ n: Int) -> String { "calibration-wave-\(wave)-part-\(k)-of-\(n).json" }

    static func numbers(_ xs: [Double]) -> JSONValue { .array(xs.map { .number($0) }) }

    static func box(_ b: ParameterBox) -> JSONValue { .object([("lower", numbers(b.lower)), ("upper", numbers(b.upper))]) }

    public static func stateJSON(_ r: CalibrationResult) -> String {
        let waves: [JSONValue] = r.waves.map { w in
            .object([("wave", .integer(w.wave)), ("region", box(w.box)), ("candidates", .integer(w.candidates)), ("screened", .integer(w.screened)),
                     ("points", .array(w.points.map { p in
                         .object([("values", numbers(p.values)), ("means", numbers(p.means)),
                                  ("implausibility", numbers(p.implausibility)), ("max_implausibility", .number(p.maxImplausibility)),
                                  ("kept", .bool(p.kept))])
                     }))])
        }
        return JSONValue.object([("wijksim_calibration", .integer(1)), ("fingerprint", .string(r.fingerprint)),
                                 ("parameters", .array(r.parameters.map { .string($0.path) })),
                                 ("targets", .array(r.targets.map { .string($0.name) })),
                                 ("waves", .array(waves)), ("next_region", r.next.map(box) ?? .null),
                                 ("stopped", r.stopReason.map { .string($0) } ?? .null)]).text + "\n"
    }

    /// Reads a state written by `stateJSON` into `fresh` (the calibration as `Calibration.start`
    /// makes it from the same inputs); refuses a state of other inputs.
    public static func readState(_ path: String, into fresh: CalibrationResult) throws(MergeError) -> CalibrationResult {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw MergeError(description: "\(path): cannot be read")
        }
        let bad = MergeError(description: "\(path): not a WijkSim calibration state (written by 'wijksim calibrate'); remove it to start the calibration again")
        guard let root = try? JSON5Parser.parse(text), root["wijksim_calibration"] != nil,
              case .string(let fingerprint)? = root["fingerprint"]?.value,
              case .array(let waveNodes)? = root["waves"]?.value else { throw bad }
        guard fingerprint == fresh.fingerprint else {
            throw MergeError(description: "\(path): a calibration of other inputs (the scenario files, the targets file, --seed, --points, --replications or --waves differ, or another WijkSim version); use another --out, or remove the file to start again")
        }
        var r = fresh
        let (p, t) = (fresh.parameters.count, fresh.targets.count)
        for (i, w) in waveNodes.enumerated() {
            guard let region = readBox(w["region"], dimensions: p), case .array(let pointNodes)? = w["points"]?.value else { throw bad }
            var points: [CalibrationPoint] = []
            for (j, pn) in pointNodes.enumerated() {
                guard let values = doubles(pn["values"], count: p), let means = doubles(pn["means"], count: t),
                      let implausibility = doubles(pn["implausibility"], count: t),
                      let largest = doubles(pn["max_implausibility"].map { Node(.array([$0])) }, count: 1),
                      case .bool(let kept)? = pn["kept"]?.value else { throw bad }
                points.append(CalibrationPoint(wave: i + 1, index: j, values: values, means: means, implausibility: implausibility,
                                               kept: kept, maxImplausibility: largest[0]))
            }
            var wave = CalibrationWave(wave: i + 1, box: region, points: points)
            if case .number(let c)? = w["candidates"]?.value, case .number(let k)? = w["screened"]?.value,
               let candidates = Int(exactly: c), let screened = Int(exactly: k) {
                wave.candidates = candidates; wave.screened = screened
            }
            r.waves.append(wave)
        }
        r.next = readBox(root["next_region"], dimensions: p)
        if case .string(let why)? = root["stopped"]?.value { r.stopReason = why }
        guard r.next != nil || r.stopReason != nil else { throw bad }
        return r
    }

    static func doubles(_ node: Node?, count: Int) -> [Double]? {
        guard case .array(let items)? = node?.value, items.count == count else { return nil }
        var xs: [Double] = []
        for item in items {
            switch item.value {
            case .number(let x): xs.append(x)
            case .null: xs.append(.nan)   // a measure with no value (no case reached it)
            default: return nil
            }
        }
        return xs
    }

    static func readBox(_ node: Node?, dimensions: Int) -> ParameterBox? {
        guard let lower = doubles(node?["lower"], count: dimensions), let upper = doubles(node?["upper"], count: dimensions),
              zip(lower, upper).allSatisfy({ $0.isFinite && $1.isFinite && $0 <= $1 }) else { return nil }
        return ParameterBox(lower: lower, upper: upper)
    }

    // MARK: Shards of a wave

    /// One shard's values: per job of its block, the value of every target's measure.
    public static func partJSON(_ r: CalibrationResult, shard: (Int, Int), jobs: Range<Int>, outputs: [[Double]]) -> String {
        RunDirectory.seal(JSONValue.object([("wijksim_calibration_part", .integer(1)), ("fingerprint", .string(r.fingerprint)),
                          ("wave", .integer(r.nextWave)), ("shard", .array([.integer(shard.0), .integer(shard.1)])),
                          ("first_job", .integer(jobs.lowerBound)), ("outputs", .array(outputs.map(numbers)))]).text)
    }

    /// The values of every job of the state's next wave, from the parts in `directory`; refuses
    /// parts of other inputs, of other shard counts, with missing shards or with the wrong number
    /// of values, naming the file.
    public static func mergeParts(in directory: String, for r: CalibrationResult, jobs total: Int) throws(MergeError) -> [[Double]] {
        let wave = r.nextWave
        let prefix = "calibration-wave-\(wave)-part-"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
        guard !names.isEmpty else {
            throw MergeError(description: "\(directory): no parts of wave \(wave) (\(prefix)K-of-N.json); run the shards first: 'wijksim calibrate ... --shard K/N --out \(directory)'")
        }
        var outputs = [[Double]?](repeating: nil, count: total)
        var shardCount: Int?
        var seen: Set<Int> = []
        for name in names {
            let path = directory + "/" + name
            let bad = MergeError(description: "\(path): not a WijkSim calibration part (written by 'wijksim calibrate --shard'), or damaged")
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { throw bad }
            let body = try RunDirectory.unseal(text, path: path, what: "calibration part (written by 'wijksim calibrate --shard')")
            guard let root = try? JSON5Parser.parse(body), root["wijksim_calibration_part"] != nil,
                  case .string(let fingerprint)? = root["fingerprint"]?.value,
                  case .number(let w)? = root["wave"]?.value,
                  case .array(let shardNodes)? = root["shard"]?.value, shardNodes.count == 2,
                  case .number(let kx) = shardNodes[0].value, case .number(let nx) = shardNodes[1].value,
                  let k = Int(exactly: kx), let n = Int(exactly: nx), n >= 1, n <= total, k >= 1, k <= n,
                  case .number(let fx)? = root["first_job"]?.value, let first = Int(exactly: fx),
                  case .array(let rows)? = root["outputs"]?.value else { throw bad }
            guard fingerprint == r.fingerprint else {
                throw MergeError(description: "\(path): a part of another calibration (other scenario, targets or settings); it does not belong in \(directory)")
            }
            guard Int(exactly: w) == wave else { throw MergeError(description: "\(path): a part of wave \(Int(w)), not of wave \(wave)") }
            if let count = shardCount, count != n {
                throw MergeError(description: "\(path): a part of \(n) shards, while other parts of wave \(wave) are of \(count); use one shard count per wave")
            }
            shardCount = n
            let block = shardRange(k, of: n, jobs: total)
            guard first == block.lowerBound, rows.count == block.count else { throw bad }
            guard seen.insert(k).inserted else { throw MergeError(description: "\(path): shard \(k) of \(n) twice") }
            for (i, row) in rows.enumerated() {
                guard let values = doubles(row, count: r.targets.count) else { throw bad }
                outputs[first + i] = values
            }
        }
        let n = shardCount ?? 1
        let missing = (1...n).filter { !seen.contains($0) }
        guard missing.isEmpty else {
            throw MergeError(description: "\(directory): wave \(wave) lacks shard\(missing.count == 1 ? "" : "s") \(missing.map(String.init).joined(separator: ", ")) of \(n); run them, then merge again")
        }
        return outputs.map { $0 ?? [] }
    }
}
