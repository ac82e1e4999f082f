/**
 * The per-sink context the generated redaction functions call into: one instance per sink,
 * holding that sink's hasher, detectors and counters. The generated code decides *what*
 * happens to each key (straight-line, per span name); this class only does it and counts it.
 *
 * Counters are slots in typed arrays: a slot per declared field site (and per "undeclared"
 * site) at this sink, numbered by the generator, so counting costs an array increment.
 */
import type { AttributeValue, Attributes } from "@opentelemetry/api";
import { applyAction, maskString, stricter, truncateString, type RedactionAction, type RedactionKind } from "./actions.js";
import { DetectionCache, MAX_CACHED_DETECTORS, shortestMatch, type DetectorSet } from "./detection-cache.js";
import type { CompiledDetector, DetectorKind } from "./detectors/index.js";
import type { Hasher } from "./hash.js";
import { SpanPass, type UNSHARED } from "./span-pass.js";

/** What counter slot `i` of a sink counts: one field site (or the undeclared keys of a site). */
export interface FieldSlot {
  /** `span:<name>`, `span:<name>/event:<event>`, `log`, `metric:<name>`, `resource`, `span:*`, `link`. */
  readonly where: string;
  /** The attribute key, or "*" for undeclared keys. */
  readonly key: string;
  /** The action the contract gives the field at this sink (for "*": `keep` or `drop`). */
  readonly action: RedactionKind;
}

/** The slots of one place, in slot order: `[where, key, action, key, action, …]`. */
export type SlotGroup = readonly string[];

/** A sink plan's counter slots as objects, in slot order. */
export function fieldSlots(slots: readonly FieldSlot[] | readonly SlotGroup[]): FieldSlot[] {
  const out: FieldSlot[] = [];
  for (const entry of slots) {
    if (!Array.isArray(entry)) {
      out.push(entry as FieldSlot);
      continue;
    }
    const group = entry as SlotGroup;
    for (let i = 1; i + 1 < group.length; i += 2) out.push({ where: group[0]!, key: group[i]!, action: group[i + 1] as FieldSlot["action"] });
  }
  return out;
}

/** A detector to run at this sink, with the class it protects and the action for a match. */
export interface DetectorSpec {
  readonly class: string;
  readonly detector: DetectorKind;
  readonly action: RedactionAction;
}

export interface FieldStats extends FieldSlot {
  /** Values seen at this site (each was kept, redacted or dropped as `action` says). */
  readonly count: number;
  /** Values of the wrong type for the declared field: dropped. */
  readonly wrongType: number;
}

export interface DetectorStats {
  readonly class: string;
  readonly detector: string;
  /** Values in which the detector found something (and that were redacted for it). */
  readonly hits: number;
}

export interface SinkStats {
  readonly sink: string;
  /** Records handed to the sink's exporter, after redaction. */
  readonly exported: { readonly spans: number; readonly logs: number; readonly metricPoints: number };
  /** Records dropped because redacting them failed (fail closed). */
  readonly droppedOnError: number;
  /** Export calls that failed (threw, rejected, timed out or answered FAILED). */
  readonly exportFailures: number;
  /** Records dropped because this sink's exporter fell behind and its backlog was full. */
  readonly droppedOnBacklog: number;
  readonly fields: readonly FieldStats[];
  readonly detectors: readonly DetectorStats[];
}

interface RuntimeDetector {
  readonly class: string;
  readonly label: string;
  readonly action: RedactionAction;
  /** Its bit in the detector set's verdicts, or -1 when it is scanned directly. */
  readonly bit: number;
  readonly compiled: CompiledDetector;
}

const DROP: RedactionAction = { kind: "drop" };

/** What a name becomes when a detector fires on it and its action would remove it (SPEC §1.8). */
export const REDACTED_NAME = "redacted";

