/**
 * Keyed hashing (SPEC §1.2 `hash`): HMAC-SHA256 with a key given at run time, never a plain
 * hash — a dictionary of e-mail addresses reverses a plain SHA-256 in seconds.
 *
 * Hashing dominates the cost of redaction, and telemetry repeats the same values (user ids,
 * e-mails) over and over, so results are memoised in a bounded two-generation map: lookups
 * hit the young generation, a hit in the old one is promoted, and when the young generation
 * is full the old one is discarded whole. Memory stays bounded (≤ 2 × capacity entries)
 * without per-entry LRU bookkeeping.
 */
import { createHmac, createSecretKey, type KeyObject } from "node:crypto";

export const HASH_PREFIX = "hmac-sha256:";

/** Values longer than this are hashed every time: they are rarely repeated and costly to keep. */
const MAX_MEMO_VALUE_LENGTH = 256;
const DEFAULT_GENERATION_SIZE = 5_000;

export interface Hasher {
  /** `hmac-sha256:<64 hex digits>` of the UTF-8 bytes of `value`. */
  hash(value: string): string;
}

/** A key given as text is used as its UTF-8 bytes. An empty key is refused by the caller. */
export function createHasher(key: string | Uint8Array, generationSize = DEFAULT_GENERATION_SIZE): Hasher {
  const secret: KeyObject = createSecretKey(typeof key === "string" ? Buffer.from(key, "utf8") : Buffer.from(key));
  let young = new Map<string, string>();
  let old = new Map<string, string>();
  const compute = (value: string): string =>
    HASH_PREFIX + createHmac("sha256", secret).update(value, "utf8").digest("hex");
  return {
    hash(value: string): string {
      if (value.length > MAX_MEMO_VALUE_LENGTH) return compute(value);
      let hashed = young.get(value);
      if (hashed !== undefined) return hashed;
      hashed = old.get(value) ?? compute(value);
      young.set(value, hashed);
      if (young.size >= generationSize) {
        old = young;
        young = new Map();
      }
      return hashed;
    },
  };
}

/** A hasher for services whose contract never hashes: calling it is a bug, so it fails closed. */
export const NO_HASHER: Hasher = {
  hash(): string {
    throw new Error("cordon: no hash key was given, but a value had to be hashed");
  },
};
