/**
 * A bounded memo of string-keyed results, for the hot path (HMACs, detector verdicts).
 *
 * Two generations: lookups hit the young map, a hit in the old one is promoted, and when the
 * young map is full the old one is discarded whole — memory stays bounded (≤ 2 × capacity
 * entries) without per-entry LRU bookkeeping.
 *
 * A stream of values that never repeat (request ids, unique e-mails) would only churn it:
 * every insertion costs a map entry and, later, garbage. So the memo watches its hit rate
 * over windows of lookups; below one hit in eight it stops inserting every miss and inserts
 * one in sixteen instead — enough for a value that does repeat to get in, after which its
 * hits raise the rate and every miss is inserted again. What it answers never depends on this.
 */

/** Lookups per hit-rate window. */
const WINDOW = 1_024;
/** Below WINDOW / MIN_HITS_DIVISOR hits in a window, only sampled misses are inserted. */
const MIN_HITS_DIVISOR = 8;
/** While sampling: one miss in (SAMPLE_MASK + 1) is inserted. */
const SAMPLE_MASK = 15;

export class BoundedMemo<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private lookups = 0;
  private hits = 0;
  private misses = 0;
  private insertAll = true;

  constructor(
    private readonly generationSize: number,
    private readonly compute: (key: string) => V,
  ) {}

  get(key: string): V {
    if (++this.lookups === WINDOW) {
      this.insertAll = this.hits * MIN_HITS_DIVISOR >= WINDOW;
      this.lookups = 0;
      this.hits = 0;
    }
    let value = this.young.get(key);
    if (value !== undefined) {
      this.hits++;
      return value;
    }
    value = this.old.get(key);
    if (value !== undefined) {
      this.hits++;
      this.insert(key, value);
      return value;
    }
    value = this.compute(key);
    if (this.insertAll || (++this.misses & SAMPLE_MASK) === 0) this.insert(key, value);
    return value;
  }

  private insert(key: string, value: V): void {
    this.young.set(key, value);
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
  }
}
