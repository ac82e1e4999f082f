/**
 * Hostile input: every request below is answered (never a crash, never a hang), the memory it
 * can make the receiver hold is bounded by the limits, and each refusal is reported as a
 * `live/unreadable` finding. The receiver runs in-process with small limits so that the
 * limits are reached with small requests; timeouts are observed as the server closing the
 * connection (an event), never by measuring time.
 */
import { connect } from "node:net";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContractSet } from "../../contracts/load.js";
import type { ContractSet } from "../../contracts/model.js";
import { runLiveCheck, toLiveJson, type LiveRun } from "../../compiler/live/index.js";
import { otlpTypes } from "../../compiler/live/otlp-schema.js";
import { REPO } from "../helpers/cli.js";
import { post } from "./support.js";

const LIMITS = {
  maxBodyBytes: 64 * 1024,
  maxInflatedBytes: 256 * 1024,
  headersTimeoutMs: 300,
  requestTimeoutMs: 600,
};
const FINDING_LIMIT = 100;

let set: ContractSet;
let url: string;
let running: Promise<LiveRun>;

const json = (body: unknown) => Buffer.from(JSON.stringify(body));
const JSON_HEADERS = { "content-type": "application/json" };
const PROTO_HEADERS = { "content-type": "application/x-protobuf" };

function spansOf(service: string, spans: unknown[]): unknown {
  return {
    resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] }, scopeSpans: [{ scope: { name: "t" }, spans }] }],
  };
}

/** Open a raw connection, write `data`, and resolve when the server closes it (with what it answered). */
function stallingClient(data: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let answer = "";
    const socket = connect(Number(port), hostname, () => socket.write(data));
    socket.setEncoding("utf8").on("data", (s: string) => (answer += s));
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
  });
}

/** A protobuf AnyValue nested `depth` arrays deep, as a KeyValue's value inside a span (built inside out). */
function nestedProtobuf(depth: number): Buffer {
  const varint = (n: number): number[] => {
    const out: number[] = [];
    while (n > 127) {
      out.push((n & 127) | 128);
      n >>>= 7;
    }
    out.push(n);
    return out;
  };
  const field = (tag: number, inner: Buffer): Buffer => Buffer.concat([Buffer.from([tag, ...varint(inner.length)]), inner]);
  let value = field(0x0a, Buffer.from("x")); // AnyValue.string_value
  for (let i = 0; i < depth; i++) value = field(0x2a, field(0x0a, value)); // AnyValue.array_value { values: [value] }
  const kv = Buffer.concat([field(0x0a, Buffer.from("deep")), field(0x12, value)]);
  const span = Buffer.concat([field(0x2a, Buffer.from("checkout.place_order")), field(0x4a, kv)]);
  const resource = field(0x0a, Buffer.concat([field(0x0a, Buffer.from("service.name")), field(0x12, field(0x0a, Buffer.from("checkout")))]));
  const resourceSpans = Buffer.concat([field(0x0a, resource), field(0x12, field(0x12, span))]);
  return field(0x0a, resourceSpans);
}

const answers: Record<string, number> = {};
let run: LiveRun;

beforeAll(async () => {
  const loaded = await loadContractSet(join(REPO, "examples", "shop", "contracts"));
  set = loaded.set!;
  let listening!: (address: string) => void;
  const address = new Promise<string>((resolve) => (listening = resolve));
  running = runLiveCheck(set, {
    host: "127.0.0.1",
    port: 0,
    untilIdle: 0,
    asOf: "2026-11-01",
    limits: LIMITS,
    findingLimit: FINDING_LIMIT,
    onListening: listening,
  });
  url = `http://${await address}`;

  answers.malformedProtobuf = (await post(`${url}/v1/traces`, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), PROTO_HEADERS)).status;
  answers.malformedJson = (await post(`${url}/v1/logs`, Buffer.from('{"resourceLogs": ['), JSON_HEADERS)).status;
  answers.wrongType = (await post(`${url}/v1/traces`, json(spansOf("checkout", [])), { "content-type": "text/plain" })).status;
  answers.grpc = (await post(`${url}/v1/metrics`, Buffer.alloc(10), { "content-type": "application/grpc" })).status;
  answers.unknownEncoding = (await post(`${url}/v1/traces`, json(spansOf("checkout", [])), { ...JSON_HEADERS, "content-encoding": "br" })).status;
  answers.badGzip = (await post(`${url}/v1/traces`, Buffer.from("not gzip at all"), { ...JSON_HEADERS, "content-encoding": "gzip" })).status;
  answers.huge = (await post(`${url}/v1/traces`, Buffer.alloc(LIMITS.maxBodyBytes + 1, 0x20), JSON_HEADERS)).status;
  // a zip bomb: 10 MB of spaces that gzip to a few KB, far past the inflated limit
  answers.bomb = (await post(`${url}/v1/traces`, gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20)), { ...JSON_HEADERS, "content-encoding": "gzip" })).status;
  answers.notFound = (await post(`${url}/v2/traces`, json({}), JSON_HEADERS)).status;
  answers.deep = (await post(`${url}/v1/traces`, nestedProtobuf(6_000), PROTO_HEADERS)).status;
  const partial = await post(`${url}/v1/traces`, json({ resourceSpans: [{ resource: {}, scopeSpans: [{ spans: [1, "two", null] }] }] }), JSON_HEADERS);
  answers.partial = partial.status;
  answers.partialRejected = Number(JSON.parse(partial.body.toString()).partialSuccess.rejectedSpans);

  // 10,000 distinct undeclared keys (and a few names that must never be printed as sent)
  const attributes = Array.from({ length: 10_000 }, (_, i) => ({ key: `gen.key_${i}`, value: { stringValue: `v${i}` } }));
  const spans = [
    { name: "checkout.place_order", attributes: attributes.slice(0, 2500) },
    { name: "checkout.place_order", attributes: attributes.slice(2500, 5000) },
    { name: "checkout.place_order", attributes: attributes.slice(5000, 7500) },
    { name: "checkout.place_order", attributes: attributes.slice(7500) },
  ];
  for (const chunk of spans) answers.manyKeys = (await post(`${url}/v1/traces`, gzipSync(json(spansOf("checkout", [chunk]))), { ...JSON_HEADERS, "content-encoding": "gzip" })).status;

  // slowloris: headers never finished; then a body that never comes
  answers.slowHeaders = (await stallingClient("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n")).length;
  answers.slowBody = (await stallingClient("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")).length;

  // and the receiver still takes good telemetry afterwards
  answers.afterwards = (await post(`${url}/v1/traces`, json(spansOf("checkout", [{ name: "checkout.get_cart", attributes: [{ key: "cart.items", value: { intValue: "2" } }] }])), JSON_HEADERS)).status;
  await post(`${url}/stop`, Buffer.alloc(0), {});
  run = await running;
});

