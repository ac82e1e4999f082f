/**
 * Benchmark of cordon's runtime on the shop's real `checkout.place_order` span (examples/shop:
 * its declared attributes, its two trace sinks eu-collector and vendor-apm, its detectors).
 * Run the build first (`npm run build`), then `node bench/runtime-shop.mjs [rounds=7]`.
 *
 *   (a) the SDK alone: start the span, set its attributes, end it; a BatchSpanProcessor with a
 *       no-op exporter per sink, flushed every 100 spans so the export is counted;
 *   (b) the same with cordon (`createTelemetry` of the generated module, both sinks);
 *   the span's HMACs: the keyed hashes one span's new values need (every field hashed at some
 *       sink, once: the hasher is shared by the sinks), through node:crypto's createHmac.
 *
 * Twice: recurring values (the same attribute values span after span, as routes, methods and
 * most ids are in a busy service) and all-new values (every string differs from the last
 * span's: every hash is new). Each round times every task once, side by side; the ratios
 * (b−a)/a and (b−a−HMACs)/a are taken within each round. Prints per task min/median/max
 * (µs per span) over the rounds and the ratios' min/median/max, and checks the targets:
 *   recurring: (b)−(a) ≤ 10% of (a);  all-new: (b)−(a) ≤ HMACs + 30% of (a).
 */
import { createHmac } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { ExportResultCode } from "@opentelemetry/core";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const { loadContractSet } = await import(pathToFileURL(join(REPO, "dist/contracts/load.js")).href);
const { generateModules } = await import(pathToFileURL(join(REPO, "dist/compiler/codegen/index.js")).href);
const { sinkView } = await import(pathToFileURL(join(REPO, "dist/compiler/flows.js")).href);
const RUNTIME = pathToFileURL(join(REPO, "runtime/dist/index.js")).href;

const ROUNDS = Math.max(5, Number(process.argv[2] ?? 7));
const SPANS = 100;
const SPANS_PER_ROUND = 20_000;
const KEY = "bench-key";
const SPAN = "checkout.place_order";

const loaded = await loadContractSet(join(REPO, "examples/shop/contracts"));
if (!loaded.set) throw new Error("examples/shop does not load");
const service = loaded.set.services.get("checkout");
const module = generateModules(ts, loaded.set, "0.1.0").find((m) => m.service === "checkout");
await mkdir(join(REPO, ".cordon-tmp"), { recursive: true });
const work = await mkdtemp(join(REPO, ".cordon-tmp", "bench-shop-"));
const js = ts.transpileModule(module.text.replace(/from "cordon\/runtime"/, `from ${JSON.stringify(RUNTIME)}`), {
  compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
}).outputText;
await writeFile(join(work, "checkout.mjs"), js);
const mod = await import(pathToFileURL(join(work, "checkout.mjs")).href);

// ---- the span's real attributes, with values of their declared types ------------------------
const fields = service.telemetry.spans.find((s) => s.name === SPAN).attributes;
const traceSinks = service.telemetry.sinks.filter((name) => loaded.set.sinks.get(name)?.signals.includes("traces"));
const SAMPLE = {
  "http.request.method": () => "POST",
  "http.route": () => "/api/orders",
  "http.response.status_code": () => 201,
  "user.id": (i) => `cus_${String(4_000_000_000_000 + i).padStart(14, "0")}`,
  "user.email": (i) => `customer${i}@mail.example`,
  "user.country": () => "DE",
  "order.id": (i) => `ord_${(1_000_000 + i).toString(36)}`,
  "cart.total": (i) => 100 + (i % 1000) / 100,
  "cart.items": (i) => 1 + (i % 7),
  "cart.skus": (i) => [`sku-${i % 97}`, `sku-${(i * 7) % 89}`],
  "payment.method": () => "card",
};
function attributesOf(i) {
  const out = {};
  for (const f of fields) {
    const make = SAMPLE[f.key];
    out[f.key] = make ? make(i) : f.type === "string" ? `${f.key}-${i}` : f.type === "int" ? i : f.type === "double" ? i / 10 : f.type === "boolean" ? true : [`${i}`];
  }
  return out;
}
/** A value that changes every span: a string field's value carries the span's number. */
const hashedKeys = fields
  .filter((f) => traceSinks.some((sink) => sinkView(loaded.set, service, sink).fields.some((s) => s.where === `span:${SPAN}` && s.field.key === f.key && s.action.kind === "hash")))
  .map((f) => f.key);

