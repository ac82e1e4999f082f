/**
 * The trace fan-out alone, on examples/shop's `checkout.place_order` span (both trace sinks),
 * with recurring values or all-new ones (every string differs from the last span's, as
 * bench/runtime-shop.mjs makes them): ns per span of the fan-out exporter's `export` of a batch of 100 ended SDK
 * spans (the all-sinks attribute pass, each sink's copy, the lanes, the no-op exporters) — what
 * (b) of bench/runtime-shop.mjs adds per span when a batch is exported, without the SDK's own
 * work around it, so that a change of a few ns in a copy shows through a loaded machine's noise.
 * Build first (`npm run build`), then
 *
 *   CORDON_BENCH_BASELINE=<another build's runtime/dist/index.js> node bench/runtime-fanout.mjs [rounds=21] [recurring|new]
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
import { baselineCheckout, shopCheckout, checkoutAttributes } from "./lib/shop-checkout.mjs";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUNTIME = pathToFileURL(join(REPO, "runtime/dist/index.js")).href;
const BASELINE = process.env.CORDON_BENCH_BASELINE;
const ROUNDS = Math.max(5, Number(process.argv[2] ?? 21));
const NEW = process.argv[3] === "new";
const BATCHES = 10_000;
/**
 * All-new values: 300 batches of 100 spans made beforehand, each given once per round; before
 * a round, every span of the pool is given attributes never seen before (made outside the
 * timing, swapped in during it: one store per span). A pool given again as it was brought its
 * values back after 30,000 spans, and the memos, which keep one new value in sixteen for long
 * while they sample, then found some of them.
 */
const NEW_BATCHES = 300;
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

const fields = service.telemetry.spans.find((s) => s.name === SPAN).attributes;
const attributesOf = checkoutAttributes(fields);
const tracer = new BasicTracerProvider({}).getTracer("bench");
let counter = 0;
const makeBatch = () => Array.from({ length: 100 }, () => {
  const attrs = attributesOf(NEW ? ++counter : 7);
  const span = tracer.startSpan(SPAN);
  for (const key in attrs) span.setAttribute(key, attrs[key]);
  span.end();
  return span;
});
const batches = Array.from({ length: NEW ? NEW_BATCHES : 1 }, makeBatch);
const batchCount = NEW ? NEW_BATCHES : BATCHES;
const batch = batches[0];

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const row = (name, xs) => console.log(`  ${name.padEnd(8)} ${[Math.min(...xs), median(xs), Math.max(...xs)].map((x) => x.toFixed(1).padStart(8)).join(" ")}`);
const times = Object.fromEntries(fans.map(([name]) => [name, []]));
/** CPU time (user + system, every thread: the GC's helpers too), the steadier on a loaded machine. */
const cpuTimes = Object.fromEntries(fans.map(([name]) => [name, []]));
const done = () => {};
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(" ")} at the start`);
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, fan] of round % 2 ? fans : [...fans].reverse()) {
    const fresh = NEW ? batches.map((b) => b.map(() => attributesOf(++counter))) : undefined;
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < batchCount; i++) {
      const b = batches[i % batches.length];
      if (fresh) for (let j = 0; j < b.length; j++) b[j].attributes = fresh[i][j];
      fan.export(b, done);
    }
    const ns = Number(process.hrtime.bigint() - start) / batchCount / batch.length;
    const used = process.cpuUsage(cpu);
    if (round === 0) continue; // warm-up
    times[name].push(ns);
    cpuTimes[name].push(((used.user + used.system) * 1e3) / batchCount / batch.length);
  }
}
console.log(`fan-out export, ${NEW ? "all-new" : "recurring"} values, ns per span (${ROUNDS} rounds × ${batchCount} batches of ${batch.length}; min / median / max)`);
for (const [clock, xs] of [["wall clock", times], ["CPU time", cpuTimes]]) {
  console.log(` ${clock}`);
  for (const [name] of fans) row(name, xs[name]);
  if (xs.b0) row("b−b0", xs.b.map((x, i) => x - xs.b0[i]));
}
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(" ")} at the end`);