afterAll(async () => {
  await post(`${url}/stop`, Buffer.alloc(0), {}).catch(() => undefined);
});

const unreadable = (subject: string) => run.result.findings.find((f) => f.rule === "live/unreadable" && f.subject === subject);
const countOf = (subject: string) => run.details.get(unreadable(subject)?.id ?? "")?.count;

describe("live-check under hostile input", () => {
  it("answers each bad request as a Collector would", () => {
    expect(answers).toMatchObject({
      malformedProtobuf: 400,
      malformedJson: 400,
      wrongType: 415,
      grpc: 415,
      unknownEncoding: 415,
      badGzip: 400,
      huge: 413,
      bomb: 413,
      notFound: 404,
      partial: 200,
      partialRejected: 3,
      manyKeys: 200,
      afterwards: 200,
    });
    expect([200, 400]).toContain(answers.deep);
  });

  it("reports every refusal as live/unreadable, counted", () => {
    expect(countOf("receiver/traces/malformed-protobuf")).toBe(answers.deep === 400 ? 2 : 1);
    expect(countOf("receiver/logs/malformed-json")).toBe(1);
    expect(countOf("receiver/traces/unsupported-content-type")).toBe(1);
    expect(countOf("receiver/metrics/unsupported-content-type")).toBe(1);
    expect(countOf("receiver/traces/unsupported-encoding")).toBe(1);
    expect(countOf("receiver/traces/malformed-gzip")).toBe(1);
    expect(countOf("receiver/traces/too-large")).toBe(2);
    expect(countOf("receiver/any/not-found")).toBe(1);
    expect(countOf("receiver/traces/malformed-record")).toBe(1);
    expect(countOf("receiver/any/timeout")).toBe(2);
    expect(run.result.summary.errors).toBeGreaterThan(0);
  });

  it("cuts off slow senders (the server closes both stalled connections)", () => {
    // the stalling clients resolved only because the server closed their sockets; both got a 408
    expect(answers.slowHeaders).toBeGreaterThan(0);
    expect(answers.slowBody).toBeGreaterThan(0);
  });

  it("keeps at most the finding limit of distinct findings, and counts the rest", () => {
    const undeclared = run.result.findings.filter((f) => f.rule === "live/undeclared-field");
    const kept = undeclared.filter((f) => !f.subject.includes("(over the limit)"));
    const over = undeclared.find((f) => f.subject === "checkout/* (over the limit)");
    expect(run.counters.findingsKept).toBe(FINDING_LIMIT);
    expect(kept.length).toBeLessThanOrEqual(FINDING_LIMIT);
    expect(over).toBeDefined();
    // every one of the 10,000 occurrences is counted, kept or not
    const occurrences = undeclared.reduce((sum, f) => sum + (run.details.get(f.id)?.count ?? 0), 0);
    expect(occurrences).toBe(10_000);
    expect(over!.message).toContain(`limit of ${FINDING_LIMIT} distinct findings`);
    const report = toLiveJson(run, { cwd: REPO, version: "0" });
    expect(report.receiver.findingLimit).toBe(FINDING_LIMIT);
    expect(report.receiver.overLimit).toBe(run.details.get(over!.id)!.count);
  });

  it("prints no value it received", () => {
    const text = JSON.stringify(toLiveJson(run, { cwd: REPO, version: "0" }));
    for (let i = 0; i < 10_000; i += 997) expect(text).not.toContain(`"v${i}"`);
  });
});
