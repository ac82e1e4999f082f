/**
 * Detector hits to hash are hashed once, before the copies (compiler/collector/hits.ts): the
 * shared stage stages the digest of every value some sink hashes on a hit, each sink takes it
 * where its own detector of action `hash` matches, and removes every staged digest it did not
 * take. Checked on the configuration's graph (no sink runs a redaction processor of its own) and
 * with the real Collector: each sink gets exactly its own redaction, digests equal to
 * node:crypto's HMAC, and no staging key or mark in any byte.
 *
 * Two sinks that hash different hits: `eu-a` hashes e-mail addresses (`contact`, never raw) and
 * keeps customer ids raw (`customer` may be raw in the EU); `us-a` hashes both. Both drop
 * `card-NNNN` (`card`, drop), the stricter action where a value holds a card and a hit to hash.
 */
import { createHmac } from "node:crypto";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContractSet } from "../../contracts/load.js";
import { loadValid, serviceYaml } from "../helpers/contract-files.js";
import type { ContractSet } from "../../contracts/model.js";
import { gatewayConfig, type StatementGroup, type TransformConfig } from "../../compiler/collector/index.js";
import { REPO } from "../codegen/support.js";
import { logsOf, pointsOf, spansOf, startReceiver, type Receiver } from "../runtime/otlp-receiver.js";
import { follow } from "./graph.js";
import { HASH_KEY, exportingTo, skipWithoutCollector, startCollectorOnFreePorts } from "./otelcol.js";

const hmac = (v: string) => `hmac-sha256:${createHmac("sha256", HASH_KEY).update(v).digest("hex")}`;

/**
 * More e-mail fields on the span: with \`email\`, five values the shared stage stages for both
 * sinks, more than it stages field by field (compiler/collector/digests.ts): the span's place is
 * staged by copying the map, and transform/hmac.staged prefixes those digests — not the hits'.
 */
const EMAILS = ["email2", "email3", "email4", "email5"];

