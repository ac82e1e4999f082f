/**
 * What the generated all-sinks span functions (compiler/codegen/spans-all-sinks.ts) decide ONCE
 * per field and span for every sink of the pass: is this string (or these array elements) one
 * a detector of some sink fires on? Each sink then applies its own action to the shared verdict
 * (SinkContext.keepIfClean, keepArrayIfClean): a value no detector fires on goes as it is with
 * a count, and only a value some detector fires on is scanned again by the sinks it concerns
 * (their usual path, which counts the hits and redacts). Without it every sink compared the
 * value with its site's last one, asked the detectors, and wrote its site's caches, each in turn.
 *
 * The verdict is the shared detector set's (detection-cache.ts): a bit per detector, asked for
 * the union of the pass's sinks' detectors. It is shared only when every sink that has
 * detectors answers through the same set and scans none directly; otherwise {@link UNSHARED}
 * sends each sink down its own full path.
 *
 * Per field, a one-entry cache (the last string and its verdict: methods, routes, countries
 * recur span after span) — compared and written only while it pays: a field whose value keeps
 * changing writes it one span in eight and compares it two spans in eight (as the span memo backs
 * off), so a stream of new ids mostly costs neither a string comparison nor two writes. For arrays,
 * the elements of the last array are kept, compared and written likewise.
 */
import type { DetectorSet } from "./detection-cache.js";
import type { Hasher } from "./hash.js";

/** The verdict when the sinks do not share one detector set: each sink takes its own full path. */
export const UNSHARED = -1;
/** `strings`' answer for a value that is not an array of strings (null and undefined elements allowed). */
export const NOT_STRINGS = -2;

/** After this many misses in a row a field's cache is written only every (SKIP_MASK + 1)th time. */
const MISSES_BEFORE_SKIPPING = 4;
const SKIP_MASK = 7;

export class SpanPass {
  /** The contexts' array this pass was made for (the generated function's `R`). */
  readonly contexts: readonly unknown[];
  /** Do the sinks share one verdict? (else {@link UNSHARED}) */
  private readonly shared: boolean;
  /** The detector set every scanning sink shares (undefined when no sink has detectors). */
  private readonly set: DetectorSet | undefined;
  /** Each sink's detector bits in that set. */
  private readonly sinkBits: readonly number[];
  /** Per field, the union of the detector bits of the sinks that keep it; -1 until first asked. */
  private readonly fieldBits: number[];
  /**
   * Per field (numbered by the first sink's counter slot): the last string and its verdict. Read
   * by the span memo to know a kept string's result is final (span-memo.ts).
   */
  readonly lastIn: (string | undefined)[];
  readonly lastVerdict: number[];
  private readonly lastElements: (unknown[] | undefined)[];
  /** Per field: misses in a row (the value differed from the cached one). */
  private readonly misses: number[];
  /** The hasher every sink hashes with (undefined when they differ: each sink hashes on its own). */
  private readonly hasher: Hasher | undefined;
  /** Per field: the last string hashed and its HMAC, and misses in a row. */
  readonly hashIn: (string | undefined)[];
  private readonly hashOut: (string | undefined)[];
  private readonly hashMisses: number[];

  constructor(
    contexts: readonly unknown[],
    shared: boolean,
    set: DetectorSet | undefined,
    sinkBits: readonly number[],
    hasher: Hasher | undefined,
    fields: number,
  ) {
    this.contexts = contexts;
    this.shared = shared;
    this.set = set;
    this.sinkBits = sinkBits;
    // packed arrays (Array.from, not new Array(n)): read with no hole check
    this.lastIn = Array.from({ length: fields }, (): string | undefined => undefined);
    this.lastVerdict = Array.from({ length: fields }, () => 0);
    this.lastElements = Array.from({ length: fields }, (): unknown[] | undefined => undefined);
    this.misses = Array.from({ length: fields }, () => 0);
    this.fieldBits = Array.from({ length: fields }, () => -1);
    this.hasher = hasher;
    this.hashIn = Array.from({ length: fields }, (): string | undefined => undefined);
    this.hashOut = Array.from({ length: fields }, (): string | undefined => undefined);
    this.hashMisses = Array.from({ length: fields }, () => 0);
  }

  /**
   * The HMAC of string `s` of field `f`, computed once for every sink that hashes the field;
   * undefined when the sinks do not hash with one hasher (each then hashes on its own).
   */
  hash(s: string, f: number): string | undefined {
    const n = this.hashMisses[f]! + 1;
    if (compares(n) && s === this.hashIn[f]) {
      if (this.hashMisses[f] !== 0) this.hashMisses[f] = 0;
      return this.hashOut[f];
    }
    const hasher = this.hasher;
    if (hasher === undefined) return undefined;
    const out = hasher.hash(s);
    this.hashMisses[f] = n;
    if (writes(n)) {
      this.hashIn[f] = s;
      this.hashOut[f] = out;
    }
    return out;
  }

