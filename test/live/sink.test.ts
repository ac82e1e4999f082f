/**
 * `live-check --sink`: the receiver stands in for the shop's US APM vendor behind the module
 * `cordon build` generates for checkout, exported to by the real SDK and OTLP exporter. The
 * generated module as built lets nothing through that may not go raw to vendor-apm (0
 * findings); the same module with one hash edited into a keep — the kind of hand edit or stale
 * build the check exists for — shows `live/leak` on that field, at the field's YAML node.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { loadContractSet } from "../../contracts/load.js";
import { generateModules } from "../../compiler/codegen/index.js";
import { REPO, RUNTIME_SOURCE } from "../codegen/support.js";
import { lineOf, startLiveCheck, type LiveExit, type LiveProcess } from "./support.js";

const VENDOR_ENDPOINT = "https://otlp.us-east-1.apm-vendor.example:4318";
// A customer id in a format the personal class's detector (cus_…) does not know: only the
// field's own hash stands between it and the vendor.
const RAW = ["u-1234567", "ana@shop.eu", "4111 1111 1111 1111"];

const dirs: string[] = [];

/**
 * Copy the shop's contracts, start live-check on them as vendor-apm, point vendor-apm's
 * endpoint at it, generate checkout's module (optionally weakened), send spans through it.
 */
async function runThroughGeneratedModule(weaken?: (text: string) => string): Promise<{ exit: LiveExit; yaml: string }> {
  await mkdir(join(REPO, ".cordon-tmp"), { recursive: true });
  const dir = await mkdtemp(join(REPO, ".cordon-tmp", "live-sink-"));
  dirs.push(dir);
  const contracts = join(dir, "contracts");
  await cp(join(REPO, "examples", "shop", "contracts"), contracts, { recursive: true });
  const live = await startLiveCheck(["--contracts", contracts, "--sink", "vendor-apm", "--format", "json", "--until-idle", "0"]);
  try {
    return await sendThroughGeneratedModule(contracts, dir, live, weaken);
  } catch (error) {
    // A failed edit or send must not leave the receiver listening after the test run.
    process.kill(live.pid);
    throw error;
  }
}

async function sendThroughGeneratedModule(contracts: string, dir: string, live: LiveProcess, weaken?: (text: string) => string): Promise<{ exit: LiveExit; yaml: string }> {

  const sinks = join(contracts, "sinks", "us.yaml");
  await writeFile(sinks, (await readFile(sinks, "utf8")).replace(VENDOR_ENDPOINT, live.url));
  const loaded = await loadContractSet(contracts);
  if (!loaded.set) throw new Error("the shop contracts do not load");
  const checkout = generateModules(ts, loaded.set, "0.1.0").find((m) => m.fileName === "checkout.ts")!;
  let text = checkout.text.replace('from "cordon/runtime"', `from ${JSON.stringify(RUNTIME_SOURCE)}`);
  if (weaken) text = weaken(text);
  const file = join(dir, "checkout.src.ts");
  await writeFile(file, text);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const mod: any = await import(file);

  const telemetry = mod.createTelemetry({
    hashKey: "live-sink-test-key-0123456789",
    exporters: { traces: { "vendor-apm": new OTLPTraceExporter({ url: `${live.url}/v1/traces` }) } },
  });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": "checkout", "service.version": "2.0.0" }),
    spanProcessors: telemetry.spanProcessors,
  });
  const tracer = provider.getTracer("live-sink");
  for (let i = 0; i < 3; i++) {
    const span = mod.startSpan(tracer, "checkout.place_order", {
      "http.request.method": "POST",
      "http.route": "/orders",
      "user.id": "u-1234567",
      "user.email": "ana@shop.eu",
      "user.country": "DE",
      "order.id": `o-${i}`,
      "cart.total": 12.5,
      "payment.method": "card",
    });
    span.setAttribute("debug.card", "4111 1111 1111 1111"); // undeclared: the runtime drops it
    span.setStatus({ code: SpanStatusCode.ERROR, message: "declined for ana@shop.eu" });
    span.end();
  }
  await telemetry.forceFlush();
  await provider.shutdown();
  const exit = await live.stop();
  return { exit, yaml: await readFile(join(contracts, "services", "checkout.yaml"), "utf8") };
}

/**
 * vendor-apm's attributes of checkout.place_order with user.id kept instead of hashed: an edit of
 * the all-sinks span function (the only code that redacts declared span names), at vendor-apm's
 * position among the trace sinks.
 */
function keepUserIdAtVendor(text: string): string {
  const traceSinks = text.match(/spans: \{ sinks: (\[[^\]]*\])/)?.[1];
  const k = traceSinks === undefined ? -1 : (JSON.parse(traceSinks) as string[]).indexOf("vendor-apm");
  const start = text.indexOf("function all_span_0(");
  const end = text.indexOf("\n}\n", start);
  const body = start < 0 ? "" : text.slice(start, end);
  // the function reads each key into a local once (`v3 = a["user.id"]`), then acts on it per sink
  const local = body.match(/\b(v\d+) = a\["user\.id"\]/)?.[1];
  const line = local === undefined ? undefined : body.match(new RegExp(`\\n\\s*if \\(${local} != null\\)[^\\n]*`))?.[0];
  // the sink hashes with the span's shared HMAC of the field (`rK.hashed(v3, h, slot)`): made to keep instead
  const hashed = line?.match(new RegExp(`r${k}\\.hashed\\(${local}, h, (\\d+)\\)`));
  if (k < 0 || line === undefined || hashed == null) throw new Error("the generated module no longer has the shape this test edits");
  return text.slice(0, start) + body.replace(line, line.replace(hashed[0], `r${k}.keepText(${local}, ${hashed[1]})`)) + text.slice(end);
}

let clean: { exit: LiveExit; yaml: string };
let weakened: { exit: LiveExit; yaml: string };

beforeAll(async () => {
  clean = await runThroughGeneratedModule();
  weakened = await runThroughGeneratedModule(keepUserIdAtVendor);
});

afterAll(async () => {
  trace.disable();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("live-check --sink vendor-apm behind the generated shop runtime", () => {
  it("finds nothing: every value that may not go raw to vendor-apm arrives redacted", () => {
    const report = JSON.parse(clean.exit.stdout);
    expect(report.findings).toEqual([]);
    expect(clean.exit.code).toBe(0);
    expect(report.receiver.spans).toBe(3);
    // user.id arrived (hashed), user.email too; nothing of a log field reaches a traces-and-metrics sink
    expect(report.coverage.checkout.seen).toEqual(expect.arrayContaining(["span:checkout.place_order/user.id", "span:checkout.place_order/user.email"]));
  });

  it("reports live/leak on the field a weakened module lets through raw, at the field's YAML node", () => {
    const report = JSON.parse(weakened.exit.stdout);
    expect(weakened.exit.code).toBe(1);
    expect(report.findings.map((f: { rule: string; subject: string; count: number; line: number }) => [f.rule, f.subject, f.count, f.line])).toEqual([
      ["live/leak", "checkout/span:checkout.place_order/user.id", 3, lineOf(weakened.yaml, "user.id:", "- name: checkout.place_order")],
    ]);
    expect(report.findings[0].file).toMatch(/contracts\/services\/checkout\.yaml$/);
    expect(report.findings[0].example).toBe('"x-9999999" (string, 9 characters)');
  });

  it("never prints a value it received", () => {
    for (const { exit } of [clean, weakened]) for (const raw of RAW) expect(exit.stdout + exit.stderr).not.toContain(raw);
  });
});
