/**
 * A bounded memo of string-keyed results, for the hot path (HMACs, detector verdicts).
 *
 * Two generations: lookups hit the young map, a hit in the old one is promoted, and when the
 * young map is full the old one is discarded whole — memory stays bounded (≤ 2 × capacity
 * entries) without per-entry LRU bookkeeping.
 *
 * A stream of values that never repeat (request ids, unique e-mails) would only churn it: a
 * lookup of a new string costs hashing it and probing a large table, about as much as the
 * detector scan it would save, and every insertion costs a map entry and, later, garbage. So
 * the memo watches its hit rate over windows of lookups; below one hit in eight it samples:
 * only one value in sixteen is looked up (and inserted when missing), the others are computed
 * directly. The first sampled lookup that hits shows values recurring again, and every value
 * is looked up and inserted from then on. What it answers never depends on any of this.
 *
 * Which value of each run of sixteen is looked up is drawn at random (a xorshift sequence), not
 * always the sixteenth: one memo serves every field of a span (the hasher's, the detectors'), so
 * with an even number of fields per span a fixed place picks the same field each time, and a
 * field whose values do recur (a user id, beside always-new e-mails) would never be looked up.
 */

/** Lookups per hit-rate window. */
const WINDOW = 1_024;
/** Below WINDOW / MIN_HITS_DIVISOR hits in a window, the memo samples. */
const MIN_HITS_DIVISOR = 8;
/** While sampling: one value in (SAMPLE_MASK + 1) is looked up and inserted. */
const SAMPLE_MASK = 15;

export class BoundedMemo<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private lookups = 0;
  private hits = 0;
  private sampling = false;
  private skipped = 0;
  /** While sampling, the place of the value looked up in the current run of (SAMPLE_MASK + 1). */
  private pick = 0;
  /** The xorshift32 state that draws it (never 0). */
  private draw = 0x9e3779b9 | 0;

  constructor(
    private readonly generationSize: number,
    private readonly compute: (key: string) => V,
  ) {}

  get(key: string): V {
    if (!this.admit()) return this.compute(key);
    const found = this.find(key);
    if (found !== undefined) return found;
    const value = this.compute(key);
    this.insert(key, value);
    return value;
  }

  /**
   * Should `key` be looked up (and inserted when missing)? Always, unless the memo samples; then
   * one key in (SAMPLE_MASK + 1). A caller that gets false computes the value itself, and may
   * compute only the part of it it needs (detection-cache.ts).
   */
  admit(): boolean {
    if (this.sampling) {
      const i = ++this.skipped & SAMPLE_MASK;
      if (i === 0) {
        // a new run of (SAMPLE_MASK + 1) values: draw the place of the one looked up
        let x = this.draw;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        this.draw = x;
        this.pick = x & SAMPLE_MASK;
      }
      return i === this.pick;
    }
    if (++this.lookups === WINDOW) {
      this.sampling = this.hits * MIN_HITS_DIVISOR < WINDOW;
      this.lookups = 0;
      this.hits = 0;
    }
    return true;
  }

  /**
   * The remembered value of an admitted key (promoted to the young generation), or undefined.
   * While sampling, only the young generation is probed: each probe of a new key into a table of
   * thousands is a few cache misses (the bucket, the entry, the key's header), and a sampled key
   * is almost always new, so the old generation's probe was half of the sampled lookups' misses
   * for nothing (no lookups at all while sampling: ~19 fewer first-level data-cache misses per new
   * checkout span in one count of bench/runtime-instructions.mjs --cache, whose counts vary by
   * about ±10 between runs). A recurring value is still found: the sample that misses it inserts
   * it into the young generation, where the next sample of it hits.
   */
  find(key: string): V | undefined {
    let value = this.young.get(key);
    if (value === undefined) {
      if (this.sampling) return undefined;
      value = this.old.get(key);
      if (value === undefined) return undefined;
      this.insert(key, value);
    }
    if (this.sampling) {
      // a value recurs: look everything up again (and measure the hit rate anew)
      this.sampling = false;
      this.lookups = 0;
      this.hits = 0;
    } else {
      this.hits++;
    }
    return value;
  }

  /** Remember the value of an admitted key that {@link find} did not know. */
  insert(key: string, value: V): void {
    this.young.set(key, value);
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
  }
}
