/**
 * The two tiers agree: for random contract sets and random records, what the real Collector
 * (the gateway configuration cordon writes, run by otelcol-cordon) sends each sink equals what
 * the runtime (the module `cordon build --target ts` generates, through its per-sink redaction)
 * sends it — attribute by attribute, hashes compared digit for digit — except the documented,
 * fail-closed differences of docs/collector.md, where the Collector drops what the runtime
 * keeps or redacts:
 * - a list value that is redacted, or kept at a sink where a (user-pattern) detector runs;
 * - an undeclared key under `undeclared: keep` at a sink with detectors;
 * - a hashed value with a line break (hashed line by line: never raw, but another digest).
 * Any other difference fails the test, and so does a record of an unknown service arriving anywhere.
 */
import { rm } from "node:fs/promises";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Attributes, AttributeValue } from "@opentelemetry/api";
import type { ContractSet } from "../../contracts/model.js";
import { sinkView, type SinkView } from "../../compiler/flows.js";
import { acceptedServices, gatewayConfig, servingRegions } from "../../compiler/collector/index.js";
import { startReceiver, type Receiver } from "../runtime/otlp-receiver.js";
import { SERVICE, contractSetArb, recordArb, type RecordKind } from "./random-set.js";
import { loadPlan, runtimeRedact, signalOf, tempDir } from "./runtime-plan.js";
import { HASH_KEY, exportingTo, skipWithoutCollector, startCollectorOnFreePorts } from "./otelcol.js";

const SETS = 30;
const RECORDS = 60;

type Value = { stringValue?: string; intValue?: string; doubleValue?: number | string; boolValue?: boolean; arrayValue?: { values: Value[] } };

function otlpValue(v: AttributeValue | null | undefined): Value {
  if (Array.isArray(v)) return { arrayValue: { values: (v as AttributeValue[]).map((x) => otlpValue(x)) } };
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "number") {
    if (Number.isInteger(v) && !Object.is(v, -0)) return { intValue: String(v) };
    return { doubleValue: Number.isFinite(v) ? v : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity" };
  }
  return { stringValue: String(v) };
}

const otlpAttributes = (a: Attributes) => Object.entries(a).map(([key, value]) => ({ key, value: otlpValue(value) }));
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** One OTLP/JSON request for one record; its index travels in the ids or the timestamp. */
function request(i: number, kind: RecordKind, resource: Attributes, attributes: Attributes): { path: string; body: unknown } {
  const res = { attributes: otlpAttributes(resource) };
  const scope = { name: "prop" };
  const time = String(1_700_000_000_000_000_000n + BigInt(i));
  switch (kind.kind) {
    case "span":
    case "event": {
      const span = {
        traceId: hex(i + 1, 32),
        spanId: hex(i + 1, 16),
        name: kind.kind === "span" ? kind.name : kind.span,
        kind: 1,
        startTimeUnixNano: time,
        endTimeUnixNano: time,
        attributes: kind.kind === "span" ? otlpAttributes(attributes) : [],
        events: kind.kind === "event" ? [{ name: kind.event, timeUnixNano: time, attributes: otlpAttributes(attributes) }] : [],
      };
      return { path: "/v1/traces", body: { resourceSpans: [{ resource: res, scopeSpans: [{ scope, spans: [span] }] }] } };
    }
    case "log":
      return { path: "/v1/logs", body: { resourceLogs: [{ resource: res, scopeLogs: [{ scope, logRecords: [{ timeUnixNano: time, attributes: otlpAttributes(attributes) }] }] }] } };
    case "metric": {
      const metric = { name: kind.name, gauge: { dataPoints: [{ timeUnixNano: time, asDouble: i, attributes: otlpAttributes(attributes) }] } };
      return { path: "/v1/metrics", body: { resourceMetrics: [{ resource: res, scopeMetrics: [{ scope, metrics: [metric] }] }] } };
    }
  }
}

/* eslint-disable @typescript-eslint/no-explicit-any */
/** OTLP/JSON attribute values as the runtime holds them (protojson writes non-finite doubles as strings). */
function decodeValue(v: any): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(decodeValue);
  return undefined;
}

function decodeAttributes(list: { key: string; value: unknown }[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const { key, value } of list ?? []) out[key] = decodeValue(value);
  return out;
}