export class SinkContext {
  readonly sink: string;
  private readonly slots: readonly FieldSlot[];
  /**
   * Values seen per slot. Public for the generated all-sinks span pass, which counts a value
   * every keeping sink takes as it is (a clean verdict, a number kept) here itself instead of
   * calling a method per sink (only counting: never reset).
   */
  readonly seen: Float64Array;
  private readonly wrong: Float64Array;
  private readonly detectors: readonly RuntimeDetector[];
  private readonly hits: Float64Array;
  /** Read by the all-sinks pass (span-pass.ts), which hashes a field once for sinks that hash with the same hasher. */
  readonly hasher: Hasher;
  /** This sink's detectors and their memoised verdicts (shared with sinks that have the same detectors). */
  private readonly set: DetectorSet;
  private readonly direct: boolean;
  /** No detector of this sink matches a string shorter than this (a user pattern may match one character). */
  private readonly shortest: number;
  /** This sink's bits in the (possibly shared) set's verdicts (read by the span memo with {@link pass}'s verdicts). */
  readonly ownBits: number;
  /** No detector at this sink: kept text needs no scan. */
  private readonly noDetectors: boolean;
  /**
   * A one-entry cache per field site (one action each) in front of the memos: the same
   * attribute usually carries the same value span after span (routes, methods, hosts), and
   * comparing with the last value is cheaper than any hash-table lookup. Per site: the last
   * input string and what left for it. Only values in which no detector found anything are
   * remembered (a hit is scanned again, so that it is counted again), and nothing is when
   * some detector is scanned directly (its hits are counted by scanning).
   *
   * Public for the generated redaction functions, whose fast path reads them: `lastIn[slot] === v`
   * means `lastOut[slot]` is what this sink receives for `v`. Only this class writes them.
   */
  readonly lastIn: (string | undefined)[];
  readonly lastOut: (AttributeValue | undefined)[];
  /**
   * Per field site, the elements of the last kept array in which no detector found anything
   * (a copy: the application may change its array afterwards). An array field (SKUs, tags)
   * often carries the same elements span after span in a new array each time; comparing them
   * costs less than asking the detectors about each element again.
   */
  private readonly lastElements: (unknown[] | undefined)[];
  /** The shared per-field step of the all-sinks pass this context is the first sink of ({@link pass}). */
  private spanPass: SpanPass | undefined;
  /** The last name and scope in which no detector found anything (scanName, scanScope). */
  private lastName: string | undefined;
  private lastScope: object | undefined;
  private exportedSpans = 0;
  private exportedLogs = 0;
  private exportedPoints = 0;
  private droppedOnError = 0;
  private exportFailures = 0;
  private droppedOnBacklog = 0;

  /**
   * @param cache compiled detectors and memoised verdicts shared with the other sinks of one
   *   telemetry instance (a private one when omitted).
   */
  constructor(
    sink: string,
    planned: readonly FieldSlot[] | readonly SlotGroup[],
    detectors: readonly DetectorSpec[],
    hasher: Hasher,
    cache: DetectionCache = new DetectionCache(),
  ) {
    this.sink = sink;
    const slots = fieldSlots(planned);
    this.slots = slots;
    this.seen = new Float64Array(slots.length);
    this.wrong = new Float64Array(slots.length);
    this.set = cache.setFor(detectors.map((d) => d.detector));
    this.detectors = detectors.map((d) => {
      const i = this.set.indexOf(d.detector);
      const compiled = this.set.detectors[i]!;
      return {
        class: d.class,
        label: compiled.label,
        // a match is a value that may not go raw here: `keep` cannot be its action
        action: d.action.kind === "keep" ? DROP : d.action,
        bit: i < MAX_CACHED_DETECTORS ? i : -1,
        compiled,
      };
    });
    // Packed arrays (Array.from, not new Array(n)): the generated fast path reads them with no hole check.
    this.lastIn = Array.from({ length: slots.length }, (): string | undefined => undefined);
    this.lastOut = Array.from({ length: slots.length }, (): AttributeValue | undefined => undefined);
    this.lastElements = Array.from({ length: slots.length }, (): unknown[] | undefined => undefined);
    this.direct = this.detectors.some((d) => d.bit < 0);
    this.shortest = shortestMatch(this.detectors.map((d) => d.compiled));
    this.ownBits = this.detectors.reduce((m, d) => (d.bit >= 0 ? m | (1 << d.bit) : m), 0);
    this.noDetectors = this.detectors.length === 0;
    this.hits = new Float64Array(detectors.length);
    this.hasher = hasher;
  }