// ---- pipelines ----------------------------------------------------------------------------
const noop = () => ({ export: (_s, cb) => cb({ code: ExportResultCode.SUCCESS }), shutdown: async () => {}, forceFlush: async () => {} });
const batch = { maxQueueSize: 4096, maxExportBatchSize: 512, scheduledDelayMillis: 60_000 };
const pipeline = (spanProcessors) => {
  const provider = new BasicTracerProvider({ spanProcessors });
  return { tracer: provider.getTracer("bench"), flush: () => provider.forceFlush() };
};
const sdkAlone = pipeline(traceSinks.map(() => new BatchSpanProcessor(noop(), batch)));
const telemetry = mod.createTelemetry({
  hashKey: KEY,
  exporters: { traces: Object.fromEntries(traceSinks.map((s) => [s, noop()])) },
  assertRegion: Object.fromEntries(traceSinks.map((s) => [s, loaded.set.sinks.get(s).region])),
  spanBatch: batch,
});
const withCordon = pipeline(telemetry.spanProcessors);

async function spans({ tracer, flush }, input, n) {
  for (let done = 0; done < n; done += SPANS) {
    for (let i = 0; i < SPANS; i++) {
      const attrs = input();
      const span = tracer.startSpan(SPAN);
      for (const key in attrs) span.setAttribute(key, attrs[key]);
      span.end();
    }
    await flush();
  }
}
function hmacs(input, n) {
  let length = 0;
  for (let i = 0; i < n; i++) {
    const attrs = input();
    for (const key of hashedKeys) length += createHmac("sha256", KEY).update(String(attrs[key]), "utf8").digest("hex").length;
  }
  return length;
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const spread = (xs) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs) });
const fmt = (x) => x.toFixed(2).padStart(8);
const pct = (x) => `${(100 * x).toFixed(1)}%`.padStart(7);

async function mode(label, makeInput) {
  const a = [], b = [], h = [], ratio = [], beyondHmac = [];
  const now = () => process.hrtime.bigint();
  for (let round = 0; round <= ROUNDS; round++) {
    const inputA = makeInput(), inputB = makeInput(), inputH = makeInput();
    // Interleaved in chunks of 100 spans (a, b, HMACs, a, b, …), so that a burst of load on a
    // shared machine hits the three alike rather than one of them.
    let ta = 0n, tb = 0n, th = 0n;
    for (let done = 0; done < SPANS_PER_ROUND; done += SPANS) {
      let t = now();
      await spans(sdkAlone, inputA, SPANS);
      ta += now() - t;
      t = now();
      await spans(withCordon, inputB, SPANS);
      tb += now() - t;
      t = now();
      hmacs(inputH, SPANS);
      th += now() - t;
    }
    if (round === 0) continue; // warm-up
    const perSpan = (x) => Number(x) / 1e3 / SPANS_PER_ROUND; // µs per span
    const [xa, xb, xh] = [perSpan(ta), perSpan(tb), perSpan(th)];
    a.push(xa); b.push(xb); h.push(xh);
    ratio.push((xb - xa) / xa);
    beyondHmac.push((xb - xa - xh) / xa);
  }
  console.log(`\n${label} (${ROUNDS} rounds × ${SPANS_PER_ROUND} spans; µs per span: min / median / max)`);
  for (const [name, xs] of [["(a) SDK alone", a], ["(b) SDK + cordon", b], ["the span's HMACs", h]]) {
    const s = spread(xs);
    console.log(`  ${name.padEnd(20)} ${fmt(s.min)} ${fmt(s.median)} ${fmt(s.max)}`);
  }
  const r = spread(ratio);
  const rh = spread(beyondHmac);
  console.log(`  (b−a)/a              ${pct(r.min)} ${pct(r.median)} ${pct(r.max)}   per round: ${ratio.map(pct).join(" ")}`);
  console.log(`  (b−a−HMACs)/a        ${pct(rh.min)} ${pct(rh.median)} ${pct(rh.max)}   per round: ${beyondHmac.map(pct).join(" ")}`);
  return { r, rh };
}

let counter = 0;
const recurring = await mode("recurring values", () => {
  const same = attributesOf(7);
  return () => same;
});
const fresh = await mode("all-new values", () => () => attributesOf(++counter));
console.log(`\nhashed per span (new values): ${hashedKeys.join(", ")} — ${hashedKeys.length} HMAC(s); trace sinks: ${traceSinks.join(", ")}`);
console.log(`target recurring (b−a)/a ≤ 10%: median ${pct(recurring.r.median)} ${recurring.r.median <= 0.1 ? "MET" : "NOT MET"}`);
console.log(`target all-new (b−a−HMACs)/a ≤ 30%: median ${pct(fresh.rh.median)} ${fresh.rh.median <= 0.3 ? "MET" : "NOT MET"}`);
await telemetry.shutdown();
await rm(work, { recursive: true, force: true });
