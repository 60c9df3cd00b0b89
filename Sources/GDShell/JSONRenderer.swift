import GDLang
import GDOptim
import GDPlot

/// Renders reports as the `--json` contract documented in README.md: one object per line,
/// numbers at full precision. Fields are only ever added, never renamed or removed.
enum JSONRenderer {
    static func render(_ report: Report) -> JSON {
        switch report {
        case .define(let name, let parameters, let expr):
            return .object([("kind", .string("define")), ("name", .string(name)),
                            ("params", .array(parameters.map(JSON.string))), ("expr", .string(expr))])
        case .assign(let name, let value):
            return .object([("kind", .string("assign")), ("name", .string(name)), ("value", .number(value))])
        case .value(let v):
            return .object([("kind", .string("value")), ("value", .number(v))])
        case .derivative(let of, let wrt, let exprs, let pieces, _):
            return .object([("kind", .string("derivative")), ("of", .string(of)),
                            ("wrt", .array(wrt.map(JSON.string))), ("exprs", .array(exprs.map(JSON.string)))]
                            + wherePair(pieces))
        case .hessian(let of, let wrt, let rows, let pieces, let at):
            var pairs: [(String, JSON)] = [("kind", .string("hessian")), ("of", .string(of)), ("wrt", .array(wrt.map(JSON.string))),
                                           ("exprs", .array(rows.map { .array($0.map(JSON.string)) }))] + wherePair(pieces)
            if let at {
                let c = at.curvature
                pairs += [("at", .point(wrt, at.point)), ("values", .array(c.hessian.map(JSON.numbers))),
                          ("eigenvalues", .numbers(c.eigenvalues)), ("shape", c.shape.map { .string($0.rawValue) } ?? .null),
                          ("condition", c.conditionNumber.map(JSON.number) ?? .null), ("eta_max", c.etaMax.map(JSON.number) ?? .null)]
            }
            return .object(pairs)
        case .check(let c):
            var pairs: [(String, JSON)] = [
                ("kind", .string("check")), ("of", .string(c.of)), ("at", .point(c.parameters, c.point)),
                ("symbolic", .numbers(c.symbolic)), ("central", .numbers(c.central)), ("forward", .numbers(c.forward)),
                ("max_abs_err", .number(c.maxAbsoluteError)), ("max_rel_err", .number(c.maxRelativeError)),
            ]
            if let user = c.user {
                pairs.append(("using", .array(user.names.map(JSON.string))))
                pairs.append(("user", .numbers(user.values)))
                pairs.append(("user_abs_err", .number(c.userAbsoluteError ?? .nan)))
                pairs.append(("user_rel_err", .number(c.userRelativeError ?? .nan)))
                pairs.append(("agrees", .bool(c.agrees ?? false)))
            }
            return .object(pairs)
        case .run(let r), .steps(_, let r):
            return run(r)
        case .trace(let r, let iterates):
            return .object([
                ("kind", .string("trace")), ("of", .string(r.of)),
                ("iterates", .array(iterates.map { it in
                    .object([("k", .number(Double(it.k))), ("point", .point(r.parameters, it.point)),
                             ("loss", .number(it.loss)), ("grad_norm", .number(it.gradientNorm)), ("eta", .number(it.eta))])
                })),
            ])
        case .sweep(let s):
            let best: JSON = s.sweep.best.map {
                .object([("eta", .number($0.eta)), ("steps", .number(Double($0.steps))), ("value", .number($0.value))])
            } ?? .null
            return .object([
                ("kind", .string("sweep")), ("of", .string(s.of)),
                ("rows", .array(s.sweep.rows.map { row in
                    .object([("eta", .number(row.eta)), ("steps", .number(Double(row.steps))), ("reached", .bool(row.reached)),
                             ("final_loss", .number(row.finalLoss)), ("stop", .string(row.stop.rawValue)), ("value", .number(row.value))])
                })),
                ("best", best), ("target", .number(s.target)), ("swept", .string(s.swept)),
            ])
        case .compare(let c):
            return .object([
                ("kind", .string("compare")), ("of", .string(c.of)), ("start", .point(c.parameters, c.start)),
                ("target", c.target.map(JSON.number) ?? .null),
                ("rows", .array(c.runs.map { toTarget, r in
                    .object([("method", .string(r.settings.method.name)), ("final", .point(r.parameters, r.final.point)),
                             ("loss", .number(r.final.loss)), ("grad_norm", .number(r.final.gradientNorm)),
                             ("steps", .number(Double(r.final.k))), ("stop", .string(r.stop.rawValue)),
                             ("steps_to_target", toTarget.map { .number(Double($0)) } ?? .null)])
                })),
            ])
        case .grid(let g):
            return .object([
                ("kind", .string("grid")), ("of", .string(g.of)), ("param", .string(g.parameter)),
                ("fixed", .point(g.parameters, g.fixed)), ("starts", .numbers(g.starts)), ("etas", .numbers(g.etas)),
                ("steps", .array(g.outcomes.map { row in .array(row.map { .number(Double($0.steps)) }) })),
                ("converged", .array(g.outcomes.map { row in .array(row.map { .bool(GridReport.converged($0)) }) })),
                ("stop", .array(g.outcomes.map { row in .array(row.map { .string($0.stop.rawValue) }) })),
            ])
        case .multistart(let m):
            let ms = m.multistart
            return .object([
                ("kind", .string("multistart")), ("of", .string(m.of)), ("runs", .number(Double(ms.runs))),
                ("groups", .array(ms.groups.map { g in
                    .object([("point", .point(m.parameters, g.point)), ("loss", .number(g.loss)), ("kind", .string(g.kind.rawValue)),
                             ("count", .number(Double(g.count))), ("starts", .array(g.starts.map { .point(m.parameters, $0) }))])
                })),
                ("diverged", .number(Double(ms.diverged.count))),
                ("stuck", .number(Double(ms.groups.filter { $0.kind == .maximum || $0.kind == .saddle }.reduce(0) { $0 + $1.count }))),
            ])
        case .help(let topic, let text):
            var pairs: [(String, JSON)] = [("kind", .string("help")), ("topic", topic.map(JSON.string) ?? .null),
                                           ("text", .string(text))]
            if topic == "functions" {
                // The built-in functions for programs to read, as the text lists them for people.
                pairs.append(("functions", .array(Builtin.allCases.map { f in
                    .object([("name", .string(f.rawValue)), ("arity", .number(Double(f.arity)))])
                })))
            }
            return .object(pairs)
        case .plot(let p):
            var pairs: [(String, JSON)] = [("kind", .string("plot")), ("target", .string(p.target)),
                                           ("file", p.path.map(JSON.string) ?? .null)]
            if p.path == nil {
                pairs.append(("text", .string(TerminalPlot.render(p.figure, width: 80, height: 24, style: p.style, color: false))))
            }
            return .object(pairs)
        case .saved(let what, let path):
            return .object([("kind", .string("saved")), ("what", .string(what)), ("path", .string(path))])
        case .table(let t):
            return .object([("kind", .string("data")), ("name", .string(t.name)), ("rows", .number(Double(t.rowCount))),
                            ("columns", .array(t.columns.map(JSON.string))),
                            ("head", .array((0..<min(5, t.rowCount)).map { r in .numbers(t.values.map { $0[r] }) }))])
        case .show(let s):
            let d = s.defaults.settings
            return .object([
                ("kind", .string("show")),
                ("functions", .array(s.functions.map { f in
                    .object([("name", .string(f.name)), ("params", .array(f.parameters.map(JSON.string))), ("expr", .string(f.expr))])
                })),
                ("variables", .object(s.variables.map { ($0.name, .number($0.value)) })),
                ("tables", .object(s.tables.map { ($0.name, .object([("rows", .number(Double($0.rowCount))),
                                                                      ("columns", .array($0.columns.map(JSON.string)))])) })),
                ("hyperparameters", .object(s.defaults.hyperparameters.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })),
                ("settings", .object([
                    ("eta", .number(d.eta)), ("steps", .number(Double(d.steps))),
                    ("tol_grad", d.tolGrad.map(JSON.number) ?? .null), ("tol_loss", d.tolLoss.map(JSON.number) ?? .null),
                    ("tol_step", d.tolStep.map(JSON.number) ?? .null), ("diverge", .number(d.divergence)),
                    ("method", .string(s.defaults.method)), ("schedule", .string(s.defaults.schedule)),
                    ("digits", .number(Double(s.digits))),
                ])),
            ])
        }
    }

    /// `"where": [{"name": "u1", "expr": "…"}, …]` for terms printed with named pieces, else nothing.
    static func wherePair(_ pieces: [NamedPiece]) -> [(String, JSON)] {
        guard !pieces.isEmpty else { return [] }
        return [("where", .array(pieces.map { .object([("name", .string($0.name)), ("expr", .string($0.expr))]) }))]
    }

    static func run(_ r: RunReport) -> JSON {
        var pairs: [(String, JSON)] = [
            ("kind", .string("run")), ("of", .string(r.of)), ("method", .string(r.settings.method.name)),
            ("eta", .number(r.settings.eta)),
            ("start", .point(r.parameters, r.start)), ("final", .point(r.parameters, r.final.point)),
            ("loss", .number(r.final.loss)), ("grad_norm", .number(r.final.gradientNorm)),
            ("steps", .number(Double(r.final.k))), ("stop", .string(r.stop.rawValue)),
        ]
        if r.divergence != nil {
            pairs.append(("diverged", .string(TextRenderer(digits: 17).divergence(r))))
        }
        let d = r.diagnostics
        pairs.append(("schedule", .string(r.settings.schedule.name)))
        pairs.append(("rate", d.rate.map { .object([("kind", .string($0.kind)), ("rho", .number($0.rho))]) } ?? .null))
        pairs.append(("curvature", d.curvature.map(JSON.number) ?? .null))
        pairs.append(("eta_max", d.etaMax.map(JSON.number) ?? .null))
        pairs.append(("past_stability_bound", .bool(d.pastStabilityBound)))
        pairs.append(("active_bounds", .array(r.activeBounds.map(JSON.string))))
        if r.settings.method == .newton { pairs.append(("fallbacks", .number(Double(r.newtonFallbackCount)))) }
        if let batch = r.settings.batch { pairs.append(("batch", .number(Double(batch.size)))) }
        return .object(pairs)
    }

    static func error(_ d: Diagnostic) -> JSON {
        var pairs: [(String, JSON)] = [
            ("kind", .string("error")), ("file", .string(d.location.file)), ("line", .number(Double(d.location.line))),
            ("column", .number(Double(d.location.column))), ("message", .string(d.message)),
        ]
        if let help = d.help { pairs.append(("help", .string(help))) }
        return .object(pairs)
    }
}
