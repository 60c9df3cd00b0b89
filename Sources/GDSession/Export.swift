import GDLang
import GDProgram
import GDRender
import GDOptim

/// `save history to …` and `save sweep to …`: the last run's iterates or the last sweep's rows as CSV or JSON.
enum Export {
    enum Format { case csv, json }

    /// The format a file name asks for, by its extension.
    static func format(of path: String) -> Format? {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".json") { return .json }
        return nil
    }

    /// A mini-batch run (`allRows` not nil) adds the columns batch_loss and full_loss (the loss over all rows), each
    /// empty where it was not measured: `loss` is the batch's but at the last iterate, measured on all rows.
    static func history(_ run: RunReport, _ iterates: [Iterate], allRows: [Int: Double]? = nil, _ format: Format) -> String {
        switch format {
        case .json:
            return TraceReport(run: run, iterates: iterates, allRows: allRows).json.serialized + "\n"
        case .csv:
            let losses = TraceReport(run: run, iterates: [], allRows: allRows).losses
            let extra = losses == nil ? [] : ["batch_loss", "full_loss"]
            var lines = [(["k"] + run.parameters + ["loss", "grad_norm", "eta"] + extra).joined(separator: ",")]
            for it in iterates {
                var cells = [String(it.k)] + it.point.map(NumberFormat.shortest)
                    + [NumberFormat.shortest(it.loss), NumberFormat.shortest(it.gradientNorm), NumberFormat.shortest(it.eta)]
                if let (batch, all) = losses?(it) { cells += [batch.map(NumberFormat.shortest) ?? "", all.map(NumberFormat.shortest) ?? ""] }
                lines.append(cells.joined(separator: ","))
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    static func sweep(_ s: SweepReport, _ format: Format) -> String {
        switch format {
        case .json:
            return s.json.serialized + "\n"
        case .csv:
            // The swept setting gets its own column unless it is η itself.
            let swept = s.swept == "eta" ? [] : [s.swept]
            var lines = [(swept + ["eta", "steps", "reached", "final_loss", "stop"]).joined(separator: ",")]
            for r in s.sweep.rows {
                let value = s.swept == "eta" ? [] : [NumberFormat.shortest(r.value)]
                lines.append((value + [NumberFormat.shortest(r.eta), String(r.steps), String(r.reached),
                                       NumberFormat.shortest(r.finalLoss), r.stop.rawValue]).joined(separator: ","))
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
