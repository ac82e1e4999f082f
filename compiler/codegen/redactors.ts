/**
 * Per sink, the straight-line redaction functions of a generated module: for every span name,
 * event, the log, every metric and the resource, one function that walks the attributes once
 * and, in a `switch` on the key, keeps, redacts or drops each declared field as the contract
 * says for THIS sink; undeclared keys fall to `default` (dropped unless `undeclared: keep`).
 * No rule is looked up at run time: the action is in the code.
 *
 * Names of generated functions are made of indices only (`s0_span_1`); every contract string
 * (span names, keys, replacement text) is a string literal built by the factory.
 */
import type { RedactionAction } from "../../contracts/model.js";
import type { SinkView } from "../flows.js";
import { copyStatements, functionDeclaration, present, readKey, setOwn, typeCheck } from "./emit.js";
import { bump, ONE_SINK, typedAction, type FieldAt, type Store } from "./field.js";
import { literal, type Literal } from "./literal.js";
import type { Expression, Statement, TS } from "./ts-api.js";

export interface Slot {
  readonly where: string;
  readonly key: string;
  readonly action: RedactionAction["kind"];
}

export interface SinkCode {
  /** Function declarations, in order. */
  readonly statements: Statement[];
  /** The `SinkPlan` object literal for this sink. */
  readonly plan: Expression;
  /** Does anything at this sink hash (a field or a detector)? */
  readonly hashes: boolean;
  /** The counter slots the functions use, in slot order. */
  readonly slots: readonly Slot[];
  /** Span names with declared attributes, in declaration order. */
  readonly spanNames: readonly string[];
}


function actionLiteral(action: RedactionAction): Literal {
  switch (action.kind) {
    case "truncate":
      return { kind: "truncate", length: action.length };
    case "mask":
      return { kind: "mask", keepLast: action.keepLast };
    case "replace":
      return { kind: "replace", with: action.with };
    default:
      return { kind: action.kind };
  }
}

/** Builds the functions of one sink (the caller names them with the sink's prefix, e.g. `s0_span_1`). */
class SinkWriter {
  readonly slots: Slot[] = [];
  readonly statements: Statement[] = [];
  private readonly f;

  constructor(
    private readonly ts: TS,
    private readonly keepUndeclared: boolean,
  ) {
    this.f = ts.factory;
  }

  slot(where: string, key: string, action: Slot["action"]): number {
    this.slots.push({ where, key, action });
    return this.slots.length - 1;
  }

  private id(name: string) {
    return this.f.createIdentifier(name);
  }

  private r(method: string, args: Expression[]): Expression {
    return this.f.createCallExpression(this.f.createPropertyAccessExpression(this.id("r"), method), undefined, args);
  }

  private num(n: number): Expression {
    return literal(this.ts, n);
  }

