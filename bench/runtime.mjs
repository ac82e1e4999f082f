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
 * is new: HMAC every time). (c), (d) and cordon hash through ONE keyed hasher — cordon's
 * HMAC-SHA256 with its bounded memo — so they differ only in how they decide what to do.
 * Diagnostic rows (not competitors) show the floors: the SDK with cordon's processors but a
 * copy that keeps everything, cordon without detectors, the bare per-sink copy, and the two
 * HMACs each span needs (with unique values, no redactor can be cheaper than them).
 *
 * Prints min / median / max per span (µs), the ratios (b−a)/a, c/cordon, d/cordon per value
 * mode, and which targets are met.
 */
import { createHmac } from "node:crypto";
import { Bench } from "tinybench";
import {
  KEY, SPANS_PER_TASK, attributes, REPEATED, nextUnique, sdkAlone, withCordon, copyOnly, spansTask, contexts,
  cordonRedact, genericRedact, fastRedactRedact, cordonRedactNoDetectors, copyFloor, hmacFloor, cleanup,
} from "./runtime-setup.mjs";

function redactionTask(fn, input) {
  return () => {
    let n = 0;
    for (let i = 0; i < SPANS_PER_TASK; i++) n += fn(input());
    if (n < 0) throw new Error("unreachable");
  };
}

const A = "(a) SDK alone";
const B = "(b) SDK + cordon";
const C = "(c) generic redactor";
const D = "(d) fast-redact";
const CORDON = "cordon redaction alone";

async function run(label, input) {
  const bench = new Bench({ time: 1500, warmupTime: 300 });
  bench
    .add(A, spansTask(sdkAlone, input))
    .add(B, spansTask(withCordon, input))
    .add(C, redactionTask(genericRedact, input))
    .add(D, redactionTask(fastRedactRedact, input))
    .add(CORDON, redactionTask(cordonRedact, input))
    .add("· SDK + copy-only sinks", spansTask(copyOnly, input))
    .add("· cordon, no detectors", redactionTask(cordonRedactNoDetectors, input))
    .add("· {...attributes} ×2", redactionTask(copyFloor, input))
    .add("· the span's 2 HMACs", redactionTask(hmacFloor, input));
  await bench.run();
  const rows = new Map();
  for (const task of bench.tasks) {
    const l = task.result.latency;
    const per = (ms) => (ms * 1000) / SPANS_PER_TASK; // µs per span
    rows.set(task.name, { min: per(l.min), median: per(l.p50), max: per(l.max), samples: l.samples.length });
  }
  console.log(`\n${label} — µs per span (15 attributes, 2 sinks), ${SPANS_PER_TASK} spans per sample; · = diagnostic`);
  console.log("task".padEnd(26), "min".padStart(9), "median".padStart(9), "max".padStart(9), "samples".padStart(8));
  for (const [name, r] of rows) {
    console.log(name.padEnd(26), r.min.toFixed(3).padStart(9), r.median.toFixed(3).padStart(9), r.max.toFixed(3).padStart(9), String(r.samples).padStart(8));
  }
  const m = (name) => rows.get(name).median;
  const ratios = {
    overhead: (m(B) - m(A)) / m(A),
    vsGeneric: m(C) / m(CORDON),
    vsFastRedact: m(D) / m(CORDON),
    copyFloor: (m("· SDK + copy-only sinks") - m(A)) / m(A),
  };
  const verdict = (ok) => (ok ? "met" : "NOT met");
  console.log(`(b) − (a) = ${(ratios.overhead * 100).toFixed(1)}% of (a)   [target ≤ 10%: ${verdict(ratios.overhead <= 0.1)}]  (copy-only floor: ${(ratios.copyFloor * 100).toFixed(1)}%)`);
  console.log(`(c) / cordon = ${ratios.vsGeneric.toFixed(2)}×   [target ≥ 5×: ${verdict(ratios.vsGeneric >= 5)}]`);
  console.log(`(d) / cordon = ${ratios.vsFastRedact.toFixed(2)}×   [target ≥ 1×: ${verdict(ratios.vsFastRedact >= 1)}]`);
  return { label, ratios };
}

// sanity: cordon hashes with HMAC-SHA256 and the key, and drops the card number at both sinks
{
  const attrs = attributes(1);
  const ours = contexts.map(({ sink, r }) => sink.redact.span("checkout.place_order", attrs, r));
  if (ours[1]["user.email"] !== `hmac-sha256:${createHmac("sha256", KEY).update("user1@example.com").digest("hex")}`) throw new Error("bench: unexpected redaction");
  if ("payment.card_number" in ours[0] || "payment.card_number" in ours[1]) throw new Error("bench: card number kept");
}

console.log("(c), (d) and cordon hash through the same keyed hasher: HMAC-SHA256 (node:crypto) with the same bounded memo.");
const results = [
  await run("repeated values (hash memo hits)", () => REPEATED),
  await run("unique values (every hash computed)", nextUnique),
];
console.log("\ntargets:");
for (const { label, ratios } of results) {
  const met = [
    ratios.overhead <= 0.1 ? "(b)−(a) ≤ 10%" : null,
    ratios.vsGeneric >= 5 ? "≥ 5× (c)" : null,
    ratios.vsFastRedact >= 1 ? "≤ (d)" : null,
  ].filter(Boolean);
  const missed = [
    ratios.overhead > 0.1 ? `(b)−(a) = ${(ratios.overhead * 100).toFixed(1)}%` : null,
    ratios.vsGeneric < 5 ? `(c)/cordon = ${ratios.vsGeneric.toFixed(2)}×` : null,
    ratios.vsFastRedact < 1 ? `(d)/cordon = ${ratios.vsFastRedact.toFixed(2)}×` : null,
  ].filter(Boolean);
  console.log(`  ${label}: met ${met.length ? met.join(", ") : "none"}; not met ${missed.length ? missed.join(", ") : "none"}`);
}
await cleanup();
