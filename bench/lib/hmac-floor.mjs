// The HMAC floor of the runtime benches (bench/runtime-shop.mjs, bench/runtime-instructions.mjs):
// the keyed hashes one span's new values need, computed the cheapest way node:crypto offers.
import { createHmac, hash } from "node:crypto";

/**
 * RFC 2104 over the key's two padded blocks, each value written into a scratch buffer after the
 * inner pad and hashed with the one-shot `crypto.hash` (written here from the RFC, not imported
 * from cordon); checked against `createHmac` before it is returned.
 */
export function oneShotHmac(key) {
  const block = Buffer.alloc(64);
  Buffer.from(key, "utf8").copy(block);
  const inner = Buffer.alloc(64 + 3 * 1024);
  const outer = Buffer.alloc(64 + 32);
  for (let i = 0; i < 64; i++) {
    inner[i] = block[i] ^ 0x36;
    outer[i] = block[i] ^ 0x5c;
  }
  const views = [];
  const oneShot = (value) => {
    if (value.length > 1024) return createHmac("sha256", key).update(value, "utf8").digest("hex");
    const n = inner.write(value, 64, "utf8");
    const message = (views[n] ??= inner.subarray(0, 64 + n));
    outer.write(hash("sha256", message, "latin1"), 64, 32, "latin1");
    return hash("sha256", outer, "hex");
  };
  for (const probe of ["x", "customer1@mail.example", "é€😀".repeat(50)]) {
    if (oneShot(probe) !== createHmac("sha256", key).update(probe, "utf8").digest("hex")) throw new Error("the one-shot HMAC is not HMAC-SHA256");
  }
  return oneShot;
}

/** The keys of span `span`'s fields hashed at some trace sink of `service` (each hashed once per span: the sinks share the hasher). */
export function hashedKeysOf(set, service, span, sinkView) {
  const fields = service.telemetry.spans.find((s) => s.name === span).attributes;
  const traceSinks = service.telemetry.sinks.filter((name) => set.sinks.get(name)?.signals.includes("traces"));
  return fields
    .filter((f) => traceSinks.some((sink) => sinkView(set, service, sink).fields.some((s) => s.where === `span:${span}` && s.field.key === f.key && s.action.kind === "hash")))
    .map((f) => f.key);
}
