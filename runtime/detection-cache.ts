/**
 * Detector results shared by every sink of one telemetry instance. Sinks run the same
 * built-in detectors over the same (shared) attribute values, and telemetry repeats its values;
 * so each distinct string is scanned once for every detector any sink uses, and the result —
 * a bit mask of the detectors that matched — is remembered in a bounded two-generation memo
 * (like the hash memo). A sink then only tests its own bits.
 */
import { compileDetector, type CompiledDetector, type DetectorKind } from "./detectors/index.js";

/** Detectors past this many are scanned directly by each sink, never cached (bit masks are 31-bit). */
export const MAX_CACHED_DETECTORS = 30;
const MAX_MEMO_LENGTH = 256;
const GENERATION_SIZE = 5_000;

function keyOf(kind: DetectorKind): string {
  return typeof kind === "string" ? kind : `pattern:${kind.pattern}`;
}

export class DetectionCache {
  private readonly detectors: CompiledDetector[] = [];
  private readonly index = new Map<string, number>();
  private young = new Map<string, number>();
  private old = new Map<string, number>();

  /** The detector's position (its bit, when below MAX_CACHED_DETECTORS); compiles it once. */
  register(kind: DetectorKind): number {
    const key = keyOf(kind);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.detectors.length;
      this.detectors.push(compileDetector(kind));
      this.index.set(key, i);
    }
    return i;
  }

  detector(i: number): CompiledDetector {
    return this.detectors[i]!;
  }

  /** Bit i set ⇔ cached detector i matches `s`. */
  lookup(s: string): number {
    // The prefilters clear most values in a few nanoseconds, without touching the memo (whose
    // insertions would churn for values seen once).
    const n = Math.min(this.detectors.length, MAX_CACHED_DETECTORS);
    let candidate = false;
    for (let i = 0; i < n; i++) {
      if (this.detectors[i]!.mayMatch(s)) {
        candidate = true;
        break;
      }
    }
    if (!candidate) return 0;
    if (s.length > MAX_MEMO_LENGTH) return this.scan(s);
    let mask = this.young.get(s);
    if (mask !== undefined) return mask;
    mask = this.old.get(s) ?? this.scan(s);
    this.young.set(s, mask);
    if (this.young.size >= GENERATION_SIZE) {
      this.old = this.young;
      this.young = new Map();
    }
    return mask;
  }

  private scan(s: string): number {
    let mask = 0;
    const n = Math.min(this.detectors.length, MAX_CACHED_DETECTORS);
    for (let i = 0; i < n; i++) {
      const d = this.detectors[i]!;
      if (d.mayMatch(s) && d.scan(s)) mask |= 1 << i;
    }
    return mask;
  }
}
