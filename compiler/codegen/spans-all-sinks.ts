/**
 * Per span name, ONE function that builds the attributes of every sink receiving traces in a
 * single pass: each declared key is read, checked for presence and for its type once, then
 * each sink's action runs with that sink's context and caches. The runtime's span fan-out
 * calls it once per span instead of one per-sink function per sink.
 *
 *   function all_span_0(a, R, out, M) {
 *     const v0 = a["order.id"], v1 = a["user.email"], …;
 *     const m = M?.last[0];
 *     if (m !== undefined && v0 === m[0] && v1 === m[1] && …) return M!.repeat(0, a, R, out);
 *     const r0 = R[0]!, r1 = R[1]!, S0 = r0.seen, S1 = r1.seen, P = r0.pass(R);
 *     let n = 0, w = 0, x0_0, x1_0, …, d;
 *     if (v0 != null) { n++; if (typeof v0 === "string") { x0_0 = (d = P.text(v0, 0, 1)) === 0 ? (S0[0]!++, v0) : r0.keepIfClean(v0, d, 0); x1_0 = r1.hashText(v0, 0); } else { r0.wrongType(0); r1.wrongType(0); w++; } }
 *     if (v1 != null) { n++; if ((d = P.strings(v1, 1, -1)) !== -2) { if (d === 0) { x0_1 = x1_1 = v1; S0[1]!++; S1[1]!++; } else { x0_1 = r0.keepArrayIfClean(v1, d, 1); … } } else { … } }
 *     if (v2 != null) { n++; if (typeof v2 === "number") { x0_2 = x1_2 = v2; S0[2]!++; S1[2]!++; } else { … } }
 *     …
 *     if (r0.keysBeyond(a, n)) { r0.dropUndeclaredRest(a, n, 15); r1.dropUndeclaredRest(a, n, 15); }
 *     <sink 0's copy into out[0]>
 *     <sink 1's copy into out[1]>
 *     if (M !== undefined && w === 0 && M.wants(0)) M.remember(0, a, R, out);
 *   }
 *
 * `P` (runtime/span-pass.ts) asks the detectors about a string or `string[]` field that some sink
 * keeps ONCE for every sink that keeps it (`d`, its verdict; the last argument says which sinks
 * keep it: bit k for sink k, -1 for all), and each keeping sink applies its own action to that
 * verdict: on 0 (no detector of any keeping sink fires: the usual case) the value goes to every
 * keeping sink as it is, counted in the sink's `seen` right here (as a number or boolean kept
 * does); otherwise each keeping sink's method (keepIfClean, keepArrayIfClean) decides, and takes
 * the sink's full path when one of its own detectors fired (which counts the hits and redacts).
 * Written inline, not as a call per sink: TurboFan inlines only some of a pass's dozens of calls
 * (its budget is spent on the larger ones), and each call left costs more than its work. Other
 * actions (hash, mask, …) are each sink's own call, as before. The `string[]` verdict is also the
 * field's type check.
 *
 * `M` is the runtime's whole-span memo (runtime/span-memo.ts): a span whose declared values are
 * those of the span it remembered gets what that span got, counted as a pass counts it, without
 * the per-field calls or new objects (values that recur span after span); a pass in which every
 * present value had its declared type offers itself to be remembered (the runtime decides). The
 * plan's `firstSlots` tell the memo each function's counter slots at each sink.
 *
 * The span names it covers get no per-sink function: the sinks' own span dispatchers handle
 * only names the contract does not declare, and the runtime redacts for one sink with this
 * function when a service is started with exporters for only some of its sinks (the plan says
 * so with `replacesSinkSpans`). Each sink's counters are its own slots, taken in the same
 * order as a per-sink function would take them, so both paths count the same way. Written
 * only when two or more sinks receive traces and none keeps undeclared keys.
 */
import type { AttributeType } from "../../contracts/model.js";
import type { SinkView } from "../flows.js";
import { copyStatements, functionDeclaration, readKey, typeCheck } from "./emit.js";
import { actionCall, bump, wrongType, type FieldAt } from "./field.js";
import { literal, num } from "./literal.js";
import { switchLines, type SinkCode } from "./redactors.js";

