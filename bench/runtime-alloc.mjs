/**
 * Bytes allocated per span on examples/shop's `checkout.place_order` span (both trace sinks): the
 * memory traffic that instruction counts do not show (every byte allocated is written, scavenged
 * or promoted, and evicts cache lines). Build first (`npm run build`), then
 *
 *   node bench/runtime-alloc.mjs [new|recurring] [runtime/dist/index.js of another build] [--gc | --profile a|b|b0]
 *
 * Tasks, as bench/runtime-instructions.mjs counts them: (a) the SDK alone (a batch processor with
 * a no-op exporter per sink, flushed every 100 spans), (b) with cordon (`createTelemetry` of the
 * generated module, both sinks), (b0) the module another build generates on its runtime.
 *
 * How: each task runs in a child node whose young generation is fixed large
 * (--min/--max-semi-space-size=512 MB: no scavenge in the measured spans), after W spans of
 * warm-up and a full collection; the heap's used size before and after N spans, with no
 * collection between them (checked: a `gc` performance entry in the window fails the run), is
 * every byte those N spans allocated on the JavaScript heap, freed or not. Off-heap bytes
 * (Buffers' backing stores) are shown beside them as `external`. Deterministic to a few bytes
 * per span; run twice, N1 and N2, and printed as (B2 − B1) / (N2 − N1) so that one-off
 * allocations (a feedback vector, a map transition) cancel out.
 *
 * CORDON_BENCH_FLAT_INPUTS=1 makes every input string flat beforehand (below).
 *
 * --gc: the collections those spans cause with node's default heap, their pauses and the bytes
 * they copy and promote, per span (below).
 *
 * --profile <task>: one child with V8's sampling heap profiler on through the measured spans (a
 * sample every 64 bytes on average, collected objects kept; collections allowed), then the
 * allocating functions by bytes per span, the top 30.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const SPAN = "checkout.place_order";
const WARM = 20_000;
const COUNTS = [5_000, 25_000];
const GC_SPANS = 100_000;
const NODE_FLAGS = ["--predictable", "--min-semi-space-size=512", "--max-semi-space-size=512", "--expose-gc", "--hash-seed=1", "--random-seed=1"];

if (process.argv[2] === "--child") await child(process.argv[3], Number(process.argv[4]), process.argv[5] === "new", process.argv[6]);
else {
  const args = process.argv.slice(2);
  const at = args.indexOf("--profile");
  const profile = at < 0 ? undefined : args.splice(at, 2)[1];
  const mode = args[0] === "recurring" ? "recurring" : "new";
  const other = args[1] ? resolve(args[1]) : undefined;
  const gcAt = args.indexOf("--gc");
  if (gcAt >= 0) args.splice(gcAt, 1);
  if (profile) profileOf(profile, mode, other);
  else if (gcAt >= 0) collections(args[0] === "recurring" ? "recurring" : "new", args[1] ? resolve(args[1]) : undefined);
  else parent(mode, other);
}

function runtimeOf(task, other) {
  if (task !== "b0") return join(REPO, "runtime/dist/index.js");
  if (!other) throw new Error("b0 needs a second argument: another build's runtime/dist/index.js");
  return other;
}

function parent(mode, other) {
  const tasks = other ? ["a", "b", "b0"] : ["a", "b"];
  console.log(`${mode} values; bytes allocated per span (JS heap, no collection in the window; (B(${COUNTS[1]}) − B(${COUNTS[0]})) / ${COUNTS[1] - COUNTS[0]} after ${WARM} spans of warm-up); load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const per = {};
  for (const task of tasks) {
    const [m1, m2] = COUNTS.map((n) => measure(runtimeOf(task, other), n, mode, task));
    per[task] = { heap: (m2.heap - m1.heap) / (COUNTS[1] - COUNTS[0]), external: (m2.external - m1.external) / (COUNTS[1] - COUNTS[0]) };
    let line = `  ${task.padEnd(3)} ${per[task].heap.toFixed(0).padStart(6)} B/span   external ${per[task].external.toFixed(0).padStart(5)} B/span`;
    if (task !== "a") line += `   beyond (a): ${(per[task].heap - per.a.heap).toFixed(0)} B/span`;
    console.log(line + (task === "b0" ? `  (${other})` : ""));
  }
}

function measure(runtime, n, mode, task) {
  const child = spawnSync(process.execPath, [...NODE_FLAGS, fileURLToPath(import.meta.url), "--child", runtime, String(n), mode, task], { encoding: "utf8" });
  const line = child.stdout.split("\n").find((l) => l.startsWith("{"));
  if (child.status !== 0 || !line) throw new Error(`the ${task} child failed (${child.status}): ${child.stderr.slice(-2000)}`);
  return JSON.parse(line);
}

/**
 * --gc: what the garbage costs the collector, per span, with node's default heap (as the timed
 * bench runs): each task in a child under --trace-gc-nvp over GC_SPANS spans after the warm-up;
 * the collections in that window (scavenges, and full mark-compacts), their main-thread pauses,
 * and the bytes they copied within the young generation and promoted to the old one.
 */