let dir: string;
let set: ContractSet;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cordon-hits-"));
  await mkdir(join(dir, "services"));
  await writeFile(
    join(dir, "classes.yaml"),
    `apiVersion: cordon/v1
kind: DataClasses
classes:
  - { name: public, level: 0 }
  - { name: customer, level: 2, redaction: hash, detectors: [{ pattern: "cus_[A-Za-z0-9]{6}" }] }
  - { name: contact, level: 3, redaction: hash, raw_in_telemetry: false, detectors: [email] }
  - { name: card, level: 4, redaction: drop, raw_in_telemetry: false, detectors: [{ pattern: "card-[0-9]{4}" }] }
`,
  );
  await writeFile(
    join(dir, "residency.yaml"),
    `apiVersion: cordon/v1
kind: Residency
regions:
  eu-west-1: { jurisdiction: EU }
  us-east-1: { jurisdiction: US }
rules:
  - { class: public, allowed_in: ["*"] }
  - { class: customer, allowed_in: [EU], redacted_allowed_in: ["*"] }
  - { class: contact, allowed_in: [EU], redacted_allowed_in: ["*"] }
  - { class: card, allowed_in: [EU] }
default: deny
`,
  );
  await writeFile(join(dir, "tiers.yaml"), "apiVersion: cordon/v1\nkind: Tiers\ntiers:\n  - { name: tier-2, rto: 24h, rpo: 24h }\n");
  const sink = (name: string, region: string) =>
    `apiVersion: cordon/v1\nkind: Sink\nname: ${name}\nregion: ${region}\nendpoint: https://${name}.example.com:4318\nsignals: [traces, logs, metrics]\n`;
  await writeFile(join(dir, "sinks.yaml"), [sink("eu-a", "eu-west-1"), sink("us-a", "us-east-1")].join("---\n"));
  // svc2 (its records are not sent) makes one service per bucket a routed gateway
  for (const [name, sinks] of [["svc", ["eu-a", "us-a"]], ["svc2", ["eu-a"]]] as const) {
    await writeFile(
      join(dir, "services", `${name}.yaml`),
      serviceYaml(name, sinks, `  resource:
    service.name: { class: public, type: string }
    deploy.note: { class: public, type: string }
  spans:
    - name: svc.handle
      attributes:
        note: { class: public, type: string }
        ref: { class: public, type: string }
        count: { class: public, type: int }
        email: { class: contact, type: string }
${EMAILS.map((k) => `        ${k}: { class: contact, type: string }\n`).join("")}      events:
        - name: ev
          attributes:
            note: { class: public, type: string }
  logs:
    attributes:
      note: { class: public, type: string }
  metrics:
    - name: svc.m
      instrument: gauge
      attributes:
        note: { class: public, type: string }
`),
    );
  }
  set = await loadValid(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("detector hits to hash: hashed once, before the copies", () => {
  it("the shared stage of each signal hashes; no sink's pipeline runs a redaction processor of its own", () => {
    for (const bucketServices of [undefined, 1]) {
      const config = gatewayConfig(set, "eu-west-1", { bucketServices });
      // the span's five e-mail values by a copy of the map, finished before the copies
      expect(config.processors["transform/hmac.staged"], String(bucketServices)).toBeDefined();
      // only strings to hash: the processor renders no other value; it skips every declared key by name
      expect(config.processors["redaction/hmac"]).toMatchObject({ redact_all_types: false, ignored_keys: ["count", "deploy.note", "email", ...EMAILS, "note", "ref", "service.name"] });
      for (const signal of ["traces", "logs", "metrics"] as const) {
        const { hashings } = follow(config, signal, "svc");
        expect(hashings, signal).toEqual([bucketServices ? expect.stringMatching(new RegExp(`^${signal}/bucket\\.[01]$`)) : `${signal}/in`]);
      }
    }
  });
});

describe("examples/shop: the shared stage scans once for every sink", () => {
  it("each sink's record places read the shared stage's mark instead of running a regular expression; the shared stage's scans run them", async () => {
    const loaded = await loadContractSet(join(REPO, "examples/shop/contracts"));
    if (!loaded.set) throw new Error("examples/shop does not load");
    const config = gatewayConfig(loaded.set, "eu-west-1");
    const scans = (id: string) =>
      Object.values(config.processors[id] as TransformConfig)
        .flatMap((groups) => (Array.isArray(groups) ? (groups as StatementGroup[]) : []))
        .filter((g) => g.context !== "resource")
        .flatMap((g) => g.statements.filter((s) => s.startsWith('set(attributes["cordon.hmac.scan"], ')));
    let sinks = 0;
    for (const id of Object.keys(config.processors).filter((p) => /^transform\/(traces|logs|metrics)\./.test(p))) {
      for (const scan of scans(id)) expect(scan, id).toMatch(/^set\(attributes\["cordon\.hmac\.scan"\], [0-9]+\) where attributes\["cordon\.hmac\.hit"\] != nil$/);
      sinks += scans(id).length > 0 ? 1 : 0;
    }
    expect(sinks).toBeGreaterThanOrEqual(3);
    for (const signal of ["traces", "logs"]) {
      expect(scans(`transform/${signal}`).length, signal).toBeGreaterThan(0);
      for (const scan of scans(`transform/${signal}`)) expect(scan).toContain("IsMatch(");
    }
  });
});

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

describe.skipIf(skipWithoutCollector)("the real Collector: each sink takes its own hits' digests, and nothing staged", () => {

  const resource = (note: string) => ({ attributes: [str("service.name", "svc"), str("deploy.note", note)] });
  const span = (i: number, attributes: unknown[], events: unknown[] = []) => ({
    traceId: (i + 1).toString(16).padStart(32, "0"),
    spanId: (i + 1).toString(16).padStart(16, "0"),
    name: "svc.handle",
    kind: 1,
    startTimeUnixNano: "1700000000000000000",
    endTimeUnixNano: "1700000000000000000",
    attributes,
    events,
  });
  const requests: [string, unknown][] = [
    [
      "/v1/traces",
      {
        resourceSpans: [
          {
            resource: resource("owner dave@example.com"),
            scopeSpans: [
              {
                scope: { name: "t" },
                spans: [
                  span(
                    0,
                    [
                      str("note", "ask cus_AbC123 or bob@example.org"),
                      str("ref", "card-1234 of cus_AbC123"),
                      { key: "count", value: { intValue: "3" } },
                      str("email", "alice@example.com"),
                      ...EMAILS.map((k) => str(k, `${k}@example.com`)),
                      str("cordon.hmac.hit/note", "posing"),
                    ],
                    [{ name: "ev", timeUnixNano: "1700000000000000000", attributes: [str("note", "mail bob@example.org")] }],
                  ),
                ],
              },
            ],
          },
          {
            resource: resource("cus_ZZZ999"),
            scopeSpans: [{ scope: { name: "t" }, spans: [span(1, [str("note", "cus_AbC123 only"), str("ref", "plain"), str("email", "carol@example.net"), str("cordon.hmac.hit", "posing")])] }],
          },
        ],
      },
    ],
    ["/v1/logs", { resourceLogs: [{ resource: resource("plain"), scopeLogs: [{ scope: { name: "t" }, logRecords: [{ timeUnixNano: "1700000000000000000", attributes: [str("note", "cus_AbC123")] }] }] }] }],
    [
      "/v1/metrics",
      {
        resourceMetrics: [
          {
            resource: resource("plain"),
            scopeMetrics: [{ scope: { name: "t" }, metrics: [{ name: "svc.m", gauge: { dataPoints: [{ timeUnixNano: "1700000000000000000", asDouble: 1, attributes: [str("note", "x bob@example.org")] }] } }] }],
          },
        ],
      },
    ],
  ];

  for (const bucketServices of [undefined, 1]) {
    it(`${bucketServices ?? "default"} service(s) per bucket: each sink gets its own hits hashed (equal digests), the others raw or dropped`, async () => {
      const receiver: Receiver = await startReceiver();
      const gateway = await startCollectorOnFreePorts((listen) => exportingTo(gatewayConfig(set, "eu-west-1", { listen, bucketServices }), receiver.url));
      try {
        for (const [path, body] of requests) {
          const res = await fetch(`${gateway.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
          expect(res.status, await res.text()).toBe(200);
        }
        const at = (sink: string) => receiver.received.filter((r) => r.path.startsWith(`/${sink}/`));
        const complete = () => ["eu-a", "us-a"].every((s) => spansOf(at(s)).length === 2 && logsOf(at(s)).length === 1 && pointsOf(at(s)).length === 1);
        for (let poll = 0; poll < 600 && !complete(); poll++) await new Promise((r) => setTimeout(r, 50));
        expect(complete(), gateway.log().slice(-2000)).toBe(true);

        for (const sink of ["eu-a", "us-a"]) {
          const eu = sink === "eu-a";
          // customer ids: raw in the EU, hashed in the US; e-mail addresses hashed at both
          const customer = (v: string) => (eu ? v : hmac(v));
          const spans = spansOf(at(sink));
          const first = spans.find((s) => s.attributes.count === 3)!;
          // `ref` holds a card: dropped (stricter than the hash its customer id asks for)
          const emails = Object.fromEntries(EMAILS.map((k) => [k, hmac(`${k}@example.com`)]));
          expect({ ...first.attributes }, sink).toEqual({ note: hmac("ask cus_AbC123 or bob@example.org"), count: 3, email: hmac("alice@example.com"), ...emails });
          expect(first.events.map((e) => ({ ...e.attributes })), sink).toEqual([{ note: hmac("mail bob@example.org") }]);
          expect({ ...first.resource }, sink).toEqual({ "service.name": "svc", "deploy.note": hmac("owner dave@example.com") });
          const second = spans.find((s) => s.attributes.count === undefined)!;
          expect({ ...second.attributes }, sink).toEqual({ note: customer("cus_AbC123 only"), ref: "plain", email: hmac("carol@example.net") });
          expect({ ...second.resource }, sink).toEqual({ "service.name": "svc", "deploy.note": customer("cus_ZZZ999") });
          expect({ ...logsOf(at(sink))[0]!.attributes }, sink).toEqual({ note: customer("cus_AbC123") });
          expect({ ...pointsOf(at(sink))[0]!.attributes }, sink).toEqual({ note: hmac("x bob@example.org") });
          for (const r of at(sink)) expect(r.raw, sink).not.toContain("cordon.");
        }
      } finally {
        await gateway.stop();
        await receiver.close();
      }
    }, 120_000);
  }
});
