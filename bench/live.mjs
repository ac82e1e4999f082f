/**
 * Benchmark of `cordon live-check` (run the build first: `npm run build`; then
 * `node bench/live.mjs [seconds=60]`). The receiver runs as the real CLI in its own process
 * (one core: Node's event loop), checking against examples/shop; this process is the load:
 * OTLP http/protobuf batches of 512 spans, each with 15 attributes (12 declared for
 * checkout.place_order, 3 undeclared), encoded once by the OpenTelemetry JS SDK's own
 * serializer (@opentelemetry/otlp-transformer) from real SDK spans, and posted over keep-alive
 * connections, 4 in flight, for the whole run.
 *
 * Prints, per second of the run: spans/s accepted by the receiver and its resident memory
 * (RSS, from /proc); then min / median / max of spans/s over the seconds after a 5 s warm-up,
 * the RSS at the end of the warm-up, at the end, and their ratio (flat = ~1.0), and whether
 * the targets are met (≥ 50,000 spans/s; RSS end/start ≤ 1.10).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

const SECONDS = Number(process.argv[2] ?? 60);
const WARMUP = 5;
const BATCH = 512;
const IN_FLIGHT = 4;
const REPO = fileURLToPath(new URL("..", import.meta.url));

// --- one batch, encoded by the SDK's serializer ------------------------------------------------
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ "service.name": "checkout", "service.version": "1.4.2" }),
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
const tracer = provider.getTracer("bench");
for (let i = 0; i < BATCH; i++) {
  tracer
    .startSpan("checkout.place_order", {
      attributes: {
        "http.request.method": "POST",
        "http.route": "/orders",
        "http.response.status_code": 201,
        "user.id": `cus_${(1e13 + i * 7919).toString(36).padStart(14, "q")}`,
        "user.email": `customer${i}@example.com`,
        "user.country": "DE",
        "order.id": `o-${100000 + i}`,
        "cart.total": 12.5 + i,
        "cart.items": i % 7,
        "cart.skus": ["sku-1", "sku-2"],
        "payment.method": "card",
        "decline.reason": "none", // declared on the event, not the span: undeclared here
        "feature.flag": "new-checkout",
        "build.sha": "3f2a9c1",
        "user.id.2": "ignored", // one more undeclared
      },
    })
    .end();
}
const body = Buffer.from(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans()));
await provider.shutdown();

// --- the floor: protobufjs decoding the same batch alone, in this process, for 3 s -----------------
const { otlpTypes } = await import(`${REPO}dist/compiler/live/otlp-schema.js`);
const requestType = otlpTypes().request.traces;
let decoded = 0;
const floorStart = process.hrtime.bigint();
while (Number(process.hrtime.bigint() - floorStart) < 3e9) {
  requestType.decode(body);
  decoded += BATCH;
}
const decodeFloor = decoded / (Number(process.hrtime.bigint() - floorStart) / 1e9);

// --- the receiver -------------------------------------------------------------------------------
const child = spawn(process.execPath, [`${REPO}dist/cli/main.js`, "live-check", "--contracts", `${REPO}examples/shop/contracts`, "--listen", "127.0.0.1:0", "--until-idle", "0", "--format", "json"], {
  stdio: ["ignore", "pipe", "pipe"],
});
let stderr = "";
let stdout = "";
child.stdout.setEncoding("utf8").on("data", (s) => (stdout += s));
child.stderr.setEncoding("utf8").on("data", (s) => (stderr += s));
const url = await new Promise((resolve, reject) => {
  child.stderr.on("data", () => {
    const m = /listening on (http:\/\/[0-9.]+:\d+)/.exec(stderr);
    if (m) resolve(m[1]);
  });
  child.on("exit", () => reject(new Error(stderr)));
});

const rss = () => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
};

// --- load -----------------------------------------------------------------------------------------
const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
let accepted = 0;
let failed = 0;
let running = true;
function send() {
  return new Promise((resolve) => {
    const req = request(`${url}/v1/traces`, { method: "POST", agent, headers: { "content-type": "application/x-protobuf", "content-length": body.length } }, (res) => {
      res.resume();
      res.on("end", () => {
        if (res.statusCode === 200) accepted += BATCH;
        else failed++;
        resolve();
      });
    });
    req.on("error", () => {
      failed++;
      resolve();
    });
    req.end(body);
  });
}
const workers = Array.from({ length: IN_FLIGHT }, async () => {
  while (running) await send();
});

const perSecond = [];
const memory = [];
let last = 0;
for (let s = 1; s <= SECONDS; s++) {
  await new Promise((r) => setTimeout(r, 1000));
  const rate = accepted - last;
  last = accepted;
  const mb = rss();
  perSecond.push(rate);
  memory.push(mb);
  process.stdout.write(`${String(s).padStart(3)}s  ${String(rate).padStart(7)} spans/s  RSS ${mb.toFixed(1)} MB\n`);
}
running = false;
await Promise.all(workers);
agent.destroy();
await new Promise((resolve) => {
  const req = request(`${url}/stop`, { method: "POST" }, (res) => {
    res.resume();
    res.on("end", resolve);
  });
  req.end();
});
await new Promise((resolve) => child.on("close", resolve));

const steady = perSecond.slice(WARMUP).sort((a, b) => a - b);
const median = steady[Math.floor(steady.length / 2)];
const rssStart = memory[WARMUP - 1];
const rssEnd = memory[memory.length - 1];
const report = JSON.parse(stdout);
console.log(`\nbatch: ${BATCH} spans × 15 attributes, ${body.length} bytes (http/protobuf); ${IN_FLIGHT} requests in flight; failed requests: ${failed}`);
console.log(`spans/s over ${steady.length} s after a ${WARMUP} s warm-up: min ${steady[0]}  median ${median}  max ${steady[steady.length - 1]}`);
console.log(`RSS: after warm-up ${rssStart.toFixed(1)} MB, at the end ${rssEnd.toFixed(1)} MB, max ${Math.max(...memory).toFixed(1)} MB; end/start ${(rssEnd / rssStart).toFixed(3)}`);
console.log(`receiver: ${report.receiver.spans} spans, ${report.findings.length} distinct findings (${report.findings.map((f) => `${f.subject} ×${f.count}`).join(", ")})`);
console.log(`ratio: receiver median / protobufjs decode alone (${Math.round(decodeFloor)} spans/s, this process, before the run) = ${(median / decodeFloor).toFixed(2)}`);
console.log(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${(await import("node:os")).cpus().length} cores (a shared machine: absolute figures scale with it, the ratios less)`);
console.log(`target ≥ 50,000 spans/s (median): ${median >= 50_000 ? "met" : "NOT met"}; RSS flat (end/start ≤ 1.10): ${rssEnd / rssStart <= 1.1 ? "met" : "NOT met"}`);
