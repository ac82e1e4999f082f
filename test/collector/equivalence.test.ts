/**
 * Equivalence of the two enforcement tiers: for random contract sets and random records, the
 * Collector configuration (`cordon build --target collector`, run by the interpreter in
 * ./ottl-interpreter.ts) sends each sink the same attributes as the generated TypeScript
 * module with the runtime (`cordon build --target ts` + `cordon/runtime`).
 *
 * "The same" is exact, with two documented normalisations (docs/collector.md):
 * - hashes are compared by what was hashed: the Collector's `keyed-sha256:` (OTTL has no HMAC)
 *   is mapped, through the digest's pre-image, to the runtime's `hmac-sha256:` of that text;
 * - where the Collector cannot reproduce the runtime with stable OTTL functions it drops the
 *   attribute (fail closed), and only there: a list value that is redacted or scanned by
 *   detectors; an undeclared key under `undeclared: keep` at a sink with detectors; a
 *   non-finite double under hash/mask/truncate. Any other difference fails the test.
 *
 * Detectors here are user patterns (exact in both tiers); the built-in detectors are regular
 * approximations in the Collector, checked to be supersets in ./detectors.test.ts.
 */
import { rm } from "node:fs/promises";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Attributes } from "@opentelemetry/api";
import type { ContractSet } from "../../contracts/model.js";
import { sinkView, type SinkView } from "../../compiler/flows.js";
import { COLLECTOR_HASH_PREFIX, HASH_KEY_ENV, collectorYaml } from "../../compiler/collector/index.js";
import { createHasher } from "../../runtime/index.js";
import { CollectorSim, type SimRecord } from "./collector-sim.js";
import { SERVICE, contractSetArb, recordArb, type RecordKind } from "./random-set.js";
import { loadPlan, runtimeRedact, signalOf, tempDir } from "./runtime-plan.js";

const HASH_KEY = "k3y-0123456789abcdef";
const SETS = 100;
const RECORDS_PER_SET = 150;

function simRecord(kind: RecordKind, attributes: Attributes): SimRecord {
  switch (kind.kind) {
    case "span":
      return { context: "span", fields: new Map([["name", kind.name]]), attributes };
    case "event":
      return { context: "spanevent", fields: new Map([["name", kind.event], ["span.name", kind.span]]), attributes };
    case "log":
      return { context: "log", fields: new Map(), attributes };
    case "metric":
      return { context: "datapoint", fields: new Map([["metric.name", kind.name]]), attributes };
  }
}

