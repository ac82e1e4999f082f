/**
 * Benchmark of the Collector tier with the real Collector (otelcol/bin/otelcol-cordon, built by
 * .ci/run; `npm run build` first). For examples/shop and for a generated 500-service
 * organisation (bench/lib/org.mjs): spans per CPU-second of the Collector process through the
 * generated gateway configuration, beside a baseline with the same receiver and exporters, each
 * signal copied to each of its sinks by one forward connector, and no processors; and the
 * configuration's size.
 *
 *   node bench/collector.mjs [runs=5] [requests=400] [shop|org|both]
 *   BENCH_BUCKET=N     services per routing bucket (compiler/collector/routing.ts)
 *   BENCH_KEEP=a,b     keep only these processor types (filter, transform, redaction, batch)
 *   BENCH_DROP=re      remove the transform statements matching `re` (what do they cost? output is wrong)
 *   BENCH_SINK_DROP=a,b  remove these processor ids from the per-sink pipelines only (not G/in):
 *                      e.g. redaction/hmac,transform/hmac (what does per-sink hashing cost? output is wrong)
 *   BENCH_VS=dir       also measure the gateway another build generates (dir: its tsc output, e.g.
 *                      `git stash && npx tsc -p tsconfig.json --outDir dist-vs && git stash pop`, then
 *                      BENCH_VS=dist-vs), in the same runs: prints this / that per run
 *   BENCH_EDIT=file.mjs  also measure this gateway as the module's default export rewrites it (a hand
 *                      edit to try before writing it in the compiler), in the same runs: prints edited / this
 *   BENCH_FLOOR=1      also measure the floor: the baseline plus the one thing no configuration
 *                      can avoid, one HMAC of each value some sink hashes (the redaction processor
 *                      on the received records, before the copies), in the same runs
 *
 * Load: OTLP/protobuf requests of 100 spans each (encoded once by the OTel JS SDK's serializer,
 * one resource per request, the services in turn, each span with its service's declared
 * attributes plus two undeclared ones), posted with 4 in flight to the gateway on 127.0.0.1;
 * every sink is one local HTTP server that answers 200 and counts. The Collector's CPU time is
 * read from /proc before and after each run: spans / CPU-seconds = spans/s per core.
 * Prints min / median / max over the runs and the ratio gateway / baseline taken within each run.
 */
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Socket, createServer as netServer } from "node:net";
import { stringify } from "yaml";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { loadContractSet } from "../dist/contracts/load.js";
import { acceptedServices, gatewayConfig, servingRegions } from "../dist/compiler/collector/index.js";
import { sinkView } from "../dist/compiler/flows.js";
import { stats } from "./lib/timing.mjs";
import { writeOrg } from "./lib/org.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const OTELCOL = join(REPO, "otelcol", "bin", "otelcol-cordon");
const RUNS = Number(process.argv[2] ?? 5);
const REQUESTS = Number(process.argv[3] ?? 400);
const SPANS_PER_REQUEST = 100;
const HASH_KEY = "bench-hash-key-0123456789abcdef-0123";

