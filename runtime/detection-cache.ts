/**
 * Detector verdicts, shared by the sinks of a span and memoised. The scan of a string for card
 * numbers, e-mails, IBANs or addresses gives the same answer every time, and telemetry repeats
 * its values; so each sink's detectors answer through a {@link DetectorSet}: a bit mask of the
 * detectors that matched, remembered per distinct string in a bounded memo (memo.ts). Sinks
 * with the same detectors, or whose detectors are all the service's, share one set.
 *
 * A new string costs one pass (prefilter.ts) that rules out most detectors for most values
 * (ids, enums, routes), then only the detectors that could match AND that the asking sink has
 * are run; a later sink of the same span asking about the same string adds only the detectors
 * it has and the earlier ones did not. Each detector runs at most once per string and span.
 */
import { compileDetector, type CompiledDetector, type DetectorKind } from "./detectors/index.js";
import { factsFor, MAY_EMAIL, MAY_IBAN, MAY_IPV4, MAY_IPV6, MAY_PAN } from "./detectors/prefilter.js";
import { BoundedMemo } from "./memo.js";

/** Detectors past this many in one set are scanned directly by the sink, never memoised (bit masks are 31-bit). */
export const MAX_CACHED_DETECTORS = 30;
const MAX_MEMO_LENGTH = 256;
const GENERATION_SIZE = 5_000;
/** Every bit known. */
const ALL = -1;
/** Strings shorter than this find the detectors their length allows in a table (longer ones: every detector). */
const BY_LENGTH = 64;
/** Every MAY_* bit (prefilter.ts). */
const ALL_FACTS = MAY_PAN | MAY_EMAIL | MAY_IBAN | MAY_IPV4 | MAY_IPV6;

export function detectorKey(kind: DetectorKind): string {
  return typeof kind === "string" ? kind : `pattern:${kind.pattern}`;
}

/** The distinct detectors of one sink, in order, and their memoised verdicts. */
export class DetectorSet {
  /** Distinct detectors; bit i of a verdict is detectors[i] (for i < MAX_CACHED_DETECTORS). */
  readonly detectors: readonly CompiledDetector[];
  /** No detector of the set matches a string shorter than this. */
  readonly shortest: number;
  private readonly keys: readonly string[];
  private readonly cached: number;
  /** Has the set a built-in detector (whose prefilter is a bit of builtinFacts)? */
  private readonly builtins: boolean;
  /** The bits of the set's built-in detectors. */
  private readonly builtinBits: number;
  /** The prefilter pass for the set's built-ins (prefilter.ts: a lean one for `pan`, `email`, `ipv6`). */
  private readonly facts: (s: string) => number;
  /** Every detector's bit. */
  private readonly all: number;
  /** Per length below BY_LENGTH: the bits of the detectors a string of that length can match. */
  private readonly byLength: Int32Array;
  /** Per facts mask (MAY_* bits): the bits of the set's built-ins those facts let through. */
  private readonly bitsOfFacts: Int32Array;
  /** The bits of the set's user patterns (prefiltered by their own `mayMatch`). */
  private readonly patternBits: number;
  /** Full verdicts (every detector that could match was run) of strings admitted to the memo. */
  private readonly memo: BoundedMemo<number>;
  /**
   * The last two strings asked about (an array field's elements come in pairs as often as
   * alone): which of their bits are known, their verdicts on them and their built-in facts. The
   * sinks of a span ask about the same values one after the other, and each sink needs only the
   * bits the ones before did not.
   */
  private last: Recent = { s: undefined, known: 0, verdict: 0, facts: 0 };
  private previous: Recent = { s: undefined, known: 0, verdict: 0, facts: 0 };

  constructor(detectors: readonly CompiledDetector[], keys: readonly string[]) {
    this.detectors = detectors;
    this.shortest = shortestMatch(detectors);
    this.keys = keys;
    this.cached = Math.min(detectors.length, MAX_CACHED_DETECTORS);
    this.builtins = detectors.some((d, i) => i < MAX_CACHED_DETECTORS && d.fact !== 0);
    this.builtinBits = detectors.reduce((m, d, i) => (i < MAX_CACHED_DETECTORS && d.fact !== 0 ? m | (1 << i) : m), 0);
    this.facts = factsFor(detectors.reduce((m, d, i) => (i < MAX_CACHED_DETECTORS ? m | d.fact : m), 0));
    this.all = (1 << this.cached) - 1;
    const cachedDetectors = detectors.slice(0, this.cached);
    this.byLength = Int32Array.from({ length: BY_LENGTH }, (_, n) => bitsOf(cachedDetectors, (d) => d.shortest <= n));
    this.bitsOfFacts = Int32Array.from({ length: ALL_FACTS + 1 }, (_, facts) => bitsOf(cachedDetectors, (d) => (d.fact & facts) !== 0));
    this.patternBits = bitsOf(cachedDetectors, (d) => d.fact === 0);
    this.memo = new BoundedMemo(GENERATION_SIZE, (s) => this.run(s, this.all, this.builtins ? this.facts(s) : 0));
  }

