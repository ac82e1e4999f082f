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
import { builtinFacts } from "./detectors/prefilter.js";
import { BoundedMemo } from "./memo.js";

/** Detectors past this many in one set are scanned directly by the sink, never memoised (bit masks are 31-bit). */
export const MAX_CACHED_DETECTORS = 30;
const MAX_MEMO_LENGTH = 256;
const GENERATION_SIZE = 5_000;
/** Every bit known. */
const ALL = -1;

export function detectorKey(kind: DetectorKind): string {
  return typeof kind === "string" ? kind : `pattern:${kind.pattern}`;
}

/** The distinct detectors of one sink, in order, and their memoised verdicts. */
export class DetectorSet {
  /** Distinct detectors; bit i of a verdict is detectors[i] (for i < MAX_CACHED_DETECTORS). */
  readonly detectors: readonly CompiledDetector[];
  private readonly keys: readonly string[];
  private readonly cached: number;
  /** Has the set a built-in detector (whose prefilter is a bit of builtinFacts)? */
  private readonly builtins: boolean;
  /** Full verdicts (every detector that could match was run) of strings admitted to the memo. */
  private readonly memo: BoundedMemo<number>;
  /**
   * The last string asked about, which of its bits are known (detectors that could not match,
   * and those run), and its verdict on them: the sinks of a span ask about the same value one
   * after the other, and each needs only the bits the ones before did not.
   */
  private lastString: string | undefined;
  private lastKnown = 0;
  private lastVerdict = 0;

  constructor(detectors: readonly CompiledDetector[], keys: readonly string[]) {
    this.detectors = detectors;
    this.keys = keys;
    this.cached = Math.min(detectors.length, MAX_CACHED_DETECTORS);
    this.builtins = detectors.some((d, i) => i < MAX_CACHED_DETECTORS && d.fact !== 0);
    this.memo = new BoundedMemo(GENERATION_SIZE, (s) => this.scan(s, this.candidates(s)));
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
    if (s === this.lastString) {
      const missing = need & ~this.lastKnown;
      if (missing === 0) return this.lastVerdict;
      this.lastKnown |= missing;
      return (this.lastVerdict |= this.scan(s, missing));
    }
    const candidates = this.candidates(s);
    let verdict = 0;
    let known = ALL;
    if (candidates !== 0) {
      if (s.length <= MAX_MEMO_LENGTH && this.memo.admit()) {
        const found = this.memo.find(s);
        if (found !== undefined) verdict = found;
        else this.memo.insert(s, (verdict = this.scan(s, candidates)));
      } else {
        // not memoised: run only what the sink needs (a detector that cannot match is known too)
        verdict = this.scan(s, candidates & need);
        known = ~candidates | need;
      }
    }
    this.lastString = s;
    this.lastKnown = known;
    this.lastVerdict = verdict;
    return verdict;
  }

  /** The bits of the detectors whose prefilter lets `s` through. */
  private candidates(s: string): number {
    const detectors = this.detectors;
    const facts = this.builtins ? builtinFacts(s) : 0;
    let candidates = 0;
    for (let i = 0; i < this.cached; i++) {
      const d = detectors[i]!;
      if (d.fact !== 0 ? (facts & d.fact) !== 0 : d.mayMatch(s)) candidates |= 1 << i;
    }
    return candidates;
  }

  /** The bits of `bits` whose detector finds something in `s`. */
  private scan(s: string, bits: number): number {
    let verdict = 0;
    for (let i = 0; i < this.cached; i++) {
      const bit = 1 << i;
      if ((bits & bit) !== 0 && this.detectors[i]!.scan(s)) verdict |= bit;
    }
    return verdict;
  }
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