  /** `{ const x = <expr>; if (x !== undefined) <setOwn key x>; }` */
  private assignIfDefined(expr: Expression, key: string): Statement {
    const f = this.f;
    const ts = this.ts;
    return f.createBlock(
      [
        f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration("x", undefined, undefined, expr)], ts.NodeFlags.Const)),
        f.createIfStatement(f.createBinaryExpression(this.id("x"), ts.SyntaxKind.ExclamationEqualsEqualsToken, this.id("undefined")), setOwn(this.ts, "o", key, this.id("x"))),
      ],
      false,
    );
  }

  private fieldCase(site: FieldAt, slot: number): Statement[] {
    const key = site.field.key;
    const store: Store = (value, always) => (always ? setOwn(this.ts, "o", key, value) : this.assignIfDefined(value, key));
    return [...this.fieldStatements(site, slot, store), this.f.createBreakStatement()];
  }

  /** A present value `v` of one declared field: its action when well typed, else counted as wrong. */
  private fieldStatements(site: FieldAt, slot: number, store: Store): Statement[] {
    const result = typedAction(this.ts, site, slot, typeCheck(this.ts, site.field.type, this.id("v"), "r"), ONE_SINK);
    if (result === undefined) return [bump(this.ts, ONE_SINK, slot)];
    return [store(result, false)];
  }

  /**
   * `undeclared: drop`: read each declared key directly (`a["order.id"]`: an inline-cached
   * property load) into a local `x<i>` (left undefined when the key is absent or the value is
   * dropped), never look at the other keys — only count them. Then build the copy: when every
   * field that may leave is there (the usual case), as ONE object literal, so the engine
   * allocates it whole with a fixed shape; otherwise key by key. Keys that exist on
   * Object.prototype (`constructor`, `toString`, …) are read only when they are own properties.
   *
   *   function s1_span_0(a, r) {
   *     let n = 0, v, x0, x1;
   *     v = a["order.id"];
   *     if (v != null) { n++; x0 = typeof v === "string" ? r.keepText(v, 0) : r.wrongType(0); }
   *     …
   *     r.dropUndeclaredRest(a, n, 15);
   *     if (x0 !== undefined && x1 !== undefined) return { "order.id": x0, "user.email": x1 };
   *     else { const o = {}; if (x0 !== undefined) o["order.id"] = x0; …; return o; }
   *   }
   */
  private directFunction(name: string, where: string, sites: readonly FieldAt[]): string {
    const f = this.f;
    const ts = this.ts;
    const seen = new Set<string>();
    const unique = sites.filter((site) => !seen.has(site.field.key) && seen.add(site.field.key));
    const statements: Statement[] = [];
    /** The fields that may leave (not dropped), with their locals. */
    const leaving: { key: string; local: string }[] = [];
    const locals: import("typescript").VariableDeclaration[] = [];
    if (unique.length > 0) {
      locals.push(
        f.createVariableDeclaration("n", undefined, undefined, this.num(0)),
        f.createVariableDeclaration("v"),
      );
    }
    for (const [i, site] of unique.entries()) {
      const key = site.field.key;
      const slot = this.slot(where, key, site.action.kind);
      const local = `x${i}`;
      if (site.action.kind !== "drop") {
        leaving.push({ key, local });
        locals.push(f.createVariableDeclaration(local));
      }
      const store: Store = (value) => f.createExpressionStatement(f.createAssignment(this.id(local), value));
      const value = readKey(this.ts, "a", key);
      statements.push(
        f.createExpressionStatement(f.createAssignment(this.id("v"), value)),
        f.createIfStatement(
          present(ts, this.id("v")),
          ts.setEmitFlags(f.createBlock([f.createExpressionStatement(f.createPostfixIncrement(this.id("n"))), ...this.fieldStatements(site, slot, store)], false), ts.EmitFlags.SingleLine),
        ),
      );
    }
    const undeclared = this.slot(where, "*", "drop");
    statements.push(f.createExpressionStatement(this.r("dropUndeclaredRest", [this.id("a"), unique.length > 0 ? this.id("n") : this.num(0), this.num(undeclared)])));
    statements.push(...copyStatements(ts, leaving, (copy) => f.createReturnStatement(copy)));
    const body: Statement[] = [
      ...(locals.length > 0 ? [f.createVariableStatement(undefined, f.createVariableDeclarationList(locals, ts.NodeFlags.Let))] : []),
      ...statements,
    ];
    this.declare(name, [], body);
    return name;
  }

  /**
   * `undeclared: keep`: `function name(a, r) { const o = {}; for (const k in a) { …switch (k)… } return o; }`
   * — every key is visited, declared ones get their case, the rest the default.
   */
  attributesFunction(name: string, where: string, sites: readonly FieldAt[]): string {
    if (!this.keepUndeclared) return this.directFunction(name, where, sites);
    const f = this.f;
    const ts = this.ts;
    const clauses: import("typescript").CaseOrDefaultClause[] = [];
    const seen = new Set<string>();
    for (const site of sites) {
      if (seen.has(site.field.key)) continue; // first declaration wins, as in the types
      seen.add(site.field.key);
      const slot = this.slot(where, site.field.key, site.action.kind);
      clauses.push(f.createCaseClause(f.createStringLiteral(site.field.key), [f.createBlock(this.fieldCase(site, slot), true)]));
    }
    const undeclared = this.slot(where, "*", this.keepUndeclared ? "keep" : "drop");
    const defaultBody: Statement[] = this.keepUndeclared
      ? [
          f.createIfStatement(
            f.createBinaryExpression(this.id("k"), ts.SyntaxKind.ExclamationEqualsEqualsToken, f.createStringLiteral("__proto__")),
            // `o[k] = x` is safe here: k is never "__proto__"
            f.createBlock(
              [
                f.createVariableStatement(
                  undefined,
                  f.createVariableDeclarationList([f.createVariableDeclaration("x", undefined, undefined, this.r("keepUndeclared", [this.id("v"), this.num(undeclared)]))], ts.NodeFlags.Const),
                ),
                f.createIfStatement(
                  f.createBinaryExpression(this.id("x"), ts.SyntaxKind.ExclamationEqualsEqualsToken, this.id("undefined")),
                  f.createExpressionStatement(f.createAssignment(f.createElementAccessExpression(this.id("o"), this.id("k")), this.id("x"))),
                ),
              ],
              false,
            ),
          ),
        ]
      : [f.createExpressionStatement(this.r("dropUndeclared", [this.num(undeclared)]))];
    clauses.push(f.createDefaultClause(defaultBody));

    const body: Statement[] = [
      f.createVariableStatement(
        undefined,
        f.createVariableDeclarationList([f.createVariableDeclaration("o", undefined, f.createTypeReferenceNode("Attributes"), f.createObjectLiteralExpression())], ts.NodeFlags.Const),
      ),
      f.createForInStatement(
        f.createVariableDeclarationList([f.createVariableDeclaration("k")], ts.NodeFlags.Const),
        this.id("a"),
        f.createBlock(
          [
            f.createVariableStatement(
              undefined,
              f.createVariableDeclarationList(
                [f.createVariableDeclaration("v", undefined, undefined, f.createElementAccessExpression(this.id("a"), this.id("k")))],
                ts.NodeFlags.Const,
              ),
            ),
            f.createIfStatement(
              f.createBinaryExpression(
                f.createBinaryExpression(this.id("v"), ts.SyntaxKind.EqualsEqualsEqualsToken, this.id("undefined")),
                ts.SyntaxKind.BarBarToken,
                f.createBinaryExpression(this.id("v"), ts.SyntaxKind.EqualsEqualsEqualsToken, f.createNull()),
              ),
              f.createContinueStatement(),
            ),
            f.createSwitchStatement(this.id("k"), f.createCaseBlock(clauses)),
          ],
          true,
        ),
      ),
      f.createReturnStatement(this.id("o")),
    ];
    this.declare(name, [], body);
    return name;
  }

  /** `function name(<names: string>, a: Attributes, r: SinkContext): Attributes { body }` */
  private declare(name: string, names: readonly string[], body: Statement[]): void {
    const f = this.f;
    const params: [string, import("typescript").TypeNode][] = [
      ...names.map((n): [string, import("typescript").TypeNode] => [n, f.createKeywordTypeNode(this.ts.SyntaxKind.StringKeyword)]),
      ["a", f.createTypeReferenceNode("Attributes")],
      ["r", f.createTypeReferenceNode("SinkContext")],
    ];
    this.statements.push(functionDeclaration(this.ts, name, params, f.createTypeReferenceNode("Attributes"), body));
  }

  /** `return r.undeclaredAttributes(a, keep, slot);` for a place the contract does not describe. */
  undeclaredReturn(where: string): Statement {
    const f = this.f;
    const slot = this.slot(where, "*", this.keepUndeclared ? "keep" : "drop");
    return f.createReturnStatement(
      this.r("undeclaredAttributes", [this.id("a"), this.keepUndeclared ? f.createTrue() : f.createFalse(), this.num(slot)]),
    );
  }

  callReturn(fn: string): Statement {
    const f = this.f;
    return f.createReturnStatement(f.createCallExpression(this.id(fn), undefined, [this.id("a"), this.id("r")]));
  }

  /** `function name(<params>, a, r) { switch (<on>) { case "…": return fn(a, r); … default: … } }` */
  dispatcher(name: string, params: string[], on: string, cases: [string, Statement][], fallback: Statement): string {
    const f = this.f;
    const clauses = [
      ...cases.map(([value, statement]) => f.createCaseClause(f.createStringLiteral(value), [statement])),
      f.createDefaultClause([fallback]),
    ];
    this.declare(name, params, [f.createSwitchStatement(this.id(on), f.createCaseBlock(clauses))]);
    return name;
  }

  /** A `switch` statement as a case body (for the nested event dispatch). */
  nestedSwitch(on: string, cases: [string, Statement][], fallback: Statement): Statement {
    const f = this.f;
    return f.createSwitchStatement(
      this.id(on),
      f.createCaseBlock([
        ...cases.map(([value, statement]) => f.createCaseClause(f.createStringLiteral(value), [statement])),
        f.createDefaultClause([fallback]),
      ]),
    );
  }
}