  /**
   * The detectors' verdict on string `s` of field `f` for the sinks that keep the field
   * (`keepers`: bit k for sink k, -1 for all; only they read it: a sink that hashes the field
   * needs no scan): 0 = none of their detectors fires; {@link UNSHARED}.
   */
  text(s: string, f: number, keepers: number): number {
    const n = this.misses[f]! + 1;
    if (compares(n) && s === this.lastIn[f]) {
      if (this.misses[f] !== 0) this.misses[f] = 0;
      return this.lastVerdict[f]!;
    }
    if (!this.shared) return UNSHARED;
    const set = this.set;
    let verdict = 0;
    if (set !== undefined && s.length >= set.shortest) {
      let bits = this.fieldBits[f]!;
      if (bits < 0) bits = this.fieldBits[f] = this.bitsOf(keepers);
      // (no keeping sink has a detector: nothing to ask)
      if (bits !== 0) verdict = set.once(s, bits) & bits;
    }
    this.misses[f] = n;
    if (writes(n)) {
      this.lastIn[f] = s;
      this.lastVerdict[f] = verdict;
    }
    return verdict;
  }

  /**
   * The verdict on the elements of `value`, field `f` of type `string[]`: the union of its
   * elements' verdicts, as {@link text}; {@link NOT_STRINGS} when it is not an array of strings
   * (a wrong type).
   */
  strings(value: unknown, f: number, keepers: number): number {
    if (!Array.isArray(value)) return NOT_STRINGS;
    const elements = value as readonly unknown[];
    const n = this.misses[f]! + 1;
    if (compares(n)) {
      const last = this.lastElements[f];
      if (last !== undefined && sameElements(last, elements)) {
        if (this.misses[f] !== 0) this.misses[f] = 0;
        return this.lastVerdict[f]!;
      }
    }
    const set = this.set;
    let bits = this.fieldBits[f]!;
    if (bits < 0) bits = this.fieldBits[f] = this.bitsOf(keepers);
    let verdict = 0;
    for (let i = 0; i < elements.length; i++) {
      const e = elements[i];
      if (typeof e !== "string") {
        if (e === null || e === undefined) continue;
        return NOT_STRINGS;
      }
      if (!this.shared) verdict = UNSHARED;
      else if (set !== undefined && bits !== 0 && e.length >= set.shortest) verdict |= set.once(e, bits) & bits;
    }
    if (verdict === UNSHARED) return verdict;
    this.misses[f] = n;
    if (writes(n)) {
      this.lastElements[f] = elements.slice();
      this.lastVerdict[f] = verdict;
    }
    return verdict;
  }

  /** The union of the detector bits of the sinks in `keepers` (bit k: sink k; -1: all). */
  private bitsOf(keepers: number): number {
    let bits = 0;
    for (let k = 0; k < this.sinkBits.length; k++) if (keepers === -1 || (k < 31 && (keepers & (1 << k)) !== 0)) bits |= this.sinkBits[k]!;
    return bits;
  }

}

/** The `n`th miss in a row of a field: write its cache? Always, unless it missed MISSES_BEFORE_SKIPPING times in a row; then one time in (SKIP_MASK + 1). */
function writes(n: number): boolean {
  return n <= MISSES_BEFORE_SKIPPING || (n & SKIP_MASK) === 0;
}

/**
 * Is the `n`th string in a row after a miss compared with the cached one? On the turns it would be
 * written on, and on the next (a value that recurs is met one turn after it was written): while a
 * field backs off, its new strings are not compared with the cached one on the other turns. Two
 * distinct strings of the same length (ids made by concatenation) go through V8's slow
 * comparison, which flattens both — about a thousand instructions per span in the shop's
 * checkout for nothing, while a value that recurs is still met within SKIP_MASK + 2 turns.
 */
function compares(n: number): boolean {
  return n <= MISSES_BEFORE_SKIPPING + 1 || (n & SKIP_MASK) <= 1;
}

/** Has `value` the same elements as `last`, in order (`===`: strings and empty elements only)? */
function sameElements(last: readonly unknown[], value: readonly unknown[]): boolean {
  if (last.length !== value.length) return false;
  for (let i = 0; i < last.length; i++) if (last[i] !== value[i]) return false;
  return true;
}
