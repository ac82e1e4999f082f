/**
 * A whole-span memo for the generated all-sinks span functions (compiler/codegen/
 * spans-all-sinks.ts): when a span carries the very values the last remembered span of its
 * name carried (routes, methods, ids that recur span after span), every sink's attributes are
 * the ones computed then, and the counters move exactly as a pass would move them. The
 * generated function reads its declared keys, compares them with {@link SpanMemo.last} and,
 * when all are the same, calls {@link SpanMemo.repeat} instead of running the per-field
 * methods of every sink and building every sink's object again.
 *
 * What is remembered, and when (so that the memo never says what a pass would not):
 * - only after a pass whose every present value had its declared type and whose every result
 *   was final: a value some detector fired on, or that a sink scans directly (those are
 *   scanned again each time so that their hits are counted), is never remembered — the
 *   sinks' own one-entry caches (SinkContext `lastIn`) say which string results were final;
 * - only when two spans carried the same values (the second pass records), so that a service
 *   whose values are all new pays no copy of each sink's attributes; the candidate is the last
 *   pass's attributes object, compared key by key up to the first value that differs; and after
 *   candidates that came to nothing it asks less and less often (up to every 9th pass);
 * - each sink's attributes as a frozen copy shared by the spans that repeat them, arrays
 *   copied too: an array the application changes after `span.end()` changes neither what was
 *   remembered nor what later spans send (their arrays are compared element by element).
 *
 * One memo per set of sink contexts (the fan-out's, or a one-sink redaction's): its results
 * are those contexts' results.
 */
import type { AttributeValue, Attributes } from "@opentelemetry/api";
import type { AllSinksSpanRedactor } from "./redactors.js";
import type { FieldSlot, SinkContext } from "./sink-context.js";
import type { SpanPass } from "./span-pass.js";

/** At most this many passes let by between two candidates (a new remembered span waits at most this long). */
const MAX_SKIP = 8;

/** What one generated function remembers: the counters to move and each sink's attributes. */
interface Remembered {
  /** Declared keys present (the generated pass's `n`). */
  readonly present: number;
  /** The contexts it was computed with (the memo's). */
  readonly contexts: readonly SinkContext[];
  /** Per sink, the slots a pass counts once each (one per present key). */
  readonly slots: readonly Int32Array[];
  /** Per sink, its slot of undeclared keys. */
  readonly undeclared: readonly number[];
  /** Per sink, its attributes (frozen, shared). */
  readonly outs: readonly Attributes[];
  /** Spans that repeated it since its counts were last added to the contexts' counters. */
  repeats: number;
}

export class SpanMemo {
  /**
   * Per generated function (by number), the declared values of the span it remembers, in the
   * function's key order, arrays as copies: read by the generated code, which calls
   * {@link repeat} when a span's values are these. Only this class writes it.
   */
  readonly last: (readonly unknown[] | undefined)[];
  private readonly remembered: (Remembered | undefined)[];
  /** Per function, the attributes of the last pass asked for: a candidate, remembered when the next one has the same values. */
  private readonly previous: (Attributes | undefined)[];
  /**
   * Per function, passes still to let by without asking for their values ({@link wants}), and
   * how many to let by after the next candidate that comes to nothing: doubled each time up to
   * {@link MAX_SKIP}, so that a span whose values are all new does not pay for an array of them
   * each time; back to none when a span is remembered.
   */
  private readonly skip: number[];
  private readonly backoff: number[];
  /** Per function, the key at which the last candidate differed (compared first next time). */
  private readonly differed: number[];
  /** Per function, its declared keys in its order (read from the first sink's slots), and which of them Object.prototype has. */
  private readonly keys: readonly (readonly string[])[];
  private readonly inherited: readonly (readonly boolean[])[];

  /**
   * @param firstSlots per generated function, per sink: the counter slot of its first key (the
   *   function's keys take consecutive slots at each sink, then its slot of undeclared keys)
   * @param slots per sink (in the function's sink order), what each counter slot counts
   */
  constructor(
    private readonly firstSlots: readonly (readonly number[])[],
    private readonly slots: readonly (readonly FieldSlot[])[],
  ) {
    this.last = new Array<undefined>(firstSlots.length).fill(undefined);
    this.remembered = new Array<undefined>(firstSlots.length).fill(undefined);
    this.previous = new Array<undefined>(firstSlots.length).fill(undefined);
    this.skip = firstSlots.map(() => 0);
    this.backoff = firstSlots.map(() => 0);
    this.differed = firstSlots.map(() => 0);
    this.keys = firstSlots.map((firsts) => keysAt(slots[0] ?? [], firsts[0]));
    this.inherited = this.keys.map((keys) => keys.map((key) => key in Object.prototype));
  }

