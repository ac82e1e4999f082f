/**
 * SPEC §6 read as an outside tester would: `cordon live-check` spawned on a tiny contract set,
 * plain HTTP sent to it, and only the exit code and the JSON surface looked at.
 */
import { request } from "node:http";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { cordon } from "../helpers/cli.js";
import { CHECKOUT_HEAD, EU_ALLOW } from "./base-set.js";
import { writeFiles } from "../helpers/contract-files.js";
import { post, startLiveCheck } from "../live/support.js";

const CONTRACTS = `${EU_ALLOW}---
${CHECKOUT_HEAD}deployment: { regions: [eu-west-1], strategy: backup-restore, backup: { interval: 1h, regions: [eu-west-1] } }
telemetry:
  sinks: [eu-collector]
  spans:
    - name: checkout.place_order
      attributes:
        order.id: { class: internal, type: string }
        cart.total: { class: internal, type: double }
`;

/** OTLP/JSON of one `checkout.place_order` span carrying only declared, well-typed attributes. */
const CLEAN_SPAN = JSON.stringify({
  resourceSpans: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "checkout" } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: "5b8efff798038103d269b633813fc60c",
              spanId: "eee19b7ec3c1b174",
              name: "checkout.place_order",
              kind: 2,
              startTimeUnixNano: "1544712660000000000",
              endTimeUnixNano: "1544712661000000000",
              attributes: [{ key: "order.id", value: { stringValue: "o-1" } }],
            },
          ],
        },
      ],
    },
  ],
});

