/**
 * Keyed hashing (SPEC §1.2 `hash`): HMAC-SHA256 with a key given at run time, never a plain
 * hash — a dictionary of e-mail addresses reverses a plain SHA-256 in seconds.
 *
 * Hashing dominates the cost of redaction, and telemetry repeats the same values (user ids,
 * e-mails) over and over, so results are memoised (memo.ts: bounded, and adaptive for streams
 * of values that never repeat).
 */
import { hmacSha256Hex, MAX_ONE_SHOT_LENGTH } from "./hmac.js";
import { BoundedMemo } from "./memo.js";

export const HASH_PREFIX = "hmac-sha256:";

/** Values longer than this are hashed every time: they are rarely repeated and costly to keep. */
const MAX_MEMO_VALUE_LENGTH = MAX_ONE_SHOT_LENGTH;
const DEFAULT_GENERATION_SIZE = 5_000;

export interface Hasher {
  /** `hmac-sha256:<64 hex digits>` of the UTF-8 bytes of `value`. */
  hash(value: string): string;
}

/** A key given as text is used as its UTF-8 bytes. An empty key is refused by the caller. */
export function createHasher(key: string | Uint8Array, generationSize = DEFAULT_GENERATION_SIZE): Hasher {
  const hmac = hmacSha256Hex(typeof key === "string" ? Buffer.from(key, "utf8") : key);
  const compute = (value: string): string => HASH_PREFIX + hmac(value);
  const memo = new BoundedMemo(generationSize, compute);
  // The last value hashed and its HMAC, in front of the memo: the sinks of a span hash the same
  // value one after the other (an e-mail hashed for every sink), and comparing two strings costs
  // less than a map lookup.
  let lastIn: string | undefined;
  let lastOut = "";
  return {
    hash: (value) => {
      if (value === lastIn) return lastOut;
      const out = value.length > MAX_MEMO_VALUE_LENGTH ? compute(value) : memo.get(value);
      lastIn = value;
      lastOut = out;
      return out;
    },
  };
}

/** A hasher for services whose contract never hashes: calling it is a bug, so it fails closed. */
export const NO_HASHER: Hasher = {
  hash(): string {
    throw new Error("cordon: no hash key was given, but a value had to be hashed");
  },
};