export interface TraceSink {
  readonly view: SinkView;
  readonly code: SinkCode;
  /** {@link spanSites} of the view. */
  readonly sites: Map<string, FieldAt[]>;
}

export interface SpansAllSinksCode {
  /** Function declarations (lines). */
  readonly statements: string[];
  /** The plan's `spans`: `{ sinks: [...], span: all_span, replacesSinkSpans: true, firstSlots: [...] }`. */
  readonly plan: string;
}

/** A trace sink's declared span attributes by span name, first declaration of each key only (one pass over its fields). */
export function spanSites(view: SinkView): Map<string, FieldAt[]> {
  const bySpan = new Map<string, FieldAt[]>();
  for (const site of view.fields) {
    if (site.span === undefined || site.event !== undefined || !site.where.startsWith("span:")) continue;
    const sites = bySpan.get(site.span);
    if (sites === undefined) bySpan.set(site.span, [site]);
    else if (!sites.some((s) => s.field.key === site.field.key)) sites.push(site);
  }
  return bySpan;
}

/**
 * The span names one function can redact for all these trace sinks (each given by its
 * {@link spanSites}): every sink declares the same keys with the same types for them (the
 * actions may differ). None when fewer than two sinks receive traces or one keeps undeclared keys.
 */
export function coveredSpanNames(views: readonly SinkView[], sites: readonly Map<string, FieldAt[]>[]): Set<string> {
  const covered = new Set<string>();
  if (views.length < 2 || views.some((v) => v.undeclared === "keep")) return covered;
  const same = (a: readonly FieldAt[], b: readonly FieldAt[]) => a.length === b.length && a.every((s, i) => s.field.key === b[i]!.field.key && s.field.type === b[i]!.field.type);
  for (const [spanName, first] of sites[0]!) {
    if (sites.every((bySpan) => same(bySpan.get(spanName) ?? [], first))) covered.add(spanName);
  }
  return covered;
}

interface SinkSites {
  readonly sites: readonly FieldAt[];
  /** Counter slot per site, and the slot of undeclared keys. */
  readonly slots: number[];
  readonly undeclared: number;
}

/** Each sink's sites and slots for one covered span name (taken by sinkCode's slotsOnly). */
function sitesOfEvery(sinks: readonly TraceSink[], spanName: string): SinkSites[] {
  const where = `span:${spanName}`;
  return sinks.map(({ code, sites: bySpan }) => {
    const sites = bySpan.get(spanName) ?? [];
    const first = code.slots.findIndex((s) => s.where === where);
    // sinkCode's slotsOnly took the place's slots together, in site order, then "*"
    const ok = first >= 0 && sites.every((site, i) => code.slots[first + i]?.key === site.field.key) && code.slots[first + sites.length]?.key === "*";
    if (!ok) throw new Error(`the counter slots of ${where} are not where the all-sinks function expects them`);
    return { sites, slots: sites.map((_, i) => first + i), undeclared: first + sites.length };
  });
}

