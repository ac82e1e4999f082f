/**
 * Detector verdicts, memoised per detector set. The scan of a string for card numbers,
 * e-mails, IBANs or addresses gives the same answer every time, and telemetry repeats its
 * values; so each sink's detectors answer through a {@link DetectorSet}: a bit mask of the
 * detectors that matched, remembered per distinct string in a bounded memo (memo.ts). Sinks
 * with the same detectors share one set, and with it one memo.
 *
 * Each detector's prefilter runs first: most values (ids, enums, routes) are cleared by it in
 * a few nanoseconds without touching the memo, and only the sink's own detectors are asked.
 */
import { compileDetector, type CompiledDetector, type DetectorKind } from "./detectors/index.js";
import { BoundedMemo } from "./memo.js";

/** Detectors past this many in one set are scanned directly by the sink, never memoised (bit masks are 31-bit). */
export const MAX_CACHED_DETECTORS = 30;
const MAX_MEMO_LENGTH = 256;
const GENERATION_SIZE = 5_000;

export function detectorKey(kind: DetectorKind): string {
  return typeof kind === "string" ? kind : `pattern:${kind.pattern}`;
}

/** The distinct detectors of one sink, in order, and their memoised verdicts. */
export class DetectorSet {
  /** Distinct detectors; bit i of a verdict is detectors[i] (for i < MAX_CACHED_DETECTORS). */
  readonly detectors: readonly CompiledDetector[];
  private readonly keys: readonly string[];
  private readonly cached: number;
  private readonly memo: BoundedMemo<number>;
  /**
   * The last string asked about and its verdict, in front of the prefilters and the memo: the
   * sinks of a span ask about the same value one after the other, and the first answer serves
   * them all (each reads its own detectors' bits).
   */
  private lastString: string | undefined;
  private lastVerdict = 0;

  constructor(detectors: readonly CompiledDetector[], keys: readonly string[]) {
    this.detectors = detectors;
    this.keys = keys;
    this.cached = Math.min(detectors.length, MAX_CACHED_DETECTORS);
    this.memo = new BoundedMemo(GENERATION_SIZE, (s) => this.scan(s));
  }

  /** The position of a detector of this set. */
  indexOf(kind: DetectorKind): number {
    return this.keys.indexOf(detectorKey(kind));
  }

  /** Bit i set ⇔ detector i (i < MAX_CACHED_DETECTORS) matches `s`. */
  verdict(s: string): number {
    if (s === this.lastString) return this.lastVerdict;
    const detectors = this.detectors;
    let verdict = 0;
    for (let i = 0; i < this.cached; i++) {
      if (detectors[i]!.mayMatch(s)) {
        verdict = s.length > MAX_MEMO_LENGTH ? this.scan(s) : this.memo.get(s);
        break;
      }
    }
    this.lastString = s;
    this.lastVerdict = verdict;
    return verdict;
  }

  private scan(s: string): number {
    let mask = 0;
    for (let i = 0; i < this.cached; i++) {
      const d = this.detectors[i]!;
      if (d.mayMatch(s) && d.scan(s)) mask |= 1 << i;
    }
    return mask;
  }
}

/**
 * Compiled detectors and detector sets of one telemetry instance.
 *
 * Given every detector of the service (`shared`), every sink whose detectors are among them
 * answers through ONE set: a string is scanned once for all detectors, the first time any sink
 * meets it, and its verdict (a bit per detector) is memoised for the others — each sink reads its
 * own detectors' bits and applies its own actions. A sink with fewer detectors than the service
 * then scans a new value for detectors only other sinks need; that work is the other sinks' anyway.
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
