/**
 * Robustness of live-check's receiver (in process, one receiver for the whole property): real
 * OTLP/JSON requests of the shop's checkout (spans, logs, metrics) with random edits — a value
 * retyped (null, numbers past 2^53, huge strings, deep arrays, `__proto__` keys), a subtree
 * swapped for another, the body truncated at a random byte or bytes inserted — and random
 * protobuf bytes. test/live/hostile.test.ts holds the hand-made attacks (bombs, slowloris);
 * this adds volume.
 *
 * Oracles: every request is answered as a Collector answers (200, 400, 413 or 415; never 5xx,
 * never a dropped connection); afterwards the receiver still takes good telemetry; the run ends
 * when stopped, and its findings, in every format, hold no crash text.
 *
 * Replay: FC_SEED=<seed> FC_PATH=<path> npx vitest run test/robustness/live.property.test.ts.
 */
import { request } from "node:http";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "../../cli/api.js";
import { loadContractSet } from "../../contracts/load.js";
import { runLiveCheck, type LiveRun } from "../../compiler/live/index.js";
import { REPO } from "../helpers/cli.js";
import { problemsOfText } from "./oracles.js";
import { replay, runs } from "./replay.js";


const resource = { attributes: [{ key: "service.name", value: { stringValue: "checkout" } }] };
const attributes = [
  { key: "user.email", value: { stringValue: "ada@example.com" } },
  { key: "order.total", value: { doubleValue: 12.5 } },
  { key: "cart.items", value: { intValue: "3" } },
  { key: "order.paid", value: { boolValue: true } },
  { key: "tags", value: { arrayValue: { values: [{ stringValue: "a" }, { intValue: "1" }] } } },
];
const BODIES: Record<string, unknown> = {
  "/v1/traces": {
    resourceSpans: [{ resource, scopeSpans: [{ scope: { name: "t" }, spans: [{ traceId: "5b8efff798038103d269b633813fc60c", spanId: "eee19b7ec3c1b174", name: "checkout.place_order", kind: 2, startTimeUnixNano: "1544712660000000000", endTimeUnixNano: "1544712661000000000", attributes, events: [{ name: "retry", attributes }] }] }] }],
  },
  "/v1/logs": { resourceLogs: [{ resource, scopeLogs: [{ scope: { name: "t" }, logRecords: [{ timeUnixNano: "1544712660300000000", severityNumber: 9, body: { stringValue: "placed" }, attributes }] }] }] },
  "/v1/metrics": {
    resourceMetrics: [{ resource, scopeMetrics: [{ scope: { name: "t" }, metrics: [{ name: "checkout.orders", sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ asInt: "1", timeUnixNano: "1544712660300000000", attributes }] } }] }] }],
  },
};
const REPLACEMENTS: readonly unknown[] = [null, 0, -1, 2 ** 64, "9007199254740993", "", "x".repeat(100_000), [], {}, true, JSON.parse('{"__proto__":{"x":1}}'), [[[[[[[[[[]]]]]]]]]], { stringValue: 7 }, { intValue: "NaN" }, { arrayValue: { values: null } }, "\u0000\u202e"];