export function spansAllSinks(sinks: readonly TraceSink[], covered: ReadonlySet<string>): SpansAllSinksCode | undefined {
  const statements: string[] = [];
  const cases: [string, string[]][] = [];
  const firstSlots: number[][] = [];
  const names = sinks.map((_, k) => `r${k}`);

  for (const spanName of covered) {
    const every = sitesOfEvery(sinks, spanName);
    const index = cases.length;
    const fn = `all_span_${index}`;
    cases.push([spanName, [`${fn}(a, R, out, M);`, "return true;"]]);
    firstSlots.push(every.map(({ sites, undeclared }) => undeclared - sites.length));
    const fields = every[0]!.sites;
    const values = fields.map((_, i) => `v${i}`);
    const locals = fields.length > 0 ? ["n = 0", "w = 0"] : [];
    const leaving: { key: string; local: string }[][] = sinks.map(() => []);
    const body: string[] = [];
    let verdicts = false;
    let hashes = false;
    // the sinks whose counters the pass's clean path counts directly (`S0[slot]++`)
    const counted = new Set<number>();
    fields.forEach((field, i) => {
      const v = values[i]!;
      const always: string[] = [];
      const typed: string[] = [];
      const wrong: string[] = [];
      // a clean verdict's path, written here for every keeping sink (the locals, the counts) and
      // the other verdicts' (each keeping sink's method: counts the hits, redacts)
      const cleanLocals: string[] = [];
      const cleanCounts: string[] = [];
      const flagged: { local: string; action: string }[] = [];
      const keptLocals: string[] = [];
      const keptCounts: string[] = [];
      // a string or string[] some sink keeps: the detectors' verdict asked once for every sink (runtime/span-pass.ts)
      const type = field.field.type;
      const shared = (type === "string" || type === "string[]") && every.some(({ sites }) => sites[i]!.action.kind === "keep");
      // a string some sink hashes: hashed once for every sink that hashes it (with the same hasher)
      const hashedOnce = type === "string" && every.some(({ sites }) => sites[i]!.action.kind === "hash");
      if (shared) verdicts = true;
      if (hashedOnce) hashes = true;
      every.forEach(({ sites, slots }, k) => {
        const slot = slots[i]!;
        const kind = sites[i]!.action.kind;
        const action =
          shared && kind === "keep"
            ? `${names[k]}.${type === "string" ? "keepIfClean" : "keepArrayIfClean"}(${v}, d, ${num(slot)})`
            : hashedOnce && kind === "hash"
              ? `${names[k]}.hashed(${v}, h, ${num(slot)})`
              : actionCall(sites[i]!, slot, names[k]!, v);
        if (action === undefined) {
          always.push(bump(names[k]!, slot));
          return;
        }
        const local = `x${k}_${i}`;
        leaving[k]!.push({ key: sites[i]!.field.key, local });
        locals.push(local);
        wrong.push(`${wrongType(names[k]!, slot)};`);
        if (kind === "keep" && (type === "int" || type === "double" || type === "boolean")) {
          // a number or boolean kept goes as it is (detectors read text only), counted
          counted.add(k);
          keptLocals.push(local);
          keptCounts.push(`S${k}[${num(slot)}]!++`);
        } else if (shared && kind === "keep") {
          counted.add(k);
          cleanLocals.push(local);
          cleanCounts.push(`S${k}[${num(slot)}]!++`);
          flagged.push({ local, action });
        } else typed.push(`${local} = ${action};`);
      });
      // The verdict 0 (no detector of any keeping sink fires: the usual case) handled inline:
      // each keeping sink gets the value as it is, counted. A call per sink cost more than its
      // work (TurboFan inlines only some of a pass's dozens of calls).
      const clean = (verdict: string) =>
        cleanLocals.length === 1
          ? `${cleanLocals[0]} = ${verdict} === 0 ? (${cleanCounts[0]}, ${v}) : ${flagged[0]!.action};`
          : `if (${verdict} === 0) { ${cleanLocals.join(" = ")} = ${v}; ${cleanCounts.join("; ")}; } else { ${flagged.map((f) => `${f.local} = ${f.action};`).join(" ")} }`;
      // the field (numbered by the first sink's slot) and the sinks that keep it (bit k: sink k; -1: all)
      const keepers = every.reduce((mask, { sites }, k) => (sites[i]!.action.kind === "keep" ? mask | (1 << k) : mask), 0);
      const verdictOf = `${num(every[0]!.slots[i]!)}, ${every.length > 30 || keepers === (1 << every.length) - 1 ? "-1" : num(keepers)}`;
      const check = !shared ? typeCheck(type, v, names[0]!) : type === "string" ? `typeof ${v} === "string"` : `(d = P.strings(${v}, ${verdictOf})) !== -2`;
      // the field's HMAC, the keeping sinks' verdict and values, then the other sinks' actions
      if (cleanLocals.length > 0) typed.unshift(clean(type === "string" ? `(d = P.text(${v}, ${verdictOf}))` : "d"));
      if (keptLocals.length > 0) typed.unshift(`${keptLocals.join(" = ")} = ${v}; ${keptCounts.join("; ")};`);
      if (hashedOnce) typed.unshift(`h = P.hash(${v}, ${num(every[0]!.slots[i]!)});`);
      const checked = typed.length > 0 ? [`if (${check}) { ${typed.join(" ")} } else { ${wrong.join(" ")} w++; }`] : [];
      body.push(`if (${v} != null) { ${["n++;", ...always, ...checked].join(" ")} }`);
    });
    // Undeclared keys: counted at every sink, looked for once (the common case has none).
    const declaredPresent = fields.length > 0 ? "n" : "0";
    const counts = every.map(({ undeclared }, k) => `${names[k]}.dropUndeclaredRest(a, ${declaredPresent}, ${num(undeclared)});`);
    body.push(`if (${names[0]}.keysBeyond(a, ${declaredPresent})) { ${counts.join(" ")} }`);
    leaving.forEach((fieldsOut, k) => body.push(...copyStatements(fieldsOut, (copy) => `out[${k}] = ${copy};`, false)));
    const counters = [...counted].sort((x, y) => x - y).map((k) => `, S${k} = ${names[k]}.seen`).join("");
    const prologue = `const ${names.map((r, k) => `${r} = R[${k}]!`).join(", ")}${counters}${verdicts || hashes ? ", P = r0.pass(R)" : ""};`;
    if (verdicts) locals.push("d");
    if (hashes) locals.push("h");
    // The whole-span memo (runtime/span-memo.ts): the same values as the span it remembers give
    // what that span gave; a pass whose values all had their types offers itself to be remembered.
    const memo =
      fields.length === 0
        ? []
        : [
            `const ${fields.map((field, i) => `${values[i]} = ${readKey("a", field.field.key)}`).join(", ")};`,
            `const m = M?.last[${index}];`,
            `if (m !== undefined && ${fields.map((field, i) => sameAs(field.field.type, values[i]!, `m[${i}]`)).join(" && ")}) return M!.repeat(${index}, a, R, out);`,
          ];
    // (the memo reads the values again from `a`: keeping them live to the end costs more)
    const remember = fields.length === 0 ? [] : [`if (M !== undefined && w === 0 && M.wants(${index})) M.remember(${index}, a, R, out);`];
    if (statements.length > 0) statements.push("");
    statements.push(
      ...functionDeclaration(`${fn}(a: Attributes, R: readonly SinkContext[], out: Attributes[], M?: SpanMemo): void`, [
        ...memo,
        prologue,
        ...(locals.length > 0 ? [`let ${locals.join(", ")};`] : []),
        ...body,
        ...remember,
      ]),
    );
  }
  if (cases.length === 0) return undefined;

  statements.push("", ...functionDeclaration("all_span(n: string, a: Attributes, R: readonly SinkContext[], out: Attributes[], M?: SpanMemo): boolean", switchLines("n", cases, "return false;")));
  const plan = `{ sinks: ${literal(sinks.map((s) => s.view.sink.name))}, span: all_span, replacesSinkSpans: true, firstSlots: [${firstSlots.map((firsts) => `[${firsts.map(num).join(", ")}]`).join(", ")}] }`;
  return { statements, plan };
}

/**
 * `v === m[0]`: a value the same as the remembered one. Numbers as `Object.is` compares them (-0
 * is not 0), which is slower than `===`: asked only for zeros and values that differ. Arrays
 * element by element.
 */
function sameAs(type: AttributeType, v: string, remembered: string): string {
  if (type.endsWith("[]")) return `M!.same(${v}, ${remembered})`;
  return type === "int" || type === "double" ? `(${v} === ${remembered} && ${v} !== 0 || Object.is(${v}, ${remembered}))` : `${v} === ${remembered}`;
}