  /** This sink's detector set and whether it scans some detector directly; undefined when it has no detector. */
  detectorSet(): { readonly set: DetectorSet; readonly direct: boolean } | undefined {
    return this.noDetectors ? undefined : { set: this.set, direct: this.direct };
  }

  get hasDetectors(): boolean {
    return this.detectors.length > 0;
  }

  /**
   * Is `value` an array whose elements are all of the declared element type (`string[]`,
   * `int[]`, …)? Empty elements (null, undefined) carry nothing and are allowed, as in OTel's
   * homogeneous arrays. The generated code calls it for array fields; false counts as wrongType.
   */
  isArrayOf(value: unknown, element: "string" | "int" | "double" | "boolean"): boolean {
    if (!Array.isArray(value)) return false;
    for (const e of value as readonly unknown[]) {
      if (e === null || e === undefined) continue;
      const ok = element === "int" ? Number.isInteger(e) : element === "double" ? typeof e === "number" : typeof e === element;
      if (!ok) return false;
    }
    return true;
  }

  // ---- detectors -------------------------------------------------------------------------

  /** The strictest action of the detectors that match `s`, or undefined when none does. */
  detect(s: string): RedactionAction | undefined {
    if (this.detectors.length === 0 || s.length < this.shortest) return undefined;
    return this.actionFor(s, this.set.verdict(s, this.ownBits) & this.ownBits);
  }

  /** Count the hits in `found` (and run uncached detectors); the strictest action, if any. */
  private actionFor(s: string, found: number): RedactionAction | undefined {
    const detectors = this.detectors;
    if (found === 0 && !this.direct) return undefined;
    let action: RedactionAction | undefined;
    for (let i = 0; i < detectors.length; i++) {
      const d = detectors[i]!;
      const hit = d.bit >= 0 ? (found & (1 << d.bit)) !== 0 : d.compiled.mayMatch(s) && d.compiled.scan(s);
      if (!hit) continue;
      this.hits[i]!++;
      action = action === undefined ? d.action : stricter(action, d.action);
    }
    return action;
  }

  /**
   * A value a detector fired on, redacted with `action` — unless what that leaves still holds a
   * match (a mask keeping the last 3 characters of `::d`, a truncation that keeps a whole
   * address): then it is dropped (fail closed). An HMAC never matches.
   */
  private redactMatch(action: RedactionAction, value: AttributeValue): AttributeValue | undefined {
    const out = applyAction(action, value, this.hasher);
    if (out === undefined || action.kind === "hash" || action.kind === "replace") return out;
    if (typeof out === "string") return this.matches(out) ? undefined : out;
    if (Array.isArray(out)) for (const e of out as readonly unknown[]) if (typeof e === "string" && this.matches(e)) return undefined;
    return out;
  }

  /** Does a detector of this sink fire on `s`? (Not counted: the hit was counted on the value.) */
  private matches(s: string): boolean {
    if (s.length < this.shortest) return false;
    if ((this.set.verdict(s, this.ownBits) & this.ownBits) !== 0) return true;
    return this.direct && this.detectors.some((d) => d.bit < 0 && d.compiled.mayMatch(s) && d.compiled.scan(s));
  }