type Edit =
  | { readonly kind: "retype"; readonly node: number; readonly to: number }
  | { readonly kind: "swap"; readonly node: number; readonly other: number }
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "insert"; readonly at: number; readonly bytes: readonly number[] }
  | { readonly kind: "deep"; readonly node: number; readonly depth: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("retype" as const), node: fc.nat({ max: 500 }), to: fc.nat({ max: REPLACEMENTS.length - 1 }) }), weight: 4 },
  fc.record({ kind: fc.constant("swap" as const), node: fc.nat({ max: 500 }), other: fc.nat({ max: 500 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat({ max: 3000 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat({ max: 3000 }), bytes: fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 6 }) }),
  fc.record({ kind: fc.constant("deep" as const), node: fc.nat({ max: 500 }), depth: fc.constantFrom(100, 5_000) }),
);

function edited(body: unknown, edits: readonly Edit[]): Buffer {
  const document = structuredClone(body) as Record<string, unknown>;
  let text: string | undefined;
  for (const edit of edits) {
    if (edit.kind === "truncate" || edit.kind === "insert") {
      const bytes = Buffer.from(text ?? JSON.stringify(document));
      const at = edit.at % (bytes.length + 1);
      text = (edit.kind === "truncate" ? bytes.subarray(0, at) : Buffer.concat([bytes.subarray(0, at), Buffer.from(edit.bytes), bytes.subarray(at)])).toString("latin1");
      continue;
    }
    if (text !== undefined) continue; // the text is no JSON tree any more
    const places: { parent: Record<string, unknown>; key: string }[] = [];
    const visit = (value: unknown) => {
      if (value === null || typeof value !== "object") return;
      for (const key of Object.keys(value)) {
        places.push({ parent: value as Record<string, unknown>, key });
        visit((value as Record<string, unknown>)[key]);
      }
    };
    visit(document);
    const place = places[edit.node % places.length]!;
    if (edit.kind === "retype") place.parent[place.key] = structuredClone(REPLACEMENTS[edit.to]);
    else if (edit.kind === "swap") {
      const other = places[edit.other % places.length]!;
      // clones first: one may hold the other
      const [mine, theirs] = [structuredClone(place.parent[place.key]), structuredClone(other.parent[other.key])];
      place.parent[place.key] = theirs;
      other.parent[other.key] = mine;
    } else place.parent[place.key] = "DEEP";
    if (edit.kind === "deep") text = JSON.stringify(document).replace('"DEEP"', "[".repeat(edit.depth) + "]".repeat(edit.depth));
  }
  return text !== undefined ? Buffer.from(text, "latin1") : Buffer.from(JSON.stringify(document));
}

/** POST; a dropped connection is an answer too (status 0), for the oracle to refuse. */
function post(url: string, body: Buffer, contentType: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: "POST", headers: { "content-type": contentType, "content-length": String(body.length) }, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", () => resolve(0));
    });
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

let url: string;
let running: Promise<LiveRun>;
const controller = new AbortController();

beforeAll(async () => {
  const loaded = await loadContractSet(join(REPO, "examples/shop/contracts"));
  let listening!: (address: string) => void;
  const address = new Promise<string>((resolve) => (listening = resolve));
  running = runLiveCheck(loaded.set!, { host: "127.0.0.1", port: 0, untilIdle: 0, asOf: "2026-12-01", sink: "vendor-apm", signal: controller.signal, onListening: listening });
  url = `http://${await address}`;
});
afterAll(() => controller.abort());

describe("robustness: live-check on edited OTLP requests", () => {
  it("answers every request as a Collector would, keeps taking good telemetry, ends with findings that print cleanly", async () => {
    const endpoints = Object.keys(BODIES);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.oneof({ arbitrary: fc.array(editArb, { minLength: 1, maxLength: 3 }).map((edits) => ({ edits })), weight: 5 }, fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ protobuf: Buffer.from(bytes) }))),
        async (endpoint, input) => {
          const status = "edits" in input ? await post(url + endpoint, edited(BODIES[endpoint], input.edits), "application/json") : await post(url + endpoint, input.protobuf, "application/x-protobuf");
          expect([200, 400, 413, 415], `${endpoint} ${JSON.stringify(input).slice(0, 400)}`).toContain(status);
        },
      ),
      { numRuns: runs(400), ...replay },
    );
    for (const endpoint of endpoints) expect(await post(url + endpoint, Buffer.from(JSON.stringify(BODIES[endpoint])), "application/json")).toBe(200);
    controller.abort();
    const run = await running;
    const problems: string[] = [];
    for (const format of ["text", "json", "sarif", "github", "markdown"] as const) problems.push(...problemsOfText(`live-check --format ${format}`, api.format(run.result, format, { cwd: REPO })));
    expect(problems).toEqual([]);
    expect(run.result.findings.some((f) => f.rule === "live/leak" || f.rule.startsWith("live/"))).toBe(true);
  }, 60_000 + runs(400) * 200);
});