function send(url: string, method: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

interface LiveJson {
  summary: { errors: number; warnings: number };
  findings: { rule: string; subject: string }[];
  coverage: Record<string, { seen: string[]; neverSeen: string[] }>;
}

describe("live-check (SPEC §6)", () => {
  it("readiness probes (GET, HEAD) are answered as a Collector answers them and are no finding: clean telemetry exits 0", async () => {
    const dir = writeFiles({ "contracts/all.yaml": CONTRACTS }, "cordon-spec-live-");
    const live = await startLiveCheck(["--contracts", "contracts", "--format", "json", "--until-idle", "0"], dir);
    expect(await send(`${live.url}/`, "GET")).toBe(404);
    expect(await send(`${live.url}/`, "HEAD")).toBe(404);
    expect(await send(`${live.url}/v1/traces`, "GET")).toBe(405);
    const answer = await post(`${live.url}/v1/traces`, gzipSync(Buffer.from(CLEAN_SPAN)), { "content-type": "application/json", "content-encoding": "gzip" });
    expect(answer.status).toBe(200);
    const exit = await live.stop();
    const output = JSON.parse(exit.stdout) as LiveJson;
    expect(output.findings).toEqual([]);
    expect(exit.code).toBe(0);
    // `coverage`: per service, the declared fields seen and never seen.
    expect(output.coverage["checkout"]).toMatchObject({
      seen: ["span:checkout.place_order/order.id"],
      neverSeen: ["span:checkout.place_order/cart.total"],
    });
  });

  it("a browser exporter's CORS preflight (OPTIONS) refused is a finding: the telemetry behind it never comes", async () => {
    const dir = writeFiles({ "contracts/all.yaml": CONTRACTS }, "cordon-spec-live-");
    const live = await startLiveCheck(["--contracts", "contracts", "--format", "json", "--until-idle", "0"], dir);
    expect(await send(`${live.url}/v1/traces`, "OPTIONS")).toBe(405);
    const exit = await live.stop();
    expect((JSON.parse(exit.stdout) as LiveJson).findings.map((f) => `${f.rule} ${f.subject}`)).toEqual(["live/unreadable receiver/traces/method-not-allowed"]);
    expect(exit.code).toBe(1);
  });

  it("a POST of telemetry to a path that is not OTLP's is still a finding (what was sent was not seen)", async () => {
    const dir = writeFiles({ "contracts/all.yaml": CONTRACTS }, "cordon-spec-live-");
    const live = await startLiveCheck(["--contracts", "contracts", "--format", "json", "--until-idle", "0"], dir);
    expect((await post(`${live.url}/`, Buffer.from(CLEAN_SPAN), { "content-type": "application/json" })).status).toBe(404);
    const exit = await live.stop();
    expect(exit.code).toBe(1);
    expect((JSON.parse(exit.stdout) as LiveJson).findings.map((f) => f.rule)).toEqual(["live/unreadable"]);
  });
});

describe("live-check reads OTLP/JSON as a Collector does (SPEC §6)", () => {
  it("field names in snake_case (resource_spans, string_value, …) are read, not accepted unread", async () => {
    const snake = JSON.stringify({
      resource_spans: [
        {
          resource: { attributes: [{ key: "service.name", value: { string_value: "checkout" } }] },
          scope_spans: [
            {
              spans: [
                {
                  trace_id: "5b8efff798038103d269b633813fc60c",
                  span_id: "eee19b7ec3c1b174",
                  name: "checkout.place_order",
                  attributes: [
                    { key: "order.id", value: { int_value: "5" } },
                    { key: "order.note", value: { string_value: "x" } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const dir = writeFiles({ "contracts/all.yaml": CONTRACTS }, "cordon-spec-live-");
    const live = await startLiveCheck(["--contracts", "contracts", "--format", "json", "--until-idle", "0"], dir);
    expect((await post(`${live.url}/v1/traces`, Buffer.from(snake), { "content-type": "application/json" })).status).toBe(200);
    const exit = await live.stop();
    const output = JSON.parse(exit.stdout) as LiveJson & { receiver: { spans: number } };
    expect(output.receiver.spans).toBe(1);
    expect(output.findings.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual([
      "live/undeclared-field checkout/span:checkout.place_order/order.note",
      "live/wrong-type checkout/span:checkout.place_order/order.id",
    ]);
    expect(exit.code).toBe(1);
  });
});

describe("live-check --sink (SPEC §6 live/leak)", () => {
  // personal (email detector) may be raw only in the EU; vendor-apm stands in the US.
  const contracts = CONTRACTS.replace(
    "  - { name: internal, level: 1 }",
    "  - { name: internal, level: 1 }\n  - { name: personal, level: 2, redaction: hash, detectors: [email] }",
  )
    .replace("  eu-west-1: { jurisdiction: EU }\nrules: []", "  eu-west-1: { jurisdiction: EU }\n  us-east-1: { jurisdiction: US }\nrules:\n  - { class: personal, allowed_in: [EU] }")
    .replace(
      "---\napiVersion: cordon/v1\nkind: Service",
      "---\napiVersion: cordon/v1\nkind: Sink\nname: vendor-apm\nregion: us-east-1\nendpoint: https://otlp.us.vendor.example\nsignals: [traces]\n---\napiVersion: cordon/v1\nkind: Service",
    );
  const fromUnknownService = CLEAN_SPAN.replace('"stringValue":"checkout"', '"stringValue":"chekout"').replace('"stringValue":"o-1"', '"stringValue":"jane.doe@example.com"');

  it("a string in which a detector of a class not allowed raw at the sink fires is a leak, whichever service.name sent it", async () => {
    expect(fromUnknownService).toContain("chekout");
    const dir = writeFiles({ "contracts/all.yaml": contracts }, "cordon-spec-live-");
    const live = await startLiveCheck(["--contracts", "contracts", "--format", "json", "--until-idle", "0", "--sink", "vendor-apm"], dir);
    expect((await post(`${live.url}/v1/traces`, Buffer.from(fromUnknownService), { "content-type": "application/json" })).status).toBe(200);
    const exit = await live.stop();
    const findings = (JSON.parse(exit.stdout) as LiveJson).findings.map((f) => `${f.rule} ${f.subject}`).sort();
    expect(findings).toEqual(["live/leak chekout/span:checkout.place_order/order.id", "live/unknown-service chekout"]);
    expect(exit.stdout).not.toContain("jane.doe");
    expect(exit.code).toBe(1);
  });

  it("at a sink where the class may go raw, it is no leak", async () => {
    const dir = writeFiles({ "contracts/all.yaml": contracts }, "cordon-spec-live-");
    const live = await startLiveCheck(["--contracts", "contracts", "--format", "json", "--until-idle", "0", "--sink", "eu-collector"], dir);
    await post(`${live.url}/v1/traces`, Buffer.from(fromUnknownService), { "content-type": "application/json" });
    const exit = await live.stop();
    expect((JSON.parse(exit.stdout) as LiveJson).findings.map((f) => f.rule)).toEqual(["live/unknown-service"]);
    expect(exit.code).toBe(0);
  });
});

describe("live-check usage errors (SPEC §2: exit 2)", () => {
  it("--out inside the contracts folder is refused before listening, not after the session", () => {
    const dir = writeFiles({ "contracts/all.yaml": CONTRACTS }, "cordon-spec-live-");
    const run = cordon(["live-check", "--contracts", "contracts", "--listen", "127.0.0.1:0", "--max-time", "5", "--out", "contracts/live.json"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("inside the contracts folder");
    expect(run.stderr).not.toContain("listening");
  });

  it.each([
    ["a folder", "out", "it is a folder"],
    ["under a file", "notes.txt/live.json", "a part of the path is a file"],
  ])("--out that cannot be written (%s) is refused before listening", (_what, out, reason) => {
    const dir = writeFiles({ "contracts/all.yaml": CONTRACTS, "out/keep.txt": "x", "notes.txt": "x" }, "cordon-spec-live-");
    const run = cordon(["live-check", "--contracts", "contracts", "--listen", "127.0.0.1:0", "--max-time", "5", "--out", out], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(reason);
    expect(run.stderr).not.toContain("listening");
  });
});