/** The declared fields of the record's place at one sink, first declaration of a key first. */
function placeFields(view: SinkView, kind: RecordKind | "resource"): Map<string, SinkView["fields"][number]> {
  const fields = view.fields.filter((f) => {
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
  const byKey = new Map<string, SinkView["fields"][number]>();
  for (const f of fields) if (!byKey.has(f.field.key)) byKey.set(f.field.key, f);
  return byKey;
}

type Deviation = "list" | "undeclared-scanned" | "non-finite";

/** Why the Collector may drop this attribute where the runtime forwards it, if it may. */
function allowedDrop(view: SinkView, kind: RecordKind | "resource", key: string, input: unknown): Deviation | undefined {
  const site = placeFields(view, kind).get(key);
  const scanned = view.detectors.length > 0;
  if (!site) return view.undeclared === "keep" && scanned ? "undeclared-scanned" : undefined;
  const action = site.action.kind;
  if (Array.isArray(input) && (action !== "keep" || scanned)) return "list";
  if (typeof input === "number" && !Number.isFinite(input) && (action === "hash" || action === "mask" || action === "truncate")) return "non-finite";
  return undefined;
}

/** The Collector's keyed hash, rewritten as the runtime's HMAC of the same text. */
function normaliseHash(value: unknown, sim: CollectorSim, hmac: (s: string) => string): unknown {
  if (typeof value !== "string" || !value.startsWith(COLLECTOR_HASH_PREFIX)) return value;
  const preimage = sim.hashes.preimages.get(value.slice(COLLECTOR_HASH_PREFIX.length));
  if (preimage === undefined || !preimage.startsWith(HASH_KEY)) return value;
  return hmac(preimage.slice(HASH_KEY.length));
}

interface Tally {
  records: number;
  compared: number;
  deviations: Map<Deviation, number>;
  hashed: number;
  /** Equal, and different from the input: a redaction both tiers made. */
  redacted: number;
}

function compare(
  where: string,
  runtime: Attributes,
  collector: Attributes,
  input: Attributes,
  view: SinkView,
  kind: RecordKind | "resource",
  sim: CollectorSim,
  tally: Tally,
): void {
  const hmac = createHasher(HASH_KEY);
  const keys = new Set([...Object.keys(runtime), ...Object.keys(collector)]);
  for (const key of keys) {
    const r = runtime[key];
    const c = normaliseHash(collector[key], sim, (s) => hmac.hash(s));
    tally.compared++;
    if (typeof r === "string" && r.startsWith("hmac-sha256:")) tally.hashed++;
    if (isDeepStrictEqual(r, c)) {
      if (r !== undefined && !isDeepStrictEqual(r, input[key])) tally.redacted++;
      continue;
    }
    const deviation = c === undefined && r !== undefined ? allowedDrop(view, kind, key, input[key]) : undefined;
    if (deviation) {
      tally.deviations.set(deviation, (tally.deviations.get(deviation) ?? 0) + 1);
      continue;
    }
    expect.fail(
      `${where} ${key}: runtime ${JSON.stringify(r)} ≠ collector ${JSON.stringify(collector[key])} (input ${JSON.stringify(input[key])})`,
    );
  }
}

describe("collector configuration ≡ TypeScript runtime, per sink", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it(`gives the same attributes for ${SETS * RECORDS_PER_SET} random records over ${SETS} random contract sets`, async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const tally: Tally = { records: 0, compared: 0, deviations: new Map(), hashed: 0, redacted: 0 };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(contractSetArb, fc.array(recordArb, { minLength: RECORDS_PER_SET, maxLength: RECORDS_PER_SET }), async (set: ContractSet, records) => {
        const plan = await loadPlan(set, SERVICE, dir, n++);
        const sim = new CollectorSim(collectorYaml(set), new Map([[HASH_KEY_ENV, HASH_KEY]]));
        const service = set.services.get(SERVICE)!;
        for (const record of records) {
          tally.records++;
          const resource: Attributes = { ...record.resource, "service.name": record.service };
          const collector = sim.run(signalOf(record.kind), resource, simRecord(record.kind, record.attributes));
          if (record.service !== SERVICE) {
            // another service's records go to its own sinks only; an unknown service's nowhere
            if (record.service === "stranger") expect(collector.size).toBe(0);
            else expect([...collector.keys()].every((sink) => sink === "s0")).toBe(true);
            continue;
          }
          const runtime = runtimeRedact(plan, HASH_KEY, record.kind, resource, record.attributes);
          expect([...collector.keys()].sort()).toEqual([...runtime.keys()].sort());
          for (const [sink, r] of runtime) {
            const c = collector.get(sink)!;
            const view = sinkView(set, service, sink);
            compare(`${sink} resource`, r.resource, c.resource, resource, view, "resource", sim, tally);
            compare(`${sink} ${JSON.stringify(record.kind)}`, r.attributes, c.attributes, record.attributes, view, record.kind, sim, tally);
          }
        }
      }),
      { numRuns: SETS, endOnFailure: true },
    );
    expect(tally.records).toBeGreaterThanOrEqual(10_000);
    // the comparison must have exercised the interesting paths, not only empty maps
    expect(tally.compared).toBeGreaterThan(10_000);
    expect(tally.hashed).toBeGreaterThan(100);
    expect(tally.redacted).toBeGreaterThan(400);
    console.log(`equivalence: ${tally.records} records, ${tally.compared} attribute comparisons, ${tally.hashed} hashed, ${tally.redacted} redacted alike; fail-closed drops:`, Object.fromEntries(tally.deviations));
  }, 300_000);
});
