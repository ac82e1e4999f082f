/**
 * Work done once for many sinks (compiler/collector/config.ts, ./digests.ts): sinks whose stage
 * is the same for every service share one pipeline (hashing included) and its output is copied
 * to each; a key that more than one such class of sinks hashes is hashed once, in the shared
 * stage, and each sink takes the digest or leaves it. Checked on the configuration's graph and
 * with the real Collector: what each sink receives is still exactly its own redaction, digests
 * equal to node:crypto's HMAC, no staging key anywhere.
 *
 * The organisation: four EU services; two EU sinks take everything raw, three US sinks get
 * `personal` hashed and `internal` dropped. svc-3 does not send to us-c, so us-c's stage
 * (filtered) differs from us-a's and us-b's (alike): svc-0..2's personal values, which two
 * classes hash, are hashed in the shared stage — and so, since it hashes anyway, are svc-3's,
 * which only the us-a/us-b class hashes. svc-0 has five personal fields, more than a place
 * stages field by field (compiler/collector/digests.ts `FIELD_BY_FIELD`): its values are staged
 * by copying the map and finished by transform/hmac.staged, the others' field by field.
 */
import { createHmac } from "node:crypto";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadValid, serviceYaml } from "../helpers/contract-files.js";
import type { ContractSet } from "../../contracts/model.js";
import { gatewayConfig, type CollectorConfig, type TransformConfig } from "../../compiler/collector/index.js";
import { startReceiver, spansOf, type Receiver } from "../runtime/otlp-receiver.js";
import { follow } from "./graph.js";
import { HASH_KEY, skipWithoutCollector, startCollectorOnFreePorts } from "./otelcol.js";

const hmac = (v: string) => `hmac-sha256:${createHmac("sha256", HASH_KEY).update(v).digest("hex")}`;
const SERVICES = ["svc-0", "svc-1", "svc-2", "svc-3"];
const EU_SINKS = ["eu-a", "eu-b"];
const US_SINKS = ["us-a", "us-b", "us-c"];
/** svc-0's personal fields beyond email and count: five staged keys, more than FIELD_BY_FIELD. */
const EXTRA = (i: number) => (i === 0 ? ["app.s0.p1", "app.s0.p2", "app.s0.p3"] : []);
const sinksOf = (service: string) => (service === "svc-3" ? ["eu-a", "eu-b", "us-a", "us-b"] : [...EU_SINKS, ...US_SINKS]);

let dir: string;

async function organisation(): Promise<ContractSet> {
  dir = await mkdtemp(join(tmpdir(), "cordon-sharing-"));
  await mkdir(join(dir, "services"));
  await writeFile(
    join(dir, "classes.yaml"),
    "apiVersion: cordon/v1\nkind: DataClasses\nclasses:\n  - { name: internal, level: 1, redaction: drop }\n  - { name: personal, level: 2, redaction: hash }\n",
  );
  await writeFile(
    join(dir, "residency.yaml"),
    "apiVersion: cordon/v1\nkind: Residency\nregions:\n  eu-west-1: { jurisdiction: EU }\n  us-east-1: { jurisdiction: US }\nrules:\n  - { class: internal, allowed_in: [EU] }\n  - { class: personal, allowed_in: [EU] }\ndefault: deny\n",
  );
  await writeFile(join(dir, "tiers.yaml"), "apiVersion: cordon/v1\nkind: Tiers\ntiers:\n  - { name: tier-2, rto: 24h, rpo: 24h }\n");
  const sink = (name: string) =>
    `apiVersion: cordon/v1\nkind: Sink\nname: ${name}\nregion: ${name.startsWith("eu") ? "eu-west-1" : "us-east-1"}\nendpoint: https://${name}.example.com:4318\nsignals: [traces]\n`;
  await writeFile(join(dir, "sinks.yaml"), [...EU_SINKS, ...US_SINKS].map(sink).join("---\n"));
  for (const [i, name] of SERVICES.entries()) {
    await writeFile(
      join(dir, "services", `${name}.yaml`),
      serviceYaml(name, sinksOf(name), `  spans:
    - name: ${name}.handle
      attributes:
        app.s${i}.email: { class: personal, type: string }
        app.s${i}.count: { class: personal, type: int }
        app.s${i}.note: { class: internal, type: string }
${EXTRA(i).map((k) => `        ${k}: { class: personal, type: string }\n`).join("")}`),
    );
  }
  return loadValid(dir);
}