interface Arrived {
  readonly sink: string;
  readonly index: number;
  readonly resource: Record<string, unknown>;
  readonly attributes: Record<string, unknown>;
}

function arrivals(receiver: Receiver): Arrived[] {
  const out: Arrived[] = [];
  for (const r of receiver.received) {
    const sink = r.path.split("/")[1]!;
    const body = r.body as any;
    for (const rs of body?.resourceSpans ?? []) {
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          const index = parseInt(s.traceId, 16) - 1;
          const attributes = s.events?.length ? decodeAttributes(s.events[0].attributes) : decodeAttributes(s.attributes);
          out.push({ sink, index, resource: decodeAttributes(rs.resource?.attributes), attributes });
        }
      }
    }
    for (const rl of body?.resourceLogs ?? []) {
      for (const sl of rl.scopeLogs ?? []) {
        for (const l of sl.logRecords ?? []) {
          out.push({ sink, index: Number(BigInt(l.timeUnixNano) - 1_700_000_000_000_000_000n), resource: decodeAttributes(rl.resource?.attributes), attributes: decodeAttributes(l.attributes) });
        }
      }
    }
    for (const rm of body?.resourceMetrics ?? []) {
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          for (const p of m.gauge?.dataPoints ?? []) {
            out.push({ sink, index: Number(BigInt(p.timeUnixNano) - 1_700_000_000_000_000_000n), resource: decodeAttributes(rm.resource?.attributes), attributes: decodeAttributes(p.attributes) });
          }
        }
      }
    }
  }
  return out;
}

/** The declared field of the record's place at one sink (first declaration of the key). */
function siteOf(view: SinkView, kind: RecordKind | "resource", key: string): SinkView["fields"][number] | undefined {
  return view.fields.find((f) => {
    if (f.field.key !== key) return false;
    if (kind === "resource") return f.where === "resource";
    switch (kind.kind) {
      case "span":
        return f.span === kind.name && f.event === undefined;
      case "event":
        return f.span === kind.span && f.event === kind.event;
      case "log":
        return f.where === "log";
      case "metric":
        return f.metric === kind.name;
    }
  });
}

type Deviation = "list" | "undeclared-scanned" | "line-break" | "not-finite";

/** Why the Collector may differ from the runtime on this attribute (always by dropping or re-hashing), if it may. */
function allowed(view: SinkView, kind: RecordKind | "resource", key: string, input: unknown, r: unknown, c: unknown): Deviation | undefined {
  const site = siteOf(view, kind, key);
  const scanned = view.detectors.length > 0;
  if (c === undefined && !site) return view.undeclared === "keep" && scanned ? "undeclared-scanned" : undefined;
  if (!site) return undefined;
  if (c === undefined && Array.isArray(input) && (site.action.kind !== "keep" || scanned)) return "list";
  // Concat cannot render NaN or ±Infinity: under mask or truncate the Collector drops the value
  const textual = site.action.kind === "mask" || site.action.kind === "truncate";
  if (c === undefined && textual && typeof input === "number" && !Number.isFinite(input)) return "not-finite";
  const hashedLines = typeof r === "string" && r.startsWith("hmac-sha256:") && typeof c === "string" && c.startsWith("hmac-sha256:");
  if (hashedLines && typeof input === "string" && input.includes("\n")) return "line-break";
  return undefined;
}

interface Tally {
  compared: number;
  hashed: number;
  redacted: number;
  deviations: Map<Deviation, number>;
  sets: number;
}

function compare(where: string, r: Attributes, c: Record<string, unknown>, input: Attributes, view: SinkView, kind: RecordKind | "resource", tally: Tally): void {
  for (const key of new Set([...Object.keys(r), ...Object.keys(c)])) {
    tally.compared++;
    if (typeof r[key] === "string" && (r[key] as string).startsWith("hmac-sha256:")) tally.hashed++;
    if (isDeepStrictEqual(r[key], c[key])) {
      if (r[key] !== undefined && !isDeepStrictEqual(r[key], input[key])) tally.redacted++;
      continue;
    }
    const deviation = allowed(view, kind, key, input[key], r[key], c[key]);
    if (deviation) {
      tally.deviations.set(deviation, (tally.deviations.get(deviation) ?? 0) + 1);
      continue;
    }
    expect.fail(`${where} ${key}: runtime ${JSON.stringify(r[key])} ≠ collector ${JSON.stringify(c[key])} (input ${JSON.stringify(input[key])})`);
  }
}


