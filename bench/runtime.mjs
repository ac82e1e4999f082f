/**
 * Benchmark of cordon's runtime (run the build first: `npx tsc -p tsconfig.build.json`;
 * then `node bench/runtime.mjs`). Per span with 15 attributes and 2 sinks:
 *
 *   (a) the SDK alone: create the span, set 15 attributes, end, export to a no-op exporter
 *       per sink (two BatchSpanProcessors, flushed every 100 spans so export is counted);
 *   (b) the same with cordon's generated per-sink processors;
 *   (c) a generic rule-interpreting redactor doing the same job for both sinks (allow-list,
 *       per-key action lookup, regex detectors);
 *   (d) fast-redact doing the same key redaction for both sinks (no allow-list, no detectors);
 *   and cordon's redaction alone (the generated functions for both sinks), to set against (c)/(d).
 *
 * Twice: with repeated values (the hash memo hits) and with unique values (every hashed value
 * is new: HMAC every time). All hashing goes through the same keyed hasher so that (c), (d) and
 * cordon differ only in how they decide what to do. Prints min / median / max per span (µs).
 */
import { createHmac } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Bench } from "tinybench";
import fastRedact from "fast-redact";
import ts from "typescript";
import { ExportResultCode } from "@opentelemetry/core";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const { loadContractSet } = await import(pathToFileURL(join(REPO, "dist/contracts/load.js")).href);
const { generateModules } = await import(pathToFileURL(join(REPO, "dist/compiler/codegen/index.js")).href);
const runtime = await import(pathToFileURL(join(REPO, "dist/runtime/index.js")).href);

const KEY = "bench-key";
const SPANS_PER_TASK = 100;

// ---- the contract: 15 span attributes, an EU collector and a US vendor ---------------------
const CONTRACT = `apiVersion: cordon/v1
kind: DataClasses
classes:
  - { name: internal, level: 1 }
  - { name: personal, level: 2, redaction: hash, detectors: [email] }
  - { name: payment_card, level: 3, redaction: drop, raw_in_telemetry: false, detectors: [pan] }
---
apiVersion: cordon/v1
kind: Residency
regions: { eu-west-1: { jurisdiction: EU }, us-east-1: { jurisdiction: US } }
rules:
  - { class: personal, allowed_in: [EU] }
  - { class: payment_card, allowed_in: [EU] }
  - { class: internal, allowed_in: ["*"] }
default: deny
---
apiVersion: cordon/v1
kind: Tiers
tiers: [{ name: tier-1, rto: 1h, rpo: 5m }]
---
apiVersion: cordon/v1
kind: Sink
name: eu-collector
region: eu-west-1
endpoint: http://127.0.0.1:4318
signals: [traces]
---
apiVersion: cordon/v1
kind: Sink
name: vendor-apm
region: us-east-1
endpoint: http://127.0.0.1:4319
signals: [traces]
---
apiVersion: cordon/v1
kind: Service
name: checkout
tier: tier-1
region: eu-west-1
deployment: { regions: [eu-west-1], strategy: none, replication: { mode: none } }
telemetry:
  sinks: [eu-collector, vendor-apm]
  spans:
    - name: checkout.place_order
      attributes:
        order.id:                  { class: internal, type: string }
        user.email:                { class: personal, type: string }
        user.id:                   { class: personal, type: string, redaction: { mask: { keep_last: 4 } } }
        payment.card_number:       { class: payment_card, type: string }
        cart.total:                { class: internal, type: double }
        cart.items:                { class: internal, type: int }
        promo.code:                { class: personal, type: string, redaction: { truncate: { length: 3 } } }
        shipping.note:             { class: personal, type: string, redaction: { replace: { with: "<redacted>" } } }
        http.request.method:       { class: internal, type: string }
        http.route:                { class: internal, type: string }
        http.response.status_code: { class: internal, type: int }
        server.address:            { class: internal, type: string }
        user_agent.original:       { class: internal, type: string }
        session.id:                { class: personal, type: string }
        feature.flag:              { class: internal, type: boolean }
`;

await mkdir(join(REPO, ".cordon-tmp"), { recursive: true });
const work = await mkdtemp(join(REPO, ".cordon-tmp", "bench-"));
await mkdir(join(work, "contracts"), { recursive: true });
await writeFile(join(work, "contracts", "set.yaml"), CONTRACT);
const loaded = await loadContractSet(join(work, "contracts"));
if (!loaded.set) throw new Error(`bench contract invalid: ${JSON.stringify(loaded.findings)}`);
const [generated] = generateModules(ts, loaded.set, "0.1.0");
// Bench-only: also export the plan, to time the generated redaction functions on their own.
const js = ts.transpileModule(`${generated.text}\nexport { PLAN as __PLAN };\n`, {
  compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
}).outputText;
const modulePath = join(work, "checkout.mjs");
await writeFile(modulePath, js);
const mod = await import(pathToFileURL(modulePath).href);