const freePort = () =>
  new Promise((resolve) => {
    const s = netServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const accepts = (port) =>
  new Promise((done) => {
    const socket = new Socket();
    socket.once("connect", () => (socket.destroy(), done(true)));
    socket.once("error", () => (socket.destroy(), done(false)));
    socket.connect(port, "127.0.0.1");
  });

/** One local sink for every exporter: answers 200 (empty protobuf) and counts requests. */
async function startSink() {
  let requests = 0;
  const server = createServer((req, res) => {
    req.on("data", () => {});
    req.on("end", () => {
      requests++;
      res.writeHead(200, { "content-type": "application/x-protobuf" });
      res.end();
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, count: () => requests, close: () => new Promise((r) => server.close(r)) };
}

/** One request body per service: 100 spans of its first declared span name with its declared attributes. */
function requestBodies(set, accepted) {
  const bodies = [];
  for (const service of set.services.values()) {
    if (!accepted.has(service.name)) continue;
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": service.name, "host.name": "bench-host", "telemetry.sdk.language": "nodejs" }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer("bench");
    const span = service.telemetry.spans[0];
    for (let i = 0; i < SPANS_PER_REQUEST; i++) {
      const attributes = { "x.undeclared": "u", "x.other": i };
      for (const field of span?.attributes ?? []) {
        attributes[field.key] =
          field.type === "int" ? i : field.type === "double" ? i + 0.5 : field.type === "boolean" ? true : field.type.endsWith("[]") ? ["a", "b"] : `value-${i % 50}`;
      }
      tracer.startSpan(span?.name ?? "op", { attributes }).end();
    }
    bodies.push(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans()));
  }
  return bodies;
}

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, clock ticks (USER_HZ = 100)
}

async function runCollector(config) {
  const dir = mkdtempSync(join(tmpdir(), "cordon-bench-otelcol-"));
  const file = join(dir, "otelcol.yaml");
  const port = await freePort();
  config.receivers.otlp.protocols = { http: { endpoint: `127.0.0.1:${port}` } };
  config.service.telemetry = { logs: { level: "warn" }, metrics: { level: "none" } };
  writeFileSync(file, stringify(config, { lineWidth: 0 }));
  const child = spawn(OTELCOL, [`--config=file:${file}`], { env: { ...process.env, CORDON_HASH_KEY: HASH_KEY }, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (d) => (log += d));
  for (let i = 0; !(await accepts(port)); i++) {
    if (child.exitCode !== null || i > 6000) throw new Error(`Collector did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url: `http://127.0.0.1:${port}/v1/traces`, size: statSync(file).size, log: () => log };
}

async function post(url, bodies, count) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const body = bodies[next++ % bodies.length];
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/x-protobuf" }, body });
      if (res.status !== 200) throw new Error(`gateway answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

/** spans per CPU-second of the Collector for one configuration. */
async function measure(config, bodies) {
  const collector = await runCollector(config);
  try {
    await post(collector.url, bodies, Math.min(50, REQUESTS)); // warm up
    const cpu0 = cpuSeconds(collector.child.pid);
    await post(collector.url, bodies, REQUESTS);
    await new Promise((r) => setTimeout(r, 1500)); // let the batches and exporters finish
    const cpu = cpuSeconds(collector.child.pid) - cpu0;
    return { perCore: (REQUESTS * SPANS_PER_REQUEST) / cpu, size: collector.size };
  } finally {
    collector.child.kill("SIGTERM");
    await new Promise((r) => collector.child.once("exit", r));
  }
}

function withSinks(config, sinkUrl) {
  for (const [id, exporter] of Object.entries(config.exporters)) config.exporters[id] = { ...exporter, endpoint: `${sinkUrl}/${id.split("/")[1]}`, compression: "none" };
  return config;
}

/** BENCH_KEEP=filter,transform: keep only these processor types (to see what costs what). */
function variant(config) {
  const keep = process.env.BENCH_KEEP?.split(",");
  if (process.env.BENCH_DROP) {
    // BENCH_DROP=<regex>: remove the statements that match it (to see what they cost; the output is wrong)
    const drop = new RegExp(process.env.BENCH_DROP);
    for (const [id, p] of Object.entries(config.processors)) {
      if (!id.startsWith("transform/")) continue;
      for (const g of [...(p.trace_statements ?? []), ...(p.log_statements ?? []), ...(p.metric_statements ?? [])]) g.statements = g.statements.filter((s) => !drop.test(s));
    }
  }
  if (process.env.BENCH_NO_ISMATCH) {
    for (const [id, p] of Object.entries(config.processors)) {
      if (!id.startsWith("transform/")) continue;
      for (const g of p.trace_statements ?? []) g.statements = g.statements.filter((s) => !s.includes("IsMatch"));
    }
  }
  const sinkDrop = process.env.BENCH_SINK_DROP?.split(",");
  if (sinkDrop) {
    for (const [id, p] of Object.entries(config.service.pipelines)) if (!id.endsWith("/in")) p.processors = p.processors.filter((x) => !sinkDrop.includes(x));
  }
  if (!keep) return config;
  for (const p of Object.values(config.service.pipelines)) p.processors = p.processors.filter((id) => keep.includes(id.split("/")[0]));
  return config;
}

/**
 * The baseline: the same receiver and exporters, each signal copied to each of its sinks by one
 * forward connector, and no processors (the gateway's own shape before any routing or redaction).
 */
function baselineOf(config) {
  const pipelines = {};
  const connectors = {};
  for (const [id, p] of Object.entries(config.service.pipelines)) {
    const signal = id.split("/")[0];
    for (const exporter of p.exporters.filter((e) => e.startsWith("otlp_http/"))) {
      connectors[`forward/${signal}`] = {};
      pipelines[`${signal}/in`] = { receivers: ["otlp"], exporters: [`forward/${signal}`] };
      pipelines[`${signal}/${exporter.split("/")[1]}`] = { receivers: [`forward/${signal}`], exporters: [exporter] };
    }
  }
  return { receivers: structuredClone(config.receivers), processors: {}, connectors, exporters: structuredClone(config.exporters), service: { pipelines } };
}

/** The longest beginning all of `patterns` share, never ending inside an escape (`\` and a character). */
function commonPrefix(patterns) {
  let prefix = patterns[0] ?? "";
  for (const p of patterns) {
    let i = 0;
    while (i < prefix.length && i < p.length && prefix[i] === p[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix.match(/\\*$/)[0].length % 2 === 1 ? prefix.slice(0, -1) : prefix;
}

/**
 * The floor: the baseline with the redaction processor hashing, once per record before the
 * copies, every value that some sink hashes — with a key pattern as cheap as the keys allow (for
 * the generated organisation, whose keys differ only in the service's number, the field names
 * once; otherwise the keys themselves).
 */
function floorOf(config, set, accepted) {
  const keys = new Set();
  for (const service of set.services.values()) {
    if (!accepted.has(service.name)) continue;
    for (const sink of service.telemetry.sinks) {
      if (!set.sinks.has(sink)) continue;
      for (const f of sinkView(set, service, sink).fields) if (f.action.kind === "hash" && !f.field.type.endsWith("[]")) keys.add(f.field.key);
    }
  }
  const escape = (t) => t.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  // the organisation's keys are app.s<n>.<field>: its pattern names the fields once, unanchored
  // at the start, so Go's regexp finds its literal `.field_` prefix by a plain string search
  const org = [...keys].every((k) => /^app\.s[0-9]+\./.test(k));
  const shapes = new Set([...keys].map((k) => (org ? escape(k.replace(/^app\.s[0-9]+/, "")) : `^${escape(k)}`)));
  // their common beginning written once, before the alternation: Go's regexp then looks for it as a
  // plain string (an alternation first would run the matcher at every position of every key)
  const common = commonPrefix([...shapes]);
  const rest = [...shapes].map((t) => t.slice(common.length));
  const floor = baselineOf(config);
  floor.processors["redaction/floor"] = {
    allow_all_keys: true,
    blocked_key_patterns: [`${common}(?:${rest.join("|")})$$`], // $$: the Collector expands a lone $
    hash_function: "hmac-sha256",
    hmac_key: "${env:CORDON_HASH_KEY}",
    redact_all_types: true,
    summary: "silent",
  };
  for (const [id, p] of Object.entries(floor.service.pipelines)) if (id.endsWith("/in")) p.processors = ["redaction/floor"];
  return floor;
}

async function bench(label, contracts) {
  const loaded = await loadContractSet(contracts);
  if (!loaded.set) throw new Error(`${contracts} does not load`);
  const set = loaded.set;
  const region = servingRegions(set)[0];
  const sink = await startSink();
  const started = Date.now();
  const bucketServices = process.env.BENCH_BUCKET ? Number(process.env.BENCH_BUCKET) : undefined; // services per routing bucket (default: the compiler's)
  const config = withSinks(gatewayConfig(set, region, { bucketServices }), sink.url);
  const generatedMs = Date.now() - started;
  // BENCH_VS: the gateway another build generates, measured in the same runs
  const vs = process.env.BENCH_VS ? await import(pathToFileURL(join(REPO, process.env.BENCH_VS, "compiler", "collector", "index.js")).href) : undefined;
  // BENCH_EDIT: this gateway as a hand edit rewrites it, measured in the same runs
  const edit = process.env.BENCH_EDIT ? (await import(pathToFileURL(resolve(process.env.BENCH_EDIT)).href)).default : undefined;
  const vsConfig = vs ? withSinks(vs.gatewayConfig(set, region, { bucketServices }), sink.url) : edit ? edit(structuredClone(config)) : undefined;
  const vsRatios = [];
  const accepted = new Set(acceptedServices(set, region).map((s) => s.name));
  const bodies = requestBodies(set, accepted);
  const gateway = [];
  const baseline = [];
  const ratios = [];
  const floor = [];
  const floorRatios = [];
  let size = 0;
  for (let run = 0; run < RUNS; run++) {
    const b = await measure(baselineOf(config), bodies);
    const g = await measure(variant(structuredClone(config)), bodies);
    size = g.size;
    if (vsConfig) {
      const v = (await measure(variant(structuredClone(vsConfig)), bodies)).perCore;
      vsRatios.push(vs ? g.perCore / v : v / g.perCore);
    }
    baseline.push(b.perCore);
    gateway.push(g.perCore);
    ratios.push(g.perCore / b.perCore);
    if (process.env.BENCH_FLOOR) {
      const f = await measure(floorOf(config, set, accepted), bodies);
      floor.push(f.perCore);
      floorRatios.push(f.perCore / b.perCore);
    }
  }
  await sink.close();
  const fmt = (s) => `min ${s.min.toFixed(0)}  median ${s.median.toFixed(0)}  max ${s.max.toFixed(0)}`;
  console.log(`${label}: gateway ${region}, ${set.services.size} services, config ${(size / 1e6).toFixed(2)} MB (generated in ${generatedMs} ms), ${RUNS} runs × ${REQUESTS * SPANS_PER_REQUEST} spans`);
  console.log(`  baseline (no processors)  spans/s per core: ${fmt(stats(baseline))}`);
  console.log(`  cordon gateway            spans/s per core: ${fmt(stats(gateway))}`);
  const r = stats(ratios);
  console.log(`  gateway / baseline: min ${r.min.toFixed(2)}  median ${r.median.toFixed(2)}  max ${r.max.toFixed(2)}  (target ≥ 0.50: ${r.median >= 0.5 ? "met" : "NOT met"})`);
  if (vsRatios.length > 0) {
    const v = stats(vsRatios);
    console.log(`  ${vs ? `gateway / ${process.env.BENCH_VS}'s gateway` : `${process.env.BENCH_EDIT}'s edit / gateway`}: min ${v.min.toFixed(2)}  median ${v.median.toFixed(2)}  max ${v.max.toFixed(2)}`);
  }
  if (floor.length > 0) {
    const f = stats(floorRatios);
    console.log(`  floor (baseline + one HMAC pass) spans/s per core: ${fmt(stats(floor))}`);
    console.log(`  floor / baseline: min ${f.min.toFixed(2)}  median ${f.median.toFixed(2)}  max ${f.max.toFixed(2)}`);
  }
}

execFileSync(OTELCOL, ["--version"], { stdio: "ignore" });
const which = process.argv[4] ?? "both";
if (which !== "org") await bench("examples/shop", join(REPO, "examples", "shop", "contracts"));
if (which !== "shop") await bench("500-service organisation", writeOrg({ services: 500, fields: 40, sinks: 5 }));