  /** `value` as it may leave for this sink after detectors ran on its strings (undefined = drop). */
  scan(value: AttributeValue): AttributeValue | undefined {
    if (this.detectors.length === 0) return value;
    if (typeof value === "string") {
      const action = this.detect(value);
      return action === undefined ? value : this.redactMatch(action, value);
    }
    if (Array.isArray(value)) {
      let action: RedactionAction | undefined;
      for (const element of value as readonly unknown[]) {
        if (typeof element === "object" && element !== null && !this.isClean(element, 1)) return undefined;
        if (typeof element !== "string") continue;
        const found = this.detect(element);
        if (found) action = action === undefined ? found : stricter(action, found);
      }
      return action === undefined ? value : this.redactMatch(action, value);
    }
    // Nested maps (log attributes may hold them) are not described by the contract: they go
    // only when no detector fires anywhere inside.
    if (typeof value === "object" && value !== null) return this.isClean(value, 0) ? value : undefined;
    return value;
  }

  /** Does no detector fire on any string inside `value`? (bounded depth: deeper fails closed) */
  isClean(value: unknown, depth: number): boolean {
    if (typeof value === "string") return this.detect(value) === undefined;
    if (value === null || typeof value !== "object" || value instanceof Uint8Array) return true;
    if (depth > 8) return false;
    if (Array.isArray(value)) {
      for (const element of value as readonly unknown[]) if (!this.isClean(element, depth + 1)) return false;
      return true;
    }
    for (const key of Object.keys(value)) {
      if (!this.isClean((value as Record<string, unknown>)[key], depth + 1)) return false;
    }
    return true;
  }

  /**
   * A name (span, event, log event name, severity text, instrumentation scope) after detectors
   * (SPEC §1.8): unchanged, or redacted with the strictest matching action; a name cannot be
   * removed, so where that action is `drop` (or its result would still match) it becomes
   * `redacted`. Names recur, so the last clean name is remembered.
   */
  scanName(name: string): string {
    if (name === this.lastName || this.noDetectors) return name;
    const action = this.detect(name);
    if (action === undefined) {
      if (!this.direct) this.lastName = name;
      return name;
    }
    const out = this.redactMatch(action, name);
    return typeof out === "string" ? out : REDACTED_NAME;
  }

  /** An instrumentation scope whose name, version and schema URL went through {@link scanName}. */
  scanScope<S extends { readonly name: string; readonly version?: string; readonly schemaUrl?: string }>(scope: S): S {
    if (this.noDetectors || scope === undefined || scope === null) return scope;
    if (scope === this.lastScope) return scope;
    const name = this.scanName(scope.name);
    const version = scope.version === undefined ? undefined : this.scanName(scope.version);
    const schemaUrl = scope.schemaUrl === undefined ? undefined : this.scanName(scope.schemaUrl);
    if (name === scope.name && version === scope.version && schemaUrl === scope.schemaUrl) {
      if (!this.direct) this.lastScope = scope;
      return scope;
    }
    return { ...scope, name, version, schemaUrl };
  }

  /** A free text (status message, log body) after detectors: unchanged, redacted, or undefined. */
  scanText(text: string): string | undefined {
    const action = this.detect(text);
    if (action === undefined) return text;
    const out = this.redactMatch(action, text);
    return typeof out === "string" ? out : undefined;
  }

  // ---- declared fields: one method per action, called by the generated code ---------------
  //
  // `keepText`, `hashText`, `maskText` and `truncateText` take a value the generated code has
  // already checked to be a string (the common case, kept small so that it inlines); `keep`,
  // `hash`, `mask` and `truncate` take any attribute value (arrays, numbers).

  /** Count a present value of a field site whose value goes as it is (a number or boolean kept: detectors read text only). */
  count(slot: number): void {
    this.seen[slot]!++;
  }

  /** A number or boolean kept: counted, and returned as it is. */
  kept<V extends AttributeValue>(value: V, slot: number): V {
    this.seen[slot]!++;
    return value;
  }

