import GDLang
import GDProgram
import GDRender
import GDOptim

/// `save history|RUN|sweep|compare|multistart|grid to …`: a run's iterates or the rows of a table gd printed, as CSV or
/// JSON (the JSON is the statement's own object).
enum Export {
    enum Format { case csv, json }

    /// The format a file name asks for, by its extension.
    static func format(of path: String) -> Format? {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".json") { return .json }
        return nil
    }

    /// Every iterate a run of `function` keeps.
    static func history(of function: String, _ descent: Descent, _ format: Format) -> String {
        history(RunReport(of: function, descent), descent.history.iterates, allRows: TraceReport.allRows(of: descent), format)
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

    /// Lines of comma-separated cells under a header.
    private static func csv(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// One row per method: where it ended, its loss, steps, stop and steps to the target.
    static func compare(_ c: CompareReport, _ format: Format) -> String {
        guard format == .csv else { return c.json.serialized + "\n" }
        return csv(["method"] + c.parameters + ["loss", "grad_norm", "steps", "stop", "point_kind", "steps_to_target"],
                   c.runs.map { toTarget, r in
                       [r.methodName] + r.final.point.map(NumberFormat.shortest)
                           + [NumberFormat.shortest(r.final.loss), NumberFormat.shortest(r.final.gradientNorm), String(r.final.k),
                              r.stop.rawValue, r.diagnostics.stationaryKind?.rawValue ?? "", toTarget.map(String.init) ?? ""]
                   })
    }

    /// One row per point the runs ended at: the point, its loss, its kind and how many runs ended there.
    static func multistart(_ m: MultistartReport, _ format: Format) -> String {
        guard format == .csv else { return m.json.serialized + "\n" }
        return csv(m.parameters + ["loss", "kind", "runs"], m.multistart.groups.map { g in
            g.point.map(NumberFormat.shortest) + [NumberFormat.shortest(g.loss), g.kind.rawValue, String(g.count)]
        })
    }

    /// One row per cell (η, start): the steps taken, how the run stopped, whether it converged to a minimum, and
    /// what the point is where it stopped on one that is not.
    static func grid(_ g: GridReport, _ format: Format) -> String {
        guard format == .csv else { return g.json.serialized + "\n" }
        var rows: [[String]] = []
        for i in g.etas.indices {
            for j in g.starts.indices {
                let o = g.outcomes[i][j]
                rows.append([NumberFormat.shortest(g.etas[i]), NumberFormat.shortest(g.starts[j]), String(o.steps), o.stop.rawValue,
                             String(g.converged(i, j)), g.kinds[i][j]?.rawValue ?? "", NumberFormat.shortest(o.loss)])
            }
        }
        return csv(["eta", g.parameter, "steps", "stop", "converged", "point_kind", "final_loss"], rows)
    }
}