describe.skipIf(skipWithoutCollector)("the real Collector and the runtime send each sink the same, but for documented fail-closed drops", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it(`agrees on ${SETS} random contract sets × ${RECORDS} random records`, async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const tally: Tally = { compared: 0, hashed: 0, redacted: 0, deviations: new Map(), sets: 0 };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(contractSetArb, fc.array(recordArb, { minLength: RECORDS, maxLength: RECORDS }), async (set: ContractSet, records) => {
        const region = servingRegions(set).find((r) => acceptedServices(set, r).some((s) => s.name === SERVICE));
        if (region === undefined) return; // no gateway may process this service raw: nothing to compare
        tally.sets++;
        const plan = await loadPlan(set, SERVICE, dir, n++);
        const receiver = await startReceiver();
        // every other set through a gateway that routes each service to a bucket of its own (compiler/collector/routing.ts)
        const bucketServices = n % 2 === 0 ? 1 : undefined;
        const gateway = await startCollectorOnFreePorts((listen) => exportingTo(gatewayConfig(set, region, { listen, bucketServices }), receiver.url));
        try {
          const expected = new Map<number, Map<string, ReturnType<typeof runtimeRedact> extends Map<string, infer V> ? V : never>>();
          for (const [i, record] of records.entries()) {
            const resource: Attributes = { ...record.resource, "service.name": record.service };
            const { path, body } = request(i, record.kind, resource, record.attributes);
            const res = await fetch(`${gateway.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
            const answer = await res.text();
            const runtime = record.service === SERVICE ? runtimeRedact(plan, HASH_KEY, record.kind, resource, record.attributes) : undefined;
            // a signal no accepted service sends anywhere has no pipeline: the receiver refuses it
            if (res.status === 404) expect(runtime?.size ?? 0, `record ${i}: ${answer}`).toBe(0);
            else expect(res.status, answer).toBe(200);
            if (runtime) expected.set(i, runtime);
          }
          const want = [...expected.values()].reduce((sum, sinks) => sum + sinks.size, 0);
          const mine = () => arrivals(receiver).filter((a) => expected.has(a.index));
          for (let poll = 0; poll < 1200 && mine().length < want; poll++) await new Promise((r) => setTimeout(r, 50));
          const arrived = arrivals(receiver);
          // an unknown service reaches no sink
          for (const a of arrived) expect(records[a.index]!.service, `record ${a.index} at ${a.sink}`).not.toBe("stranger");
          const service = set.services.get(SERVICE)!;
          for (const [i, sinks] of expected) {
            const record = records[i]!;
            const got = arrived.filter((a) => a.index === i);
            expect(got.map((a) => a.sink).sort(), `record ${i} ${JSON.stringify(record.kind)} ${JSON.stringify(record.attributes)}\n${gateway.log().slice(-3000)}\n${receiver.received.map((x) => x.path).join(" ")} want ${want} mine ${mine().length}`).toEqual([...sinks.keys()].sort());
            for (const a of got) {
              const r = sinks.get(a.sink)!;
              const view = sinkView(set, service, a.sink);
              const resource: Attributes = { ...record.resource, "service.name": record.service };
              compare(`${a.sink} resource`, r.resource, a.resource, resource, view, "resource", tally);
              compare(`${a.sink} ${JSON.stringify(record.kind)}`, r.attributes, a.attributes, record.attributes, view, record.kind, tally);
            }
          }
        } finally {
          await gateway.stop();
          await receiver.close();
        }
      }),
      // FC_SEED / FC_PATH replay a failure fast-check printed (seed and path), as in CI's log
      { numRuns: SETS, endOnFailure: true, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}) },
    );
    console.log(`property: ${tally.sets} sets through the real Collector, ${tally.compared} attribute comparisons, ${tally.hashed} hashed, ${tally.redacted} redacted alike; fail-closed differences:`, Object.fromEntries(tally.deviations));
    expect(tally.sets).toBeGreaterThan(0);
    expect(tally.compared).toBeGreaterThan(200);
  }, 600_000);
});