  /** A string that may go raw here: kept, unless a detector finds something in it. */
  keepText(s: string, slot: number): AttributeValue | undefined {
    this.seen[slot]!++;
    if (s === this.lastIn[slot]) return this.lastOut[slot];
    if (this.noDetectors) {
      this.remember(slot, s, s);
      return s;
    }
    return this.scanned(s, s, slot);
  }

  /** A string hashed (an HMAC is never scanned: it is what redaction produced). */
  hashText(s: string, slot: number): AttributeValue | undefined {
    this.seen[slot]!++;
    if (s === this.lastIn[slot]) return this.lastOut[slot];
    const out = this.hasher.hash(s);
    if (!this.direct) this.remember(slot, s, out);
    return out;
  }

  /** A string masked: its last characters could still be enough for a detector, so they are scanned. */
  maskText(s: string, keepLast: number, slot: number): AttributeValue | undefined {
    this.seen[slot]!++;
    if (s === this.lastIn[slot]) return this.lastOut[slot];
    return this.scanned(s, maskString(s, keepLast), slot);
  }

  /** A string truncated: what is left can still hold a whole card number or address, so it is scanned. */
  truncateText(s: string, length: number, slot: number): AttributeValue | undefined {
    this.seen[slot]!++;
    if (s === this.lastIn[slot]) return this.lastOut[slot];
    return this.scanned(s, truncateString(s, length), slot);
  }

  private remember(slot: number, input: string, out: AttributeValue | undefined): void {
    this.lastIn[slot] = input;
    this.lastOut[slot] = out;
  }

  /** `text` (computed from `input`) after this sink's detectors; remembered for the site. */
  private scanned(input: string, text: string, slot: number): AttributeValue | undefined {
    if (this.noDetectors) {
      this.remember(slot, input, text);
      return text;
    }
    let out: AttributeValue | undefined = text;
    const found = text.length < this.shortest ? 0 : this.set.verdict(text, this.ownBits) & this.ownBits;
    if (found !== 0 || this.direct) {
      const action = this.actionFor(text, found);
      if (action !== undefined) out = this.redactMatch(action, text);
    }
    if (!this.direct && found === 0) this.remember(slot, input, out);
    return out;
  }

  /** A field that may go raw here: kept, unless a detector finds something in it. */
  keep(value: AttributeValue, slot: number): AttributeValue | undefined {
    if (typeof value === "string") return this.keepText(value, slot);
    this.seen[slot]!++;
    if (this.noDetectors) return value;
    if (!Array.isArray(value)) return this.scan(value);
    const last = this.lastElements[slot];
    if (last !== undefined && sameElements(last, value)) return value;
    const out = this.scan(value);
    // remembered only when clean (a hit is scanned again, so that it is counted again) and
    // made of scalars (an object inside could change without the array changing)
    if (out === value && !this.direct) this.rememberElements(slot, value as readonly unknown[]);
    return out;
  }

  private rememberElements(slot: number, elements: readonly unknown[]): void {
    for (let i = 0; i < elements.length; i++) {
      const e = elements[i];
      if (e !== null && typeof e === "object") return;
    }
    this.lastElements[slot] = elements.slice();
  }

  hash(value: AttributeValue, slot: number): AttributeValue | undefined {
    if (typeof value === "string") return this.hashText(value, slot);
    this.seen[slot]!++;
    return applyAction({ kind: "hash" }, value, this.hasher);
  }

  mask(value: AttributeValue, keepLast: number, slot: number): AttributeValue | undefined {
    if (typeof value === "string") return this.maskText(value, keepLast, slot);
    this.seen[slot]!++;
    const out = applyAction({ kind: "mask", keepLast }, value, this.hasher);
    return out === undefined || this.noDetectors ? out : this.scan(out);
  }

