/**
 * HMAC-SHA256 (RFC 2104) of short UTF-8 texts, computed with node:crypto's SHA-256 — never a
 * hand-written hash:
 *
 *   HMAC(K, m) = SHA256((K' ⊕ opad) ‖ SHA256((K' ⊕ ipad) ‖ m))
 *
 * where K' is the key zero-padded to 64 bytes (a longer key is hashed first). `createHmac`
 * builds a native Hmac object for every value, which costs about twice the two hashes it
 * runs; `crypto.hash` (Node ≥ 20.12) hashes a buffer in one call without one. The padded key
 * blocks are written once, into two scratch buffers that each value is appended to.
 * Synchronous and single-threaded, so one pair of buffers per key is enough.
 *
 * Values too long for the scratch buffer, and Node versions without `crypto.hash`, go through
 * `createHmac`; test/runtime/hmac.test.ts checks both paths against it.
 */
import * as crypto from "node:crypto";

const BLOCK = 64;
const DIGEST = 32;
/** Values up to this many UTF-16 units use the scratch buffers (≤ 3 UTF-8 bytes per unit). */
export const MAX_ONE_SHOT_LENGTH = 256;

/** `value` ↦ lower-case hex HMAC-SHA256 of its UTF-8 bytes. */
export type HmacHex = (value: string) => string;

function keyBlock(key: Uint8Array): Buffer {
  const block = Buffer.alloc(BLOCK);
  (key.length > BLOCK ? crypto.createHash("sha256").update(key).digest() : Buffer.from(key)).copy(block);
  return block;
}

function xorInto(target: Buffer, block: Buffer, pad: number): void {
  for (let i = 0; i < BLOCK; i++) target[i] = block[i]! ^ pad;
}

export function hmacSha256Hex(key: Uint8Array): HmacHex {
  const secret = crypto.createSecretKey(Buffer.from(key));
  const viaHmac: HmacHex = (value) => crypto.createHmac("sha256", secret).update(value, "utf8").digest("hex");
  const oneShot = (crypto as { hash?: typeof crypto.hash }).hash;
  if (typeof oneShot !== "function") return viaHmac;

  const block = keyBlock(key);
  const inner = Buffer.alloc(BLOCK + 3 * MAX_ONE_SHOT_LENGTH); // (K' ⊕ ipad) ‖ m
  const outer = Buffer.alloc(BLOCK + DIGEST); // (K' ⊕ opad) ‖ inner digest
  xorInto(inner, block, 0x36);
  xorInto(outer, block, 0x5c);
  block.fill(0);
  // One view of `inner` per message length, made on first use (≤ 3 × 256 + 1 of them).
  const views: (Uint8Array | undefined)[] = [];
  return (value) => {
    if (value.length > MAX_ONE_SHOT_LENGTH) return viaHmac(value);
    const n = inner.write(value, BLOCK, "utf8");
    let message = views[n];
    if (message === undefined) message = views[n] = new Uint8Array(inner.buffer, inner.byteOffset, BLOCK + n);
    outer.write(oneShot("sha256", message, "binary"), BLOCK, DIGEST, "latin1");
    return oneShot("sha256", outer, "hex");
  };
}