  /** The position of a detector of this set. */
  indexOf(kind: DetectorKind): number {
    return this.keys.indexOf(detectorKey(kind));
  }

  /**
   * Bit i set ⇔ detector i (i < MAX_CACHED_DETECTORS) matches `s`, for every bit of `need`
   * (the asking sink's detectors); bits outside `need` may be unknown (0).
   */
  verdict(s: string, need: number): number {
    let recent = this.last;
    if (s !== recent.s) {
      recent = this.previous;
      if (s !== recent.s) return this.first(s, need);
    }
    const missing = need & ~recent.known;
    if (missing === 0) return recent.verdict;
    recent.known |= missing;
    return (recent.verdict |= this.run(s, missing, recent.facts));
  }

  /**
   * Bit i set ⇔ detector i matches `s`, for every bit of `need`; bits outside `need` may be
   * unknown (0). For a caller that asks about a string once for every sink (the all-sinks pass,
   * span-pass.ts): it neither compares `s` with the last two strings asked about nor becomes
   * one of them, since no sink asks again, and it prefilters only the detectors of `need` that
   * a string of its length can match (a table per length: the shop's order ids and SKUs, shorter
   * than a card number or a `cus_…` id, are asked about `email` alone; a built-in's facts only
   * when one is left). For a new checkout span's four new strings this was ~2.7k instructions
   * per span through {@link verdict}.
   */
  once(s: string, need: number): number {
    // the asked detectors a string of this length can match (built-ins by their facts' lengths,
    // patterns by their shortest match): ids, SKUs and enums shorter than a card number are
    // asked about `email` alone in the shop's set
    const n = s.length;
    const possible = need & (n < BY_LENGTH ? this.byLength[n]! : this.all);
    if (possible === 0) return 0;
    const asksBuiltins = (possible & this.builtinBits) !== 0;
    // the built-ins whose facts hold, and the patterns whose prefilter lets `s` through
    const facts = asksBuiltins ? this.facts(s) : 0;
    let candidates = possible & this.bitsOfFacts[facts]!;
    let patterns = possible & this.patternBits;
    while (patterns !== 0) {
      const bit = patterns & -patterns;
      patterns ^= bit;
      if (this.detectors[31 - Math.clz32(bit)]!.mayMatch(s)) candidates |= bit;
    }
    if (candidates === 0) return 0;
    if (n <= MAX_MEMO_LENGTH && this.memo.admit()) {
      const found = this.memo.find(s);
      if (found !== undefined) return found;
      // a full verdict for the memo: every built-in's fact, asked or not
      const verdict = this.run(s, this.all, asksBuiltins ? facts : this.builtins ? this.facts(s) : 0);
      this.memo.insert(s, verdict);
      return verdict;
    }
    return this.scan(s, candidates);
  }

  /**
   * A string not among the last two: prefiltered, then scanned (or found in the memo). Every
   * detector of the set is prefiltered, not only the asking sink's: a built-in's prefilter is a
   * bit of the facts already computed, a pattern's a length check and most often no more
   * (detectors/index.ts), and a detector ruled out is known to say no, so that the next sink
   * asking about the string (the shop's vendor sink, with a pattern the other sink lacks, about
   * each id and SKU) is answered from what is known instead of running the prefilters again.
   */
  private first(s: string, need: number): number {
    const facts = this.builtins ? this.facts(s) : 0;
    const detectors = this.detectors;
    let possible = 0;
    for (let i = 0; i < this.cached; i++) {
      const d = detectors[i]!;
      if (d.fact !== 0 ? (facts & d.fact) !== 0 : d.mayMatch(s)) possible |= 1 << i;
    }
    const candidates = possible & need;
    let verdict = 0;
    // asked for, or ruled out by its prefilter
    let known = need | (this.all & ~possible);
    if (candidates !== 0) {
      if (s.length <= MAX_MEMO_LENGTH && this.memo.admit()) {
        const found = this.memo.find(s);
        if (found !== undefined) verdict = found;
        else this.memo.insert(s, (verdict = this.run(s, this.all, facts)));
        known = ALL;
      } else {
        verdict = this.scan(s, candidates);
      }
    }
    // the older entry object is reused for the new string: no allocation per string
    const entry = this.previous;
    this.previous = this.last;
    this.last = entry;
    entry.s = s;
    entry.known = known;
    entry.verdict = verdict;
    entry.facts = facts;
    return verdict;
  }

