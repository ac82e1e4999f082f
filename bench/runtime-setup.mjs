/**
 * The set-up shared by bench/runtime.mjs (figures) and bench/runtime-profile.mjs (focused loops
 * for `node --cpu-prof`): the bench contract, its generated module, the four pipelines of
 * issue 5 and the inputs. Everything hashes through ONE keyed hasher (cordon's HMAC-SHA256 with
 * its bounded memo), so (c), (d) and cordon differ only in how they decide what to do.
 */
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
const runtime = await import(pathToFileURL(join(REPO, "runtime/dist/index.js")).href);

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
// The same contract with a span function per sink (the all-sinks module has none for declared
// names), for the per-sink diagnostics below.
const [perSinkGenerated] = generateModules(loaded.set, "0.1.0", { allSinksSpans: false });
const perSinkPath = join(work, "checkout-per-sink.mjs");
await writeFile(perSinkPath, ts.transpileModule(`${perSinkGenerated.text}\nexport { PLAN as __PLAN };\n`, {
  compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
}).outputText);
const modPerSink = await import(pathToFileURL(perSinkPath).href);

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

/**
 * Diagnostic, not a competitor: the SDK with cordon's guarded processor, fan-out lanes and
 * exporter wrappers whose per-sink copy keeps every attribute (`{ ...attributes }`, no redaction, no detectors) —
 * the floor of (b) for any design that hands each sink its own copy.
 */
const copyOnly = (() => {
  const lanes = ["eu-collector", "vendor-apm"].map((name) => {
    const r = new runtime.SinkContext(name, [], [], runtime.createHasher(KEY));
    const copier = { copy: (span) => copyView(span, { ...span.attributes }) };
    const exporter = new runtime.RedactingSpanExporter(noop(), copier, r, { exportTimeoutMillis: 30_000 });
    return { lane: new runtime.SinkLane(exporter, r, { maxWaitingItems: 2048, timeoutMillis: 30_000 }), r };
  });
  const fanOut = new runtime.FanOutExporter(lanes.map((l) => l.lane));
  const counters = runtime.everySink(lanes.map((l) => l.r));
  return pipeline([new runtime.GuardedSpanProcessor(new BatchSpanProcessor(fanOut, batch), counters, { timeoutMillis: 90_000, exporter: fanOut })]);
})();
function copyView(span, attributes) {
  const context = span.spanContext();
  return {
    name: span.name, kind: span.kind, spanContext: () => context, parentSpanContext: span.parentSpanContext,
    startTime: span.startTime, endTime: span.endTime, status: { code: span.status.code }, attributes,
    links: [], events: [], duration: span.duration, ended: span.ended, resource: span.resource,
    instrumentationScope: span.instrumentationScope, droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount, droppedLinksCount: span.droppedLinksCount,
  };
}

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
/**
 * Diagnostic: cordon's generated functions with no detectors at either sink (NOT a valid
 * configuration) — from a second instance of the module, so its calls do not shape the JIT
 * feedback of the functions measured above.
 */
const modCopy = await import(`${pathToFileURL(perSinkPath).href}?diagnostic`);
const undetected = modCopy.__PLAN.sinks.map((sink) => ({ sink, r: new runtime.SinkContext(sink.name, sink.slots, [], hasher) }));
function cordonRedactNoDetectors(attrs) {
  let n = 0;
  for (const { sink, r } of undetected) n += Object.keys(sink.redact.span("checkout.place_order", attrs, r)).length;
  return n;
}
/** Diagnostic: the HMACs of a span (user.email, session.id at vendor-apm), through the shared hasher. */
function hmacFloor(attrs) {
  return hasher.hash(attrs["user.email"]).length + hasher.hash(attrs["session.id"]).length;
}
/** Diagnostic: the copy every per-sink redactor makes (what fast-redact starts from), nothing else. */
function copyFloor(attrs) {
  return Object.keys({ ...attrs }).length + Object.keys({ ...attrs }).length;
}
/**
 * Cordon's redaction as (b) runs it: the generated all-sinks pass, both sinks' attributes at
 * once (what `createTelemetry` uses when every trace sink has an exporter).
 */
const allSinks = mod.__PLAN.spans;
const allSinksContexts = allSinks.sinks.map((name) => contexts.find((c) => c.sink.name === name).r);
const out = [];
function cordonRedact(attrs) {
  allSinks.span("checkout.place_order", attrs, allSinksContexts, out);
  return Object.keys(out[0]).length + Object.keys(out[1]).length;
}
/** Diagnostic: the per-sink generated functions, one after the other (own contexts). */
const perSinkContexts = modPerSink.__PLAN.sinks.map((sink) => ({ sink, r: new runtime.SinkContext(sink.name, sink.slots, sink.detectors, hasher) }));
function cordonRedactPerSink(attrs) {
  let n = 0;
  for (const { sink, r } of perSinkContexts) n += Object.keys(sink.redact.span("checkout.place_order", attrs, r)).length;
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

export {
  KEY, SPANS_PER_TASK, runtime, mod, generated, attributes, REPEATED, nextUnique,
  sdkAlone, withCordon, copyOnly, telemetry, spansTask, hasher, contexts, cordonRedact, genericRedact, fastRedactRedact,
  cordonRedactNoDetectors, cordonRedactPerSink, copyFloor, hmacFloor, allSinks, allSinksContexts,
};

/** Remove the scratch folder and shut the telemetry down. */
export async function cleanup() {
  await telemetry.shutdown();
  await rm(work, { recursive: true, force: true });
}
