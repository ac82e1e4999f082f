/**
 * Per sink, the straight-line redaction functions of a generated module: for every span name,
 * event, the log, every metric and the resource, one function that reads each declared key
 * once and keeps, redacts or drops it as the contract says for THIS sink; undeclared keys are
 * counted and dropped (or, with `undeclared: keep`, a `switch` on each key keeps them after
 * detectors). No rule is looked up at run time: the action is in the code.
 *
 * Names of generated functions are made of indices only (`s0_span_1`); every contract string
 * (span names, keys, replacement text) is an escaped string literal.
 */
import type { RedactionAction } from "../../contracts/model.js";
import type { SinkView } from "../flows.js";
import { copyStatements, functionDeclaration, indent, readKey, setOwn, typeCheck } from "./emit.js";
import { actionCall, bump, wrongType, type FieldAt } from "./field.js";
import { literal, num, str, type Literal } from "./literal.js";

export interface Slot {
  readonly where: string;
  readonly key: string;
  readonly action: RedactionAction["kind"];
}

export interface SinkCode {
  /** Function declarations, in order (lines). */
  readonly statements: string[];
  /** The `SinkPlan` object literal for this sink (lines, unindented). */
  readonly plan: string[];
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

const SIGNATURE = "(a: Attributes, r: SinkContext): Attributes";

/** The first declaration of each key wins, as in the types. */
function uniqueByKey(sites: readonly FieldAt[]): FieldAt[] {
  const seen = new Set<string>();
  return sites.filter((site) => !seen.has(site.field.key) && seen.add(site.field.key));
}

/** Builds the functions of one sink (the caller names them with the sink's prefix, e.g. `s0_span_1`). */
class SinkWriter {
  readonly slots: Slot[] = [];
  readonly statements: string[] = [];

  constructor(private readonly keepUndeclared: boolean) {}

  slot(where: string, key: string, action: Slot["action"]): number {
    this.slots.push({ where, key, action });
    return this.slots.length - 1;
  }

  private declare(signature: string, body: string[]): void {
    if (this.statements.length > 0) this.statements.push("");
    this.statements.push(...functionDeclaration(signature, body));
  }

  /**
   * The counter slots of a place whose fields another function redacts (the all-sinks span
   * function): the same slots, in the same order, as {@link attributesFunction} would take.
   */
  slotsOnly(where: string, sites: readonly FieldAt[]): void {
    for (const site of uniqueByKey(sites)) this.slot(where, site.field.key, site.action.kind);
    this.slot(where, "*", this.keepUndeclared ? "keep" : "drop");
  }

  /**
   * `undeclared: drop`: read each declared key directly (`a["order.id"]`: an inline-cached
   * property load) into a local `x<i>` (left undefined when the key is absent or the value is
   * dropped), never look at the other keys — only count them. Then build the copy: when every
   * field that may leave is there (the usual case), as ONE object literal; otherwise key by key
   * (emit.ts). Keys that exist on Object.prototype (`constructor`, `toString`, …) are read only
   * when they are own properties.
   *
   *   function s1_span_0(a, r) {
   *     let n = 0, v, x0, x1;
   *     v = a["order.id"];
   *     if (v != null) { n++; x0 = typeof v === "string" ? r.keepText(v, 0) : r.wrongType(0); }
   *     …
   *     r.dropUndeclaredRest(a, n, 15);
   *     if (x0 !== undefined && x1 !== undefined) return { "order.id": x0, "user.email": x1 };
   *     const o: Attributes = {};
   *     if (x0 !== undefined) o["order.id"] = x0;
   *     …
   *     return o;
   *   }
   */
  private directFunction(name: string, where: string, sites: readonly FieldAt[]): string {
    const unique = uniqueByKey(sites);
    const body: string[] = [];
    const leaving: { key: string; local: string }[] = [];
    const locals = unique.length > 0 ? ["n = 0", "v"] : [];
    for (const [i, site] of unique.entries()) {
      const slot = this.slot(where, site.field.key, site.action.kind);
      const action = actionCall(site, slot, "r");
      body.push(`v = ${readKey("a", site.field.key)};`);
      if (action === undefined) {
        body.push(`if (v != null) { n++; ${bump("r", slot)} }`);
        continue;
      }
      const local = `x${i}`;
      leaving.push({ key: site.field.key, local });
      locals.push(local);
      body.push(`if (v != null) { n++; ${local} = ${typeCheck(site.field.type, "v", "r")} ? ${action} : ${wrongType("r", slot)}; }`);
    }
    const undeclared = this.slot(where, "*", "drop");
    body.push(`r.dropUndeclaredRest(a, ${unique.length > 0 ? "n" : "0"}, ${num(undeclared)});`);
    body.push(...copyStatements(leaving, (copy) => `return ${copy};`, true));
    this.declare(`${name}${SIGNATURE}`, [...(locals.length > 0 ? [`let ${locals.join(", ")};`] : []), ...body]);
    return name;
  }