function collections(mode, other) {
  const tasks = other ? ["a", "b", "b0"] : ["a", "b"];
  console.log(`${mode} values; collections over ${GC_SPANS} spans after ${WARM} of warm-up (node's default heap, --trace-gc-nvp); load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  for (const task of tasks) {
    const child = spawnSync(process.execPath, ["--trace-gc-nvp", "--expose-gc", fileURLToPath(import.meta.url), "--child", runtimeOf(task, other), String(GC_SPANS), mode, task, "", "gc"], { encoding: "utf8", maxBuffer: 1 << 28 });
    if (child.status !== 0) throw new Error(`the ${task} child failed (${child.status}): ${child.stderr.slice(-2000)}`);
    const lines = child.stdout.split("\n");
    const window = lines.slice(lines.indexOf("cordon-gc-window-start") + 1, lines.indexOf("cordon-gc-window-end"));
    const sum = { s: 0, ms: 0, pause: 0, msPause: 0, promoted: 0, survived: 0 };
    for (const line of window) {
      const field = (name) => Number(new RegExp(`\\b${name}=([\\d.]+)`).exec(line)?.[1] ?? 0);
      const kind = /\bgc=(\w+)/.exec(line)?.[1];
      if (kind === undefined) continue;
      if (kind === "s") sum.s++;
      else sum.ms++;
      sum.pause += field("pause");
      if (kind !== "s") sum.msPause += field("pause");
      sum.promoted += field("promoted");
      sum.survived += field("new_space_survived");
    }
    const per = (x) => x / GC_SPANS;
    console.log(`  ${task.padEnd(3)} scavenges ${sum.s} (${(1000 * per(sum.s)).toFixed(2)} per 1,000 spans), other collections ${sum.ms}; pauses ${(1000 * per(sum.pause)).toFixed(3)} µs/span (of which not scavenges ${(1000 * per(sum.msPause)).toFixed(3)}); copied in the young generation ${per(sum.survived).toFixed(1)} B/span, promoted ${per(sum.promoted).toFixed(1)} B/span`);
  }
}

function profileOf(task, mode, other) {
  const dir = mkdtempSync(join(tmpdir(), "cordon-heapprof-"));
  try {
    const n = COUNTS[1];
    const child = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "--child", runtimeOf(task, other), String(n), mode, task, join(dir, "p.heapprofile")], { encoding: "utf8" });
    if (child.status !== 0) throw new Error(`the ${task} child failed (${child.status}): ${child.stderr.slice(-2000)}`);
    const { head } = JSON.parse(readFileSync(join(dir, "p.heapprofile"), "utf8"));
    // self bytes per function (name, file:line), summed over the call tree
    const self = new Map();
    const walk = (node) => {
      const { functionName, url, lineNumber } = node.callFrame;
      const key = `${functionName || "(anonymous)"} ${url.replace(/^.*\//, "")}:${lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + node.selfSize);
      for (const c of node.children) walk(c);
    };
    walk(head);
    const total = [...self.values()].reduce((x, y) => x + y, 0);
    console.log(`${task}, ${mode} values: sampled allocation ${(total / n).toFixed(0)} B/span over ${n} spans after the warm-up; top functions by B/span:`);
    for (const [key, bytes] of [...self].sort((x, y) => y[1] - x[1]).slice(0, 30)) console.log(`  ${(bytes / n).toFixed(1).padStart(7)}  ${key}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function child(runtimeIndex, n, fresh, task) {
  const profileFile = process.argv[7] || undefined;
  const { getHeapStatistics } = await import("node:v8");
  const { PerformanceObserver } = await import("node:perf_hooks");
  const { BatchSpanProcessor } = await import("@opentelemetry/sdk-trace-base");
  const { checkoutTelemetry, spanRounds } = await import("./lib/shop-checkout.mjs");
  const { traceSinks, noop, batch, telemetry, attributesOf } = await checkoutTelemetry(REPO, runtimeIndex, { folder: "bench-alloc-", span: SPAN });
  let counter = 0;
  const total = WARM + n;
  // every span's attributes made beforehand (all-new: each span's its own; recurring: one object)
  const same = attributesOf(7);
  // CORDON_BENCH_FLAT_INPUTS=1: every input string made flat beforehand (a value built by `+` or
  // a template is a cons string, which the first read of its characters — a scan, a hash — flattens
  // into a new string; the SDK alone never reads them, an exporter that serialises them does)
  const flat = process.env.CORDON_BENCH_FLAT_INPUTS === "1" ? (attrs) => JSON.parse(JSON.stringify(attrs)) : (attrs) => attrs;
  const inputs = Array.from({ length: total / 100 }, () => Array.from({ length: 100 }, () => flat(fresh ? attributesOf(++counter) : same)));
  const processors = task === "a" ? traceSinks.map(() => new BatchSpanProcessor(noop(), batch)) : telemetry.spanProcessors;
  const run = await spanRounds(processors, inputs, SPAN);
  const warm = WARM / 100;
  for (let i = 0; i < warm; i++) await run(i);
  if (process.argv[8] === "gc") {
    // the window --gc reads: collections before it are the warm-up's
    console.log("cordon-gc-window-start");
    for (let i = warm; i < total / 100; i++) await run(i);
    console.log("cordon-gc-window-end");
    return;
  }
  if (profileFile) {
    // V8's sampling heap profiler, collected objects kept in the samples: every allocation
    // of the measured spans, not only what survives them
    const { Session } = await import("node:inspector/promises");
    const session = new Session();
    session.connect();
    await session.post("HeapProfiler.enable");
    await session.post("HeapProfiler.startSampling", { samplingInterval: 64, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    for (let i = warm; i < total / 100; i++) await run(i);
    const { profile } = await session.post("HeapProfiler.stopSampling");
    await writeFile(profileFile, JSON.stringify(profile));
    return;
  }
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 10));
  let collections = 0;
  const observer = new PerformanceObserver((list) => (collections += list.getEntries().length));
  observer.observe({ entryTypes: ["gc"] });
  const before = getHeapStatistics();
  for (let i = warm; i < total / 100; i++) await run(i);
  const after = getHeapStatistics();
  await new Promise((r) => setTimeout(r, 10));
  observer.disconnect();
  if (collections > 0) throw new Error(`${collections} collection(s) in the measured window: raise the semi-space size`);
  console.log(JSON.stringify({ heap: after.used_heap_size - before.used_heap_size, external: after.external_memory - before.external_memory }));
}