/** Slots grouped by place, in slot order: `[where, key, action, key, action, …]` (runtime `fieldSlots` reads them). */
function slotGroups(slots: readonly Slot[]): string[][] {
  const groups: string[][] = [];
  for (const slot of slots) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[0] === slot.where) last.push(slot.key, slot.action);
    else groups.push([slot.where, slot.key, slot.action]);
  }
  return groups;
}

function ordered<K>(keys: K[]): K[] {
  return [...new Set(keys)];
}

/** The functions and plan of one sink of one service. */
export function sinkCode(ts: TS, view: SinkView, index: number): SinkCode {
  const f = ts.factory;
  const p = `s${index}`;
  const w = new SinkWriter(ts, view.undeclared === "keep");

  // spans
  const spanNames = ordered(view.fields.filter((s) => s.where.startsWith("span:") && s.event === undefined && s.span !== undefined).map((s) => s.span!));
  const eventSpanNames = ordered(view.fields.filter((s) => s.event !== undefined).map((s) => s.span!));
  const spanCases: [string, Statement][] = spanNames.map((name, i) => {
    const sites = view.fields.filter((s) => s.span === name && s.event === undefined);
    return [name, w.callReturn(w.attributesFunction(`${p}_span_${i}`, `span:${name}`, sites))];
  });
  const spanFn = w.dispatcher(`${p}_span`, ["n"], "n", spanCases, w.undeclaredReturn("span:*"));

  const eventCases: [string, Statement][] = eventSpanNames.map((spanName, i) => {
    const eventNames = ordered(view.fields.filter((s) => s.span === spanName && s.event !== undefined).map((s) => s.event!));
    const cases: [string, Statement][] = eventNames.map((eventName, j) => {
      const sites = view.fields.filter((s) => s.span === spanName && s.event === eventName);
      return [eventName, w.callReturn(w.attributesFunction(`${p}_event_${i}_${j}`, `span:${spanName}/event:${eventName}`, sites))];
    });
    return [spanName, w.nestedSwitch("e", cases, w.undeclaredReturn(`span:${spanName}/event:*`))];
  });
  const eventFn = w.dispatcher(`${p}_event`, ["n", "e"], "n", eventCases, w.undeclaredReturn("span:*/event:*"));

  // logs, metrics, resource
  const logFn = w.attributesFunction(`${p}_log`, "log", view.fields.filter((s) => s.where === "log"));
  const metricNames = ordered(view.fields.filter((s) => s.metric !== undefined).map((s) => s.metric!));
  const metricCases: [string, Statement][] = metricNames.map((name, i) => {
    const sites = view.fields.filter((s) => s.metric === name);
    return [name, w.callReturn(w.attributesFunction(`${p}_metric_${i}`, `metric:${name}`, sites))];
  });
  const metricFn = w.dispatcher(`${p}_metric`, ["n"], "n", metricCases, w.undeclaredReturn("metric:*"));
  const resourceFn = w.attributesFunction(`${p}_resource`, "resource", view.fields.filter((s) => s.where === "resource"));

  const detectors: Literal[] = view.detectors.map((d) => ({
    class: d.class,
    detector: d.detector.kind === "pattern" ? { pattern: d.detector.pattern } : d.detector.kind,
    action: actionLiteral(d.action),
  }));
  const hashes = view.fields.some((s) => s.action.kind === "hash") || view.detectors.some((d) => d.action.kind === "hash");

  const redact = f.createObjectLiteralExpression(
    [
      f.createPropertyAssignment("span", f.createIdentifier(spanFn)),
      f.createPropertyAssignment("event", f.createIdentifier(eventFn)),
      f.createPropertyAssignment("log", f.createIdentifier(logFn)),
      f.createPropertyAssignment("metric", f.createIdentifier(metricFn)),
      f.createPropertyAssignment("resource", f.createIdentifier(resourceFn)),
    ],
    true,
  );
  const data = literal(ts, {
    name: view.sink.name,
    region: view.sink.region,
    endpoint: view.sink.endpoint.raw,
    signals: [...view.signals],
    undeclared: view.undeclared,
    slots: slotGroups(w.slots),
    detectors,
  }) as import("typescript").ObjectLiteralExpression;
  const plan = f.createObjectLiteralExpression([...data.properties, f.createPropertyAssignment("redact", redact)], true);
  return { statements: w.statements, plan, hashes, slots: w.slots, spanNames };
}
