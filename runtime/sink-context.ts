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
import { compileDetector, emptyFeatures, features, type CompiledDetector, type DetectorKind } from "./detectors/index.js";
import type { Hasher } from "./hash.js";

/** What counter slot `i` of a sink counts: one field site (or the undeclared keys of a site). */
export interface FieldSlot {
  /** `span:<name>`, `span:<name>/event:<event>`, `log`, `metric:<name>`, `resource`, `span:*`, `link`. */
  readonly where: string;
  /** The attribute key, or "*" for undeclared keys. */
  readonly key: string;
  /** The action the contract gives the field at this sink (for "*": `keep` or `drop`). */
  readonly action: RedactionKind;
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
  readonly fields: readonly FieldStats[];
  readonly detectors: readonly DetectorStats[];
}

interface RuntimeDetector extends CompiledDetector {
  readonly class: string;
  readonly action: RedactionAction;
}

const DROP: RedactionAction = { kind: "drop" };

/** What the detectors found in one string: the action to take and which detectors hit. */
interface Detection {
  readonly action: RedactionAction | undefined;
  readonly hits: readonly number[];
}
const NOTHING: Detection = { action: undefined, hits: [] };

/** Strings longer than this are scanned every time (rarely repeated, costly to keep). */
const MAX_MEMO_LENGTH = 256;
const MEMO_GENERATION = 5_000;

export class SinkContext {
  readonly sink: string;
  private readonly slots: readonly FieldSlot[];
  private readonly seen: Float64Array;
  private readonly wrong: Float64Array;
  private readonly detectors: readonly RuntimeDetector[];
  private readonly hits: Float64Array;
  private readonly hasher: Hasher;
  /** Reused scratch space for the detector prefilter (no allocation per value). */
  private readonly scratch = emptyFeatures();
  /**
   * Detection results of recent strings, two generations like the hash memo: telemetry repeats
   * its values, and a Map lookup costs less than scanning a string with every detector.
   */
  private youngMemo = new Map<string, Detection>();
  private oldMemo = new Map<string, Detection>();
  private exportedSpans = 0;
  private exportedLogs = 0;
  private exportedPoints = 0;
  private droppedOnError = 0;
  private exportFailures = 0;

  constructor(sink: string, slots: readonly FieldSlot[], detectors: readonly DetectorSpec[], hasher: Hasher) {
    this.sink = sink;
    this.slots = slots;
    this.seen = new Float64Array(slots.length);
    this.wrong = new Float64Array(slots.length);
    this.detectors = detectors.map((d) => ({
      ...compileDetector(d.detector),
      class: d.class,
      // a match is a value that may not go raw here: `keep` cannot be its action
      action: d.action.kind === "keep" ? DROP : d.action,
    }));
    this.hits = new Float64Array(detectors.length);
    this.hasher = hasher;
  }

  get hasDetectors(): boolean {
    return this.detectors.length > 0;
  }

  // ---- detectors -------------------------------------------------------------------------

  /** The strictest action of the detectors that match `s`, or undefined when none does. */
  detect(s: string): RedactionAction | undefined {
    const detectors = this.detectors;
    if (detectors.length === 0 || s.length < 2) return undefined;
    // The prefilter (one pass over the characters) clears most values outright, cheaper than
    // a memo lookup; only values some detector may match go to the memo and the scanners.
    const f = features(s, this.scratch);
    let candidate = false;
    for (let i = 0; i < detectors.length; i++) {
      if (detectors[i]!.mayMatch(f, s.length)) {
        candidate = true;
        break;
      }
    }
    if (!candidate) return undefined;
    if (s.length > MAX_MEMO_LENGTH) return this.count(this.scanAll(s));
    let found = this.youngMemo.get(s);
    if (found === undefined) {
      found = this.oldMemo.get(s) ?? this.scanAll(s);
      this.youngMemo.set(s, found);
      if (this.youngMemo.size >= MEMO_GENERATION) {
        this.oldMemo = this.youngMemo;
        this.youngMemo = new Map();
      }
    }
    return this.count(found);
  }

  private count(found: Detection): RedactionAction | undefined {
    for (const i of found.hits) this.hits[i]!++;
    return found.action;
  }