  /** Does function `fn` want this pass's values ({@link remember})? Asked by the generated code before it makes the array. */
  wants(fn: number): boolean {
    const skip = this.skip[fn]!;
    if (skip === 0) return true;
    this.skip[fn] = skip - 1;
    return false;
  }

  /** Is `value` the remembered value of an array field: absent as it was, or an array of the same elements? */
  same(value: unknown, remembered: unknown): boolean {
    if (value === remembered) return true;
    if (!Array.isArray(value) || !Array.isArray(remembered) || value.length !== remembered.length) return false;
    for (let i = 0; i < value.length; i++) if (!Object.is(value[i], remembered[i])) return false;
    return true;
  }

  /**
   * The span repeats what function `fn` remembered: hand out what that pass gave. Its counts
   * (each slot the pass counted, once) are added when the contexts' counters are read
   * ({@link fold}): one increment here instead of one per key and sink.
   */
  repeat(fn: number, attributes: Attributes, contexts: readonly SinkContext[], out: Attributes[]): void {
    const memo = this.remembered[fn]!;
    memo.repeats++;
    const { outs, present } = memo;
    // Undeclared keys, counted as the pass counts them (the common case has none). Counting
    // the keys with for-in allocates nothing (Object.keys makes an array: a third dearer); it
    // also sees inherited keys, so it can only say "maybe": dropUndeclaredRest decides.
    let keys = 0;
    for (const _ in attributes) keys++;
    if (keys > present) {
      for (let k = 0; k < outs.length; k++) contexts[k]!.dropUndeclaredRest(attributes, present, memo.undeclared[k]!);
    }
    for (let k = 0; k < outs.length; k++) out[k] = outs[k]!;
  }

  /** Add the counts of the spans that repeated a remembered one to the contexts' counters (SinkContext.stats calls it). */
  fold(): void {
    for (const memo of this.remembered) if (memo !== undefined) foldInto(memo);
  }