  /** The bits of `bits` whose detector's prefilter lets `s` through and whose scanner finds something. */
  private run(s: string, bits: number, facts: number): number {
    let verdict = 0;
    for (let i = 0; i < this.cached; i++) {
      const bit = 1 << i;
      if ((bits & bit) === 0) continue;
      const d = this.detectors[i]!;
      if ((d.fact !== 0 ? (facts & d.fact) !== 0 : d.mayMatch(s)) && d.scan(s)) verdict |= bit;
    }
    return verdict;
  }

  /** The bits of `bits` (prefiltered already) whose detector finds something in `s`. */
  private scan(s: string, bits: number): number {
    let verdict = 0;
    for (let i = 0; i < this.cached; i++) {
      const bit = 1 << i;
      if ((bits & bit) !== 0 && this.detectors[i]!.scan(s)) verdict |= bit;
    }
    return verdict;
  }
}

/** A string a set was asked about, and what it knows of it. */
interface Recent {
  s: string | undefined;
  /** The bits known: asked for, or all when the verdict came from (or went into) the memo. */
  known: number;
  verdict: number;
  /** Its builtinFacts (0 when the set has no built-in). */
  facts: number;
}

/**
 * Compiled detectors and detector sets of one telemetry instance.
 *
 * Given every detector of the service (`shared`), every sink whose detectors are among them
 * answers through ONE set: a string is scanned once for all detectors, the first time any sink
 * meets it, and its verdict (a bit per detector) is memoised for the others — each sink reads its
 * own detectors' bits and applies its own actions. A value not memoised is scanned only for the
 * detectors the sinks that ask about it have.
 */
export class DetectionCache {
  private readonly compiled = new Map<string, CompiledDetector>();
  private readonly sets = new Map<string, DetectorSet>();
  private readonly shared: DetectorSet | undefined;

  constructor(shared: readonly DetectorKind[] = []) {
    const set = shared.length > 0 ? this.setFor(shared) : undefined;
    this.shared = set !== undefined && set.detectors.length <= MAX_CACHED_DETECTORS ? set : undefined;
  }

  /** The set for these detectors: the shared one when it holds them all, else their own (duplicates ignored). */
  setFor(kinds: readonly DetectorKind[]): DetectorSet {
    const shared = this.shared;
    if (shared !== undefined && kinds.every((kind) => shared.indexOf(kind) >= 0)) return shared;
    return this.ownSet(kinds);
  }

  private ownSet(kinds: readonly DetectorKind[]): DetectorSet {
    const keys: string[] = [];
    const detectors: CompiledDetector[] = [];
    for (const kind of kinds) {
      const key = detectorKey(kind);
      if (keys.includes(key)) continue;
      let detector = this.compiled.get(key);
      if (detector === undefined) {
        detector = compileDetector(kind);
        this.compiled.set(key, detector);
      }
      keys.push(key);
      detectors.push(detector);
    }
    const setKey = keys.join("\u0000");
    let set = this.sets.get(setKey);
    if (set === undefined) {
      set = new DetectorSet(detectors, keys);
      this.sets.set(setKey, set);
    }
    return set;
  }
}

/** The bits of the detectors (by position) for which `holds` is true. */
function bitsOf(detectors: readonly CompiledDetector[], holds: (d: CompiledDetector) => boolean): number {
  let bits = 0;
  for (let i = 0; i < detectors.length; i++) if (holds(detectors[i]!)) bits |= 1 << i;
  return bits;
}

/** The fewest characters any of `detectors` can match (none: no string needs a scan). */
export function shortestMatch(detectors: readonly { readonly shortest: number }[]): number {
  let shortest = Number.POSITIVE_INFINITY;
  for (const d of detectors) if (d.shortest < shortest) shortest = d.shortest;
  return shortest;
}