// ---- inputs ---------------------------------------------------------------------------------
function attributes(i) {
  return {
    "order.id": `ord-${i}`,
    "user.email": `user${i}@example.com`,
    "user.id": `user-${100000 + i}`,
    "payment.card_number": "4111 1111 1111 1111",
    "cart.total": 129.99,
    "cart.items": 3,
    "promo.code": "SUMMER2026",
    "shipping.note": "leave at the door",
    "http.request.method": "POST",
    "http.route": "/api/orders/:id",
    "http.response.status_code": 201,
    "server.address": "checkout.internal",
    "user_agent.original": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
    "session.id": `sess-${i}`,
    "feature.flag": true,
  };
}
const REPEATED = attributes(7);
let counter = 0;
const nextUnique = () => attributes(++counter);

// ---- (a) and (b): SDK pipelines ---------------------------------------------------------------
const noop = () => ({ export: (_spans, cb) => cb({ code: ExportResultCode.SUCCESS }), shutdown: async () => {}, forceFlush: async () => {} });
const batch = { maxQueueSize: 4096, maxExportBatchSize: 512, scheduledDelayMillis: 60_000 };

function pipeline(spanProcessors) {
  const provider = new BasicTracerProvider({ spanProcessors });
  return { tracer: provider.getTracer("bench"), flush: () => provider.forceFlush() };
}
const sdkAlone = pipeline([new BatchSpanProcessor(noop(), batch), new BatchSpanProcessor(noop(), batch)]);
const telemetry = mod.createTelemetry({
  hashKey: KEY,
  exporters: { traces: { "eu-collector": noop(), "vendor-apm": noop() } },
  assertRegion: { "eu-collector": "eu-west-1", "vendor-apm": "us-east-1" },
  spanBatch: batch,
});
const withCordon = pipeline(telemetry.spanProcessors);

function spansTask({ tracer, flush }, input) {
  return async () => {
    for (let i = 0; i < SPANS_PER_TASK; i++) {
      const attrs = input();
      const span = tracer.startSpan("checkout.place_order");
      for (const key in attrs) span.setAttribute(key, attrs[key]);
      span.end();
    }
    await flush();
  };
}

// ---- cordon's redaction alone ------------------------------------------------------------------
const hasher = runtime.createHasher(KEY);
const contexts = mod.__PLAN.sinks.map((sink) => ({ sink, r: new runtime.SinkContext(sink.name, sink.slots, sink.detectors, hasher) }));
function cordonRedact(attrs) {
  let n = 0;
  for (const { sink, r } of contexts) n += Object.keys(sink.redact.span("checkout.place_order", attrs, r)).length;
  return n;
}

// ---- (c) a generic rule-interpreting redactor -------------------------------------------------
const PAN_RE = /(?:\d[ -]?){12,18}\d/g;
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
function luhnOk(s) {
  const d = s.replace(/[^0-9]/g, "");
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let x = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2 === 1) { x *= 2; if (x > 9) x -= 9; }
    sum += x;
  }
  return sum % 10 === 0;
}
const DETECTORS = {
  pan: (v) => { for (const m of v.matchAll(PAN_RE)) if (luhnOk(m[0])) return true; return false; },
  email: (v) => EMAIL_RE.test(v),
};
/** Rules as a generic engine holds them: per sink, key → { type, action }, plus detectors. */
const rules = mod.__PLAN.sinks.map((sink) => {
  const fields = new Map();
  for (const slot of sink.slots) if (slot.where === "span:checkout.place_order" && slot.key !== "*") fields.set(slot.key, { action: slot.action });
  const view = loaded.set.services.get("checkout").telemetry.spans[0].attributes;
  const overrides = new Map(view.map((f) => [f.key, f]));
  for (const [key, rule] of fields) {
    const f = overrides.get(key);
    rule.type = f.type;
    rule.params = f.redaction ?? loaded.set.classes.get(f.class).redaction;
  }
  return { fields, detectors: sink.detectors.map((d) => ({ test: DETECTORS[d.detector], action: d.action })) };
});
function applyGeneric(action, params, v) {
  switch (action) {
    case "keep": return v;
    case "drop": return undefined;
    case "hash": return hasher.hash(String(v));
    case "mask": { const s = String(v); const n = params.keepLast; return s.length <= n ? s : "*".repeat(s.length - n) + s.slice(-n); }
    case "truncate": return String(v).slice(0, params.length);
    case "replace": return params.with;
    default: return undefined;
  }
}
function genericRedact(attrs) {
  let n = 0;
  for (const sink of rules) {
    const out = {};
    for (const key of Object.keys(attrs)) {
      const rule = sink.fields.get(key);
      if (!rule) continue; // allow-list
      let v = applyGeneric(rule.action, rule.params, attrs[key]);
      if (typeof v === "string" && rule.action === "keep") {
        for (const d of sink.detectors) if (d.test(v)) { v = applyGeneric(d.action.kind, d.action, v); if (v === undefined) break; }
      }
      if (v !== undefined) out[key] = v;
    }
    n += Object.keys(out).length;
  }
  return n;
}