  /**
   * `undeclared: keep`: every key is visited (`for (const k in a)`), declared ones get their
   * case, the rest the default (kept after detectors, counted).
   */
  attributesFunction(name: string, where: string, sites: readonly FieldAt[]): string {
    if (!this.keepUndeclared) return this.directFunction(name, where, sites);
    const clauses: string[] = [];
    for (const site of uniqueByKey(sites)) {
      const key = site.field.key;
      const slot = this.slot(where, key, site.action.kind);
      const action = actionCall(site, slot, "r");
      const statements =
        action === undefined
          ? [bump("r", slot)]
          : [`const x = ${typeCheck(site.field.type, "v", "r")} ? ${action} : ${wrongType("r", slot)};`, `if (x !== undefined) ${setOwn("o", key, "x")}`];
      clauses.push(`case ${str(key)}: {`, ...indent([...statements, "break;"]), "}");
    }
    const undeclared = this.slot(where, "*", "keep");
    // `o[k] = x` is safe here: k is never "__proto__"
    clauses.push("default:", ...indent([`if (k !== "__proto__") {`, ...indent([`const x = r.keepUndeclared(v, ${num(undeclared)});`, "if (x !== undefined) o[k] = x;"]), "}"]));
    this.declare(`${name}${SIGNATURE}`, [
      "const o: Attributes = {};",
      "for (const k in a) {",
      ...indent(["const v = a[k];", "if (v === undefined || v === null) continue;", "switch (k) {", ...indent(clauses), "}"]),
      "}",
      "return o;",
    ]);
    return name;
  }

  /** `return r.undeclaredAttributes(a, keep, slot);` for a place the contract does not describe. */
  undeclaredReturn(where: string): string {
    const slot = this.slot(where, "*", this.keepUndeclared ? "keep" : "drop");
    return `return r.undeclaredAttributes(a, ${this.keepUndeclared}, ${num(slot)});`;
  }