  truncate(value: AttributeValue, length: number, slot: number): AttributeValue | undefined {
    if (typeof value === "string") return this.truncateText(value, length, slot);
    this.seen[slot]!++;
    const out = applyAction({ kind: "truncate", length }, value, this.hasher);
    return out === undefined || this.noDetectors ? out : this.scan(out);
  }

  replace(value: AttributeValue, replacement: string, slot: number): AttributeValue | undefined {
    this.seen[slot]!++;
    // a string (the usual case) is replaced whole; arrays element by element
    return typeof value === "string" ? replacement : applyAction({ kind: "replace", with: replacement }, value, this.hasher);
  }

  drop(slot: number): undefined {
    this.seen[slot]!++;
    return undefined;
  }

  /** A declared field whose value has the wrong type: dropped, counted apart. */
  wrongType(slot: number): undefined {
    this.wrong[slot]!++;
    return undefined;
  }

  // ---- the all-sinks pass: one verdict per field, each sink's action on it -----------------

  /**
   * The per-field step (span-pass.ts) of the all-sinks pass over `contexts`, whose first sink
   * this is: made on first use, and again for another array of contexts.
   */
  pass(contexts: readonly SinkContext[]): SpanPass {
    const p = this.spanPass;
    if (p !== undefined && p.contexts === contexts) return p;
    return (this.spanPass = makePass(contexts, this.seen.length));
  }

  /** The span memo's question (span-memo.ts): does {@link pass} say `s` at field `f` leaves this sink as it is? */
  passKeeps(pass: SpanPass, f: number, s: string): boolean {
    return pass.lastIn[f] === s && (pass.lastVerdict[f]! & this.ownBits) === 0;
  }

  /**
   * A string that may go raw here, given the pass's verdict on it ({@link SpanPass.text}): kept
   * and counted when no detector of this sink fires; otherwise this sink's full path
   * ({@link keepText}: counts the hits, redacts).
   */
  keepIfClean(s: string, verdict: number, slot: number): AttributeValue | undefined {
    if (verdict === 0 || (verdict > 0 && (verdict & this.ownBits) === 0)) {
      this.seen[slot]!++;
      return s;
    }
    return this.keepText(s, slot);
  }

  /** A string hashed, given the pass's HMAC of it ({@link SpanPass.hash}; undefined: this sink hashes it, {@link hashText}). */
  hashed(s: string, digest: string | undefined, slot: number): AttributeValue | undefined {
    if (digest === undefined) return this.hashText(s, slot);
    this.seen[slot]!++;
    return digest;
  }

  /** A `string[]` that may go raw here, given the pass's verdict on its elements ({@link SpanPass.strings}): as {@link keepIfClean}. */
  keepArrayIfClean(value: AttributeValue, verdict: number, slot: number): AttributeValue | undefined {
    if (verdict === 0 || (verdict > 0 && (verdict & this.ownBits) === 0)) {
      this.seen[slot]!++;
      return value;
    }
    return this.keep(value, slot);
  }

  // ---- undeclared keys ------------------------------------------------------------------

  dropUndeclared(slot: number): undefined {
    this.seen[slot]!++;
    return undefined;
  }

  /**
   * Might `attributes` hold keys beyond the `declaredPresent` the generated all-sinks pass read?
   * Asked for every span, so counted with for-in, which allocates nothing (`Object.keys` makes an
   * array per span: ~136 of the ~1,230 bytes cordon allocated per new checkout span); for-in also
   * sees inherited keys, so it can only say "maybe": {@link dropUndeclaredRest} decides.
   */
  keysBeyond(attributes: Attributes, declaredPresent: number): boolean {
    let keys = 0;
    for (const _ in attributes) if (++keys > declaredPresent) return true;
    return false;
  }