let set: ContractSet;
beforeAll(async () => {
  set = await organisation();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("sinks that redact alike share one stage; a value is hashed once", () => {
  const feeding = (config: CollectorConfig, sink: string) =>
    Object.entries(config.service.pipelines).filter(([, p]) => p.exporters.includes(`forward/traces.${sink}`)).map(([id]) => id);

  it("one bucket: alike sinks are fed by one pipeline; keys two classes hash are hashed before the copies, and then every key a class hashes", () => {
    const config = gatewayConfig(set, "eu-west-1");
    expect(feeding(config, "eu-a")).toEqual(["traces/alike.eu-a"]);
    expect(feeding(config, "eu-b")).toEqual(["traces/alike.eu-a"]);
    expect(feeding(config, "us-a")).toEqual(["traces/alike.us-a"]);
    expect(feeding(config, "us-b")).toEqual(["traces/alike.us-a"]);
    // us-c's stage is filtered (svc-3 does not send there): a class of its own, exporting directly
    expect(config.service.pipelines["traces/us-c"]!.receivers).toEqual(["forward/traces"]);
    for (const service of SERVICES) expect(follow(config, "traces", service).sinks).toEqual([...sinksOf(service)].sort());
    // svc-0..2's personal values are hashed before the copies, in the shared stage
    expect(config.service.pipelines["traces/in"]!.processors).toEqual(["filter/traces", "transform/traces", "redaction/hmac", "transform/hmac.staged"]);
    // `count`, an int to hash: the processor hashes its text (the runtime's String(7))
    expect(config.processors["redaction/hmac"]).toMatchObject({ redact_all_types: true });
    // the services whose values the class stages for its own hashing (a key rename to `cordon.hmac/…`)
    const staging = (id: string) =>
      ((config.processors[id] as TransformConfig).trace_statements ?? [])
        .filter((g) => g.statements.some((statement) => /^replace_all_patterns\(attributes, "key", .*"cordon\.hmac\/(\$\$1)?"\)$/.test(statement)))
        .flatMap((g) => g.conditions ?? [])
        .join("\n");
    // the shared stage hashes anyway, so it hashes svc-3's values too (only the us-a/us-b class
    // hashes them): no class runs a redaction processor of its own
    expect(config.service.pipelines["traces/us-c"]!.processors).not.toContain("redaction/hmac");
    expect(staging("transform/traces.us-c")).toBe("");
    expect(config.service.pipelines["traces/alike.us-a"]!.processors).not.toContain("redaction/hmac");
    expect(staging("transform/traces.us-a")).toBe("");
    // svc-0's five values by a copy of the map (finished by transform/hmac.staged), the others' field by field
    const groups = (config.processors["transform/traces"] as TransformConfig).trace_statements ?? [];
    const of = (service: string) => groups.filter((g) => (g.conditions ?? []).join("\n").includes(`"${service}"`)).flatMap((g) => g.statements);
    expect(of("svc-0")).toContain('replace_all_patterns(cache["cordon.stage"], "key", "^", "cordon.hmac/")');
    for (const [i, service] of SERVICES.entries()) {
      if (i === 0) continue;
      expect(of(service).some((s) => s.startsWith("replace_all_patterns(cache")), service).toBe(false);
      expect(of(service), service).toContain(`set(attributes["cordon.hmac/app.s${i}.email"], attributes["app.s${i}.email"]) where attributes["app.s${i}.email"] != nil`);
    }
  });

  it("one service per bucket: each bucket's US sinks are alike (one class), and every record meets the hashing processor in one pipeline", () => {
    const config = gatewayConfig(set, "eu-west-1", { bucketServices: 1 });
    expect(feeding(config, "us-c")).toEqual(["traces/bucket.0.us-a", "traces/bucket.1.us-a", "traces/bucket.2.us-a"]);
    for (const service of SERVICES) {
      const path = follow(config, "traces", service);
      expect(path.sinks).toEqual([...sinksOf(service)].sort());
      expect(path.hashings, service).toHaveLength(1);
    }
  });
});

describe.skipIf(skipWithoutCollector)("the real Collector: each sink still gets exactly its own redaction", () => {
  function forTest(config: CollectorConfig, receiverUrl: string): CollectorConfig {
    const exporters = Object.fromEntries(
      Object.entries(config.exporters).map(([id, e]) => [id, { ...e, endpoint: `${receiverUrl}/${id.split("/")[1]}`, encoding: "json", compression: "none" }]),
    );
    return { ...config, exporters };
  }

  const spanOf = (i: number, name: string) => ({
    traceId: (i + 1).toString(16).padStart(32, "0"),
    spanId: (i + 1).toString(16).padStart(16, "0"),
    name: `${name}.handle`,
    kind: 1,
    startTimeUnixNano: "1700000000000000000",
    endTimeUnixNano: "1700000000000000000",
    attributes: [
      { key: `app.s${i}.email`, value: { stringValue: `user${i}@example.com` } },
      { key: `app.s${i}.count`, value: { intValue: String(7 + i) } },
      { key: `app.s${i}.note`, value: { stringValue: `note ${i}` } },
      ...EXTRA(i).map((key) => ({ key, value: { stringValue: `${key} of user${i}` } })),
      { key: "x.undeclared", value: { stringValue: "u" } },
      { key: "cordon.hmac/app.s0.email", value: { stringValue: "posing as a staged value" } },
    ],
  });

  for (const bucketServices of [undefined, 1]) {
    it(`${bucketServices ?? "default"} service(s) per bucket: raw at the EU sinks, hashed (equal digests) and dropped at the US sinks, nothing staged left`, async () => {
      const receiver: Receiver = await startReceiver();
      const gateway = await startCollectorOnFreePorts((listen) => forTest(gatewayConfig(set, "eu-west-1", { listen, bucketServices }), receiver.url));
      try {
        for (const [i, name] of SERVICES.entries()) {
          const body = { resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: { stringValue: name } }] }, scopeSpans: [{ scope: { name: "t" }, spans: [spanOf(i, name)] }] }] };
          const res = await fetch(`${gateway.url}/v1/traces`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
          expect(res.status, await res.text()).toBe(200);
        }
        const want = SERVICES.reduce((n, s) => n + sinksOf(s).length, 0);
        const arrived = () => receiver.received.flatMap((r) => spansOf([r]).map((span) => ({ sink: r.path.split("/")[1]!, span })));
        for (let poll = 0; poll < 600 && arrived().length < want; poll++) await new Promise((r) => setTimeout(r, 50));
        expect(arrived(), gateway.log().slice(-2000)).toHaveLength(want);
        for (const [i, name] of SERVICES.entries()) {
          for (const sink of sinksOf(name)) {
            const got = arrived().filter((a) => a.sink === sink && a.span.name === `${name}.handle`);
            expect(got, `${name} at ${sink}`).toHaveLength(1);
            const attributes = got[0]!.span.attributes;
            const extra = (value: (raw: string) => string) => Object.fromEntries(EXTRA(i).map((key) => [key, value(`${key} of user${i}`)]));
            const expected = EU_SINKS.includes(sink)
              ? { [`app.s${i}.email`]: `user${i}@example.com`, [`app.s${i}.count`]: 7 + i, [`app.s${i}.note`]: `note ${i}`, ...extra((raw) => raw) }
              : { [`app.s${i}.email`]: hmac(`user${i}@example.com`), [`app.s${i}.count`]: hmac(String(7 + i)), ...extra(hmac) };
            expect(attributes, `${name} at ${sink}`).toEqual(expected);
          }
        }
      } finally {
        await gateway.stop();
        await receiver.close();
      }
    }, 120_000);
  }
});