// ---- (d) fast-redact: the same key redaction, one redactor per sink and action ---------------
const path = (key) => `["${key}"]`;
const fastRedactors = mod.__PLAN.sinks.map((sink) => {
  const byAction = new Map();
  for (const slot of sink.slots) {
    if (slot.where !== "span:checkout.place_order" || slot.key === "*" || slot.action === "keep") continue;
    if (!byAction.has(slot.action)) byAction.set(slot.action, []);
    byAction.get(slot.action).push(path(slot.key));
  }
  const censor = {
    hash: (v) => hasher.hash(String(v)),
    mask: (v) => { const s = String(v); return "*".repeat(Math.max(0, s.length - 4)) + s.slice(-4); },
    truncate: (v) => String(v).slice(0, 3),
    replace: "<redacted>",
    drop: undefined,
  };
  return [...byAction].map(([action, paths]) => fastRedact({ paths, censor: censor[action], serialize: false }));
});
function fastRedactRedact(attrs) {
  let n = 0;
  for (const redactors of fastRedactors) {
    const copy = { ...attrs };
    for (const redact of redactors) redact(copy);
    n += Object.keys(copy).length;
  }
  return n;
}

// ---- run ---------------------------------------------------------------------------------------
function redactionTask(fn, input) {
  return () => {
    let n = 0;
    for (let i = 0; i < SPANS_PER_TASK; i++) n += fn(input());
    if (n < 0) throw new Error("unreachable");
  };
}

async function run(label, input) {
  const bench = new Bench({ time: 1500, warmupTime: 300 });
  bench
    .add("(a) SDK alone", spansTask(sdkAlone, input))
    .add("(b) SDK + cordon", spansTask(withCordon, input))
    .add("(c) generic redactor", redactionTask(genericRedact, input))
    .add("(d) fast-redact", redactionTask(fastRedactRedact, input))
    .add("cordon redaction alone", redactionTask(cordonRedact, input));
  await bench.run();
  const rows = new Map();
  for (const task of bench.tasks) {
    const l = task.result.latency;
    const per = (ms) => (ms * 1000) / SPANS_PER_TASK; // µs per span
    rows.set(task.name, { min: per(l.min), median: per(l.p50), max: per(l.max), samples: l.samples.length });
  }
  console.log(`\n${label} — µs per span (15 attributes, 2 sinks), ${SPANS_PER_TASK} spans per sample`);
  console.log("task".padEnd(26), "min".padStart(9), "median".padStart(9), "max".padStart(9), "samples".padStart(8));
  for (const [name, r] of rows) {
    console.log(name.padEnd(26), r.min.toFixed(3).padStart(9), r.median.toFixed(3).padStart(9), r.max.toFixed(3).padStart(9), String(r.samples).padStart(8));
  }
  const m = (name) => rows.get(name).median;
  const overhead = (m("(b) SDK + cordon") - m("(a) SDK alone")) / m("(a) SDK alone");
  console.log(`(b) − (a) = ${(overhead * 100).toFixed(1)}% of (a)   [target ≤ 10%]`);
  console.log(`(c) / cordon redaction = ${(m("(c) generic redactor") / m("cordon redaction alone")).toFixed(2)}×   [target ≥ 5×]`);
  console.log(`(d) / cordon redaction = ${(m("(d) fast-redact") / m("cordon redaction alone")).toFixed(2)}×   [target ≥ 1×]`);
}

// sanity: cordon and the generic redactor agree on what each sink receives
{
  const attrs = attributes(1);
  const ours = contexts.map(({ sink, r }) => sink.redact.span("checkout.place_order", attrs, r));
  if (ours[1]["user.email"] !== `hmac-sha256:${createHmac("sha256", KEY).update("user1@example.com").digest("hex")}`) throw new Error("bench: unexpected redaction");
  if ("payment.card_number" in ours[0] || "payment.card_number" in ours[1]) throw new Error("bench: card number kept");
}

await run("repeated values (hash memo hits)", () => REPEATED);
await run("unique values (every hash computed)", nextUnique);
await telemetry.shutdown();
await rm(work, { recursive: true, force: true });