  /** `function name(<params>: string, a, r) { switch (<on>) { case "…": …; default: … } }` */
  dispatcher(name: string, params: readonly string[], on: string, cases: readonly (readonly [string, string[]])[], fallback: string, note: readonly string[] = []): string {
    // Without cases the names are never read: `_`-prefixed, so a service compiling under
    // noUnusedParameters still compiles the module (every case switches on `on`, an event case on `e`).
    const named = cases.length === 0 ? params.map((p) => `_${p}`) : params;
    const signature = `${name}(${named.map((p) => `${p}: string, `).join("")}a: Attributes, r: SinkContext): Attributes`;
    this.declare(signature, [...note, ...(cases.length === 0 ? [fallback] : switchLines(on, cases, fallback))]);
    return name;
  }
}

/** `switch (on) { case "…": <lines> … default: <fallback> }`: a case of one line stays on the case's line. */
export function switchLines(on: string, cases: readonly (readonly [string, string[]])[], fallback: string): string[] {
  const clause = (label: string, body: readonly string[]) => (body.length === 1 ? [`${label} ${body[0]}`] : [label, ...indent(body)]);
  return [`switch (${on}) {`, ...indent([...cases.flatMap(([value, body]) => clause(`case ${str(value)}:`, body)), ...clause("default:", [fallback])]), "}"];
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

/** The span names of a sink with declared attributes, in declaration order. */
function spanNamesOf(view: SinkView): string[] {
  return ordered(view.fields.filter((s) => s.where.startsWith("span:") && s.event === undefined && s.span !== undefined).map((s) => s.span!));
}

/**
 * The functions and plan of one sink of one service. The span names in `covered` are redacted
 * by the all-sinks span function (spans-all-sinks.ts): their slots are taken, in the same
 * order, but no per-sink function is written for them.
 */
export function sinkCode(view: SinkView, index: number, covered: ReadonlySet<string> = new Set()): SinkCode {
  const p = `s${index}`;
  const w = new SinkWriter(view.undeclared === "keep");
  const call = (fn: string) => [`return ${fn}(a, r);`];

  // spans
  const spanNames = spanNamesOf(view);
  const eventSpanNames = ordered(view.fields.filter((s) => s.event !== undefined).map((s) => s.span!));
  const spanCases: [string, string[]][] = [];
  spanNames.forEach((name, i) => {
    const sites = view.fields.filter((s) => s.span === name && s.event === undefined);
    if (covered.has(name)) w.slotsOnly(`span:${name}`, sites);
    else spanCases.push([name, call(w.attributesFunction(`${p}_span_${i}`, `span:${name}`, sites))]);
  });
  const coveredHere = spanNames.filter((name) => covered.has(name)).length;
  const note = coveredHere > 0 ? [`// ${coveredHere} declared span name${coveredHere === 1 ? " is" : "s are"} redacted by all_span, for every trace sink at once`] : [];
  const spanFn = w.dispatcher(`${p}_span`, ["n"], "n", spanCases, w.undeclaredReturn("span:*"), note);

  const eventCases: [string, string[]][] = eventSpanNames.map((spanName, i) => {
    const eventNames = ordered(view.fields.filter((s) => s.span === spanName && s.event !== undefined).map((s) => s.event!));
    const cases: [string, string[]][] = eventNames.map((eventName, j) => {
      const sites = view.fields.filter((s) => s.span === spanName && s.event === eventName);
      return [eventName, call(w.attributesFunction(`${p}_event_${i}_${j}`, `span:${spanName}/event:${eventName}`, sites))];
    });
    return [spanName, switchLines("e", cases, w.undeclaredReturn(`span:${spanName}/event:*`))];
  });
  const eventFn = w.dispatcher(`${p}_event`, ["n", "e"], "n", eventCases, w.undeclaredReturn("span:*/event:*"));

  // logs, metrics, resource
  const logFn = w.attributesFunction(`${p}_log`, "log", view.fields.filter((s) => s.where === "log"));
  const metricNames = ordered(view.fields.filter((s) => s.metric !== undefined).map((s) => s.metric!));
  const metricCases: [string, string[]][] = metricNames.map((name, i) => {
    const sites = view.fields.filter((s) => s.metric === name);
    return [name, call(w.attributesFunction(`${p}_metric_${i}`, `metric:${name}`, sites))];
  });
  const metricFn = w.dispatcher(`${p}_metric`, ["n"], "n", metricCases, w.undeclaredReturn("metric:*"));
  const resourceFn = w.attributesFunction(`${p}_resource`, "resource", view.fields.filter((s) => s.where === "resource"));

  const detectors: Literal[] = view.detectors.map((d) => ({
    class: d.class,
    detector: d.detector.kind === "pattern" ? { pattern: d.detector.pattern } : d.detector.kind,
    action: actionLiteral(d.action),
  }));
  const hashes = view.fields.some((s) => s.action.kind === "hash") || view.detectors.some((d) => d.action.kind === "hash");

  // a literal spanning lines (slot groups, detectors) is split into lines to be indented: a
  // string literal never holds a raw line break
  const plan = [
    "{",
    ...indent([
      `name: ${str(view.sink.name)},`,
      `region: ${str(view.sink.region)},`,
      `endpoint: ${str(view.sink.endpoint.raw)},`,
      `signals: ${literal([...view.signals])},`,
      `undeclared: ${str(view.undeclared)},`,
      `slots: ${literal(slotGroups(w.slots))},`,
      `detectors: ${literal(detectors)},`,
      `redact: { span: ${spanFn}, event: ${eventFn}, log: ${logFn}, metric: ${metricFn}, resource: ${resourceFn} },`,
    ].flatMap((line) => line.split("\n"))),
    "}",
  ];
  return { statements: w.statements, plan, hashes, slots: w.slots, spanNames };
}