  /** Count the keys of `attributes` beyond the `declaredPresent` the generated code read. */
  dropUndeclaredRest(attributes: Attributes, declaredPresent: number, slot: number): void {
    // The common case, no undeclared key, settled without walking the object: the keys are
    // at least the declared ones present, so equal counts mean none beyond them. (Object.keys
    // reads V8's enum cache; a for-in with value checks costs three times as much.)
    if (Object.keys(attributes).length <= declaredPresent) return;
    let total = 0;
    for (const key in attributes) if (attributes[key] !== undefined && attributes[key] !== null) total++;
    if (total > declaredPresent) this.seen[slot]! += total - declaredPresent;
  }

  /** `undeclared: keep`: the value goes, after detectors. */
  keepUndeclared(value: AttributeValue, slot: number): AttributeValue | undefined {
    this.seen[slot]!++;
    return this.scan(value);
  }

  /** Every attribute of a place the contract does not describe (links, undeclared spans). */
  undeclaredAttributes(attributes: Attributes | undefined, keep: boolean, slot: number): Attributes {
    const out: Attributes = {};
    if (!attributes) return out;
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined || value === null) continue;
      this.seen[slot]!++;
      if (!keep || key === "__proto__") continue;
      const scanned = this.scan(value);
      if (scanned !== undefined) out[key] = scanned;
    }
    return out;
  }

  // ---- record-level counters (the exporter wrappers call these) ----------------------------

  countExported(signal: "traces" | "logs" | "metrics", n: number): void {
    if (signal === "traces") this.exportedSpans += n;
    else if (signal === "logs") this.exportedLogs += n;
    else this.exportedPoints += n;
  }

  countDroppedOnError(n: number): void {
    this.droppedOnError += n;
  }

  countExportFailure(): void {
    this.exportFailures++;
  }

  countDroppedOnBacklog(n: number): void {
    this.droppedOnBacklog += n;
  }

  /**
   * Counts kept elsewhere for this sink, added to its counters when they are read: the
   * whole-span memo (span-memo.ts) counts a repeated span once instead of once per field.
   */
  private readonly deferred: { fold(): void }[] = [];

  deferCounts(counts: { fold(): void }): void {
    if (!this.deferred.includes(counts)) this.deferred.push(counts);
  }

  /** A copy of every counter of this sink. */
  stats(): SinkStats {
    for (const counts of this.deferred) counts.fold();
    return {
      sink: this.sink,
      exported: { spans: this.exportedSpans, logs: this.exportedLogs, metricPoints: this.exportedPoints },
      droppedOnError: this.droppedOnError,
      exportFailures: this.exportFailures,
      droppedOnBacklog: this.droppedOnBacklog,
      fields: this.slots.map((slot, i) => ({ ...slot, count: this.seen[i]!, wrongType: this.wrong[i]! })),
      detectors: this.detectors.map((d, i) => ({ class: d.class, detector: d.label, hits: this.hits[i]! })),
    };
  }
}

/**
 * The pass over `contexts`: its verdicts are shared when every context with detectors answers
 * through one detector set and scans none directly ({@link UNSHARED} otherwise). `fields`: the
 * first context's counter slots (a field is numbered by its slot there).
 */
function makePass(contexts: readonly SinkContext[], fields: number): SpanPass {
  let set: DetectorSet | undefined;
  let shared = true;
  for (const r of contexts) {
    const own = r.detectorSet();
    if (own === undefined) continue;
    if (own.direct || (set !== undefined && own.set !== set)) shared = false;
    set = own.set;
  }
  const hasher = contexts[0]?.hasher;
  const oneHasher = contexts.every((r) => r.hasher === hasher);
  return new SpanPass(contexts, shared, set, contexts.map((r) => r.ownBits), oneHasher ? hasher : undefined, fields);
}

/** Has `value` the same elements as `last`, in order (compared as `===`: scalars only are remembered)? */
function sameElements(last: readonly unknown[], value: readonly unknown[]): boolean {
  if (last.length !== value.length) return false;
  for (let i = 0; i < last.length; i++) if (last[i] !== value[i]) return false;
  return true;
}
