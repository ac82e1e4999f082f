/**
 * The trace fan-out alone, on examples/shop's `checkout.place_order` span with recurring values
 * (both trace sinks): ns per span of the fan-out exporter's `export` of a batch of 100 ended SDK
 * spans (the all-sinks attribute pass, each sink's copy, the lanes, the no-op exporters) — what
 * (b) of bench/runtime-shop.mjs adds per span when a batch is exported, without the SDK's own
 * work around it, so that a change of a few ns in a copy shows through a loaded machine's noise.
 * Build first (`npm run build`), then
 *
 *   CORDON_BENCH_BASELINE=<another build's runtime/dist/index.js> node bench/runtime-fanout.mjs [rounds=21]
 *
 * times this runtime (b) and the baseline (b0) in alternating order within each round and
 * prints min/median/max of each and of b−b0 per round. Without a baseline, b alone. It reaches
 * the fan-out through the guarded processor's batch processor (`inner._exporter`): bench-only.
 */
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { rm, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { baselineCheckout, shopCheckout } from "./lib/shop-checkout.mjs";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUNTIME = pathToFileURL(join(REPO, "runtime/dist/index.js")).href;
const BASELINE = process.env.CORDON_BENCH_BASELINE;
const ROUNDS = Math.max(5, Number(process.argv[2] ?? 21));
const BATCHES = 10_000;
const SPAN = "checkout.place_order";

const { loaded, service, js, work, on } = await shopCheckout(REPO, { runtime: RUNTIME, folder: "bench-fanout-" });
const variants = [["b", js]];
if (BASELINE) variants.push(["b0", await baselineCheckout(BASELINE, on)]);

const traceSinks = service.telemetry.sinks.filter((name) => loaded.set.sinks.get(name)?.signals.includes("traces"));
const noop = () => ({ export: (_s, cb) => cb({ code: 0 }), shutdown: async () => {}, forceFlush: async () => {} });
const fans = [];
for (const [name, text] of variants) {
  await writeFile(join(work, `${name}.mjs`), text);
  const mod = await import(pathToFileURL(join(work, `${name}.mjs`)).href);
  const telemetry = mod.createTelemetry({
    hashKey: "bench-key",
    exporters: { traces: Object.fromEntries(traceSinks.map((s) => [s, noop()])) },
    assertRegion: Object.fromEntries(traceSinks.map((s) => [s, loaded.set.sinks.get(s).region])),
  });
  const fan = telemetry.spanProcessors[0]?.inner?._exporter;
  if (typeof fan?.export !== "function") throw new Error(`${name}: the fan-out exporter was not found`);
  fans.push([name, fan]);
}
await rm(work, { recursive: true, force: true });

// the span's real attributes, recurring values (as bench/runtime-shop.mjs makes them for i = 7)
const SAMPLE = {
  "http.request.method": "POST", "http.route": "/api/orders", "http.response.status_code": 201,
  "user.id": "cus_04000000000007", "user.email": "customer7@mail.example", "user.country": "DE",
  "order.id": `ord_${(1_000_007).toString(36)}`, "cart.total": 100.07, "cart.items": 1, "cart.skus": ["sku-7", "sku-49"],
  "payment.method": "card",
};
const fields = service.telemetry.spans.find((s) => s.name === SPAN).attributes;
const attrs = {};
for (const f of fields) attrs[f.key] = SAMPLE[f.key] ?? (f.type === "string" ? `${f.key}-7` : f.type === "int" ? 7 : f.type === "double" ? 0.7 : f.type === "boolean" ? true : ["7"]);
const tracer = new BasicTracerProvider({}).getTracer("bench");
const batch = Array.from({ length: 100 }, () => {
  const span = tracer.startSpan(SPAN);
  for (const key in attrs) span.setAttribute(key, attrs[key]);
  span.end();
  return span;
});

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const row = (name, xs) => console.log(`  ${name.padEnd(8)} ${[Math.min(...xs), median(xs), Math.max(...xs)].map((x) => x.toFixed(1).padStart(8)).join(" ")}`);
const times = Object.fromEntries(fans.map(([name]) => [name, []]));
const done = () => {};
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(" ")} at the start`);
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, fan] of round % 2 ? fans : [...fans].reverse()) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < BATCHES; i++) fan.export(batch, done);
    const ns = Number(process.hrtime.bigint() - start) / BATCHES / batch.length;
    if (round > 0) times[name].push(ns); // round 0: warm-up
  }
}
console.log(`fan-out export, ns per span (${ROUNDS} rounds × ${BATCHES} batches of ${batch.length}; min / median / max)`);
for (const [name] of fans) row(name, times[name]);
if (times.b0) row("b−b0", times.b.map((x, i) => x - times.b0[i]));
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(" ")} at the end`);