  /** Run every detector whose prefilter admits `s`. */
  private scanAll(s: string): Detection {
    const detectors = this.detectors;
    const f = features(s, this.scratch);
    let action: RedactionAction | undefined;
    let hits: number[] | undefined;
    for (let i = 0; i < detectors.length; i++) {
      const d = detectors[i]!;
      if (!d.mayMatch(f, s.length) || !d.scan(s)) continue;
      (hits ??= []).push(i);
      action = action === undefined ? d.action : stricter(action, d.action);
    }
    return hits === undefined ? NOTHING : { action, hits };
  }

  /** `value` as it may leave for this sink after detectors ran on its strings (undefined = drop). */
  scan(value: AttributeValue): AttributeValue | undefined {
    if (this.detectors.length === 0) return value;
    if (typeof value === "string") {
      const action = this.detect(value);
      return action === undefined ? value : applyAction(action, value, this.hasher);
    }
    if (Array.isArray(value)) {
      let action: RedactionAction | undefined;
      for (const element of value as readonly unknown[]) {
        if (typeof element === "object" && element !== null && !this.isClean(element, 1)) return undefined;
        if (typeof element !== "string") continue;
        const found = this.detect(element);
        if (found) action = action === undefined ? found : stricter(action, found);
      }
      return action === undefined ? value : applyAction(action, value, this.hasher);
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

  /** A free text (status message, log body) after detectors: unchanged, redacted, or undefined. */
  scanText(text: string): string | undefined {
    const action = this.detect(text);
    if (action === undefined) return text;
    const out = applyAction(action, text, this.hasher);
    return typeof out === "string" ? out : undefined;
  }

  // ---- declared fields: one method per action, called by the generated code ---------------

  /** A field that may go raw here: kept, unless a detector finds something in it. */
  keep(value: AttributeValue, slot: number): AttributeValue | undefined {
    this.seen[slot]!++;
    return this.detectors.length === 0 ? value : this.scan(value);
  }

  hash(value: AttributeValue, slot: number): AttributeValue | undefined {
    this.seen[slot]!++;
    if (typeof value === "string") return this.hasher.hash(value);
    return applyAction({ kind: "hash" }, value, this.hasher);
  }

  /** Masked text keeps its last characters, which could still be enough for a detector: scan it. */
  mask(value: AttributeValue, keepLast: number, slot: number): AttributeValue | undefined {
    this.seen[slot]!++;
    const out = typeof value === "string" ? maskString(value, keepLast) : applyAction({ kind: "mask", keepLast }, value, this.hasher);
    return out === undefined || this.detectors.length === 0 ? out : this.scan(out);
  }

  /** A truncated value can still hold a whole card number or address: scan it. */
  truncate(value: AttributeValue, length: number, slot: number): AttributeValue | undefined {
    this.seen[slot]!++;
    const out = typeof value === "string" ? truncateString(value, length) : applyAction({ kind: "truncate", length }, value, this.hasher);
    return out === undefined || this.detectors.length === 0 ? out : this.scan(out);
  }

  replace(value: AttributeValue, replacement: string, slot: number): AttributeValue | undefined {
    this.seen[slot]!++;
    return applyAction({ kind: "replace", with: replacement }, value, this.hasher);
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

  // ---- undeclared keys ------------------------------------------------------------------

  dropUndeclared(slot: number): undefined {
    this.seen[slot]!++;
    return undefined;
  }

  /** Count the keys of `attributes` beyond the `declaredPresent` the generated code read. */
  dropUndeclaredRest(attributes: Attributes, declaredPresent: number, slot: number): void {
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

  /** A copy of every counter of this sink. */
  stats(): SinkStats {
    return {
      sink: this.sink,
      exported: { spans: this.exportedSpans, logs: this.exportedLogs, metricPoints: this.exportedPoints },
      droppedOnError: this.droppedOnError,
      exportFailures: this.exportFailures,
      fields: this.slots.map((slot, i) => ({ ...slot, count: this.seen[i]!, wrongType: this.wrong[i]! })),
      detectors: this.detectors.map((d, i) => ({ class: d.class, detector: d.label, hits: this.hits[i]! })),
    };
  }
}