  /**
   * After a pass of function `fn` over `attributes` in which every present value had its
   * declared type: remember it when the previous candidate's attributes had the same values and
   * every result is final. The candidate is the attributes object itself (which a pass does not
   * change), compared key by key up to the first value that differs, and the values are read
   * into an array only for a span that is remembered: while values are all new, a candidate
   * costs a few reads, not an array, and the generated code keeps no value live to its end.
   */
  remember(fn: number, attributes: Attributes, contexts: readonly SinkContext[], out: readonly Attributes[]): void {
    const previous = this.previous[fn];
    this.previous[fn] = attributes;
    if (previous === undefined) return;
    if (previous !== attributes && !this.sameValues(fn, previous, attributes)) {
      const backoff = Math.min(MAX_SKIP, 2 * this.backoff[fn]! || 1);
      this.backoff[fn] = backoff;
      this.skip[fn] = backoff;
      return;
    }
    const keys = this.keys[fn]!;
    const values = new Array<unknown>(keys.length);
    for (let i = 0; i < keys.length; i++) values[i] = this.read(fn, i, attributes);
    const firsts = this.firstSlots[fn];
    if (firsts === undefined || firsts.length !== contexts.length) return;
    let present = 0;
    for (const v of values) if (v !== undefined && v !== null) present++;
    const slots: Int32Array[] = [];
    const undeclared: number[] = [];
    // the pass's per-field verdicts (span-pass.ts), by the first sink's slots
    const pass = contexts[0]!.pass(contexts);
    for (let k = 0; k < firsts.length; k++) {
      const first = firsts[k]!;
      const sinkSlots = new Int32Array(present);
      let j = 0;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v === undefined || v === null) continue;
        if (!this.final(k, first + i, v, contexts[k]!, out[k]!, pass, firsts[0]! + i)) return;
        sinkSlots[j++] = first + i;
      }
      slots.push(sinkSlots);
      undeclared.push(first + values.length);
    }
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      // a copy of its own (not frozen: only compared here, and a frozen array reads slower)
      if (Array.isArray(v)) values[i] = v.slice();
    }
    const replaced = this.remembered[fn];
    if (replaced !== undefined) foldInto(replaced);
    this.remembered[fn] = { present, contexts, slots, undeclared, outs: out.map(frozenCopy), repeats: 0 };
    for (const r of contexts) r.deferCounts(this);
    this.last[fn] = values;
    this.previous[fn] = undefined;
    this.backoff[fn] = 0;
  }

  /**
   * Would a pass give sink `k` the same for `value` at `slot` again, counting it only as seen?
   * (`f`: the field's number in `pass`, whose verdict a kept string may have gone out on)
   */
  private final(k: number, slot: number, value: unknown, r: SinkContext, out: Attributes, pass: SpanPass, f: number): boolean {
    const site = this.slots[k]?.[slot];
    if (site === undefined) return false;
    switch (site.action) {
      case "drop":
      case "replace":
        return true;
      case "hash":
        // a number, boolean or array is hashed as it is (no detector runs on an HMAC)
        return typeof value === "string" ? r.lastIn[slot] === value || pass.hashIn[f] === value : true;
      case "keep":
        if (typeof value === "string") return r.lastIn[slot] === value || r.passKeeps(pass, f, value);
        // an array kept is returned as it is when no detector fires on it
        return Array.isArray(value) ? out[site.key] === value : true;
      default:
        // mask, truncate: a string's result is final when remembered; others are scanned each time
        return typeof value === "string" && r.lastIn[slot] === value;
    }
  }

  /**
   * Have `a` and `b` the same value at every declared key of function `fn`? Compared from the
   * key that differed last time: in a stream of new values it is the same one (an id) each time,
   * so a candidate that comes to nothing costs two reads.
   */
  private sameValues(fn: number, a: Attributes, b: Attributes): boolean {
    const n = this.keys[fn]!.length;
    const start = this.differed[fn]!;
    for (let j = 0; j < n; j++) {
      const i = start + j < n ? start + j : start + j - n;
      const x = this.read(fn, i, a);
      const y = this.read(fn, i, b);
      if (!Object.is(x, y) && !this.same(x, y)) {
        this.differed[fn] = i;
        return false;
      }
    }
    return true;
  }

  /** The value of function `fn`'s `i`th key in `attributes`, as the generated code reads it (compiler/codegen/emit.ts readKey: own keys only). */
  private read(fn: number, i: number, attributes: Attributes): unknown {
    const key = this.keys[fn]![i]!;
    return this.inherited[fn]![i] && !Object.hasOwn(attributes, key) ? undefined : attributes[key];
  }
}

function foldInto(memo: Remembered): void {
  const repeats = memo.repeats;
  if (repeats === 0) return;
  memo.repeats = 0;
  for (let k = 0; k < memo.slots.length; k++) {
    const seen = memo.contexts[k]!.seen;
    for (const slot of memo.slots[k]!) seen[slot]! += repeats;
  }
}

/**
 * The declared keys of the function whose first slot at a sink is `first`: its keys take
 * consecutive slots of one place, then that place's slot of undeclared keys ("*").
 */
function keysAt(slots: readonly FieldSlot[], first: number | undefined): string[] {
  const keys: string[] = [];
  if (first === undefined) return keys;
  const where = slots[first]?.where;
  for (let s = first; s < slots.length && slots[s]!.where === where && slots[s]!.key !== "*"; s++) keys.push(slots[s]!.key);
  return keys;
}

/** A frozen copy of one sink's attributes, its arrays copied and frozen too (own keys, `__proto__` included). */
function frozenCopy(attributes: Attributes): Attributes {
  const copy: Attributes = {};
  for (const key of Object.keys(attributes)) {
    const v = attributes[key];
    const value = (Array.isArray(v) ? Object.freeze(v.slice()) : v) as AttributeValue | undefined;
    // a computed "__proto__" assignment would set the prototype: define that one
    if (key === "__proto__") Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    else copy[key] = value;
  }
  return Object.freeze(copy);
}

/**
 * The memo for one set of contexts of an all-sinks span function (`slots[k]`: sink k's counter
 * slots, in the function's sink order), or undefined for a module that takes none.
 */
export function spanMemoFor(redactor: AllSinksSpanRedactor, slots: readonly (readonly FieldSlot[])[]): SpanMemo | undefined {
  const firstSlots = redactor.firstSlots;
  if (firstSlots === undefined || slots.length !== redactor.sinks.length) return undefined;
  return new SpanMemo(firstSlots, slots);
}
