/**
 * Random contract sets for the equivalence test, built directly as the resolved model
 * (contracts/model.ts): three classes with random actions, raw_in_telemetry and pattern
 * detectors; residency rules over two jurisdictions; sinks in random regions with random
 * signals; one service (and a bystander service, so routing by service.name is exercised).
 */
import fc from "fast-check";
import type { AttributeValue } from "@opentelemetry/api";
import type {
  AttributeType,
  ContractSet,
  DataClass,
  Detector,
  Field,
  NodeRef,
  RedactionAction,
  Region,
  ResidencyRule,
  Service,
  Sink,
  Signal,
} from "../../contracts/model.js";

const REF: NodeRef = { file: "/random/contracts.yaml", doc: 0, path: [] };

export const KEYS = ["user.id", "user.email", "order.id", "http.route", "a", "b.c-d", "card_no"] as const;
export const SPANS = ["sp0", "sp1"] as const;
export const EVENTS = ["ev0", "ev1"] as const;
export const METRICS = ["m0", "m1"] as const;
export const SERVICE = "svc";

/** Patterns in the common subset of JavaScript (u) and RE2 syntax and semantics. */
export const PATTERNS = ["cus_[A-Za-z0-9]{4}", "[0-9]{3}-[0-9]{2}", "secret", "x+y", "^abc", "end$", "[éü]{2}"] as const;
/** Values that hit the patterns above, to mix into random strings. */
export const HITS = ["cus_Ab12", "123-45", "top secret", "xxxy", "abcdef", "the end", "éü", "cus_abcd and 999-00"] as const;

const actionArb: fc.Arbitrary<RedactionAction> = fc.oneof(
  fc.constant<RedactionAction>({ kind: "keep" }),
  fc.constant<RedactionAction>({ kind: "drop" }),
  fc.constant<RedactionAction>({ kind: "hash" }),
  fc.string({ maxLength: 8 }).map((w): RedactionAction => ({ kind: "replace", with: w })),
  fc.nat(12).map((n): RedactionAction => ({ kind: "mask", keepLast: n })),
  fc.nat(12).map((n): RedactionAction => ({ kind: "truncate", length: n })),
);

const TYPES: readonly AttributeType[] = ["string", "string", "string", "string", "string", "int", "double", "boolean", "string[]", "int[]"];

const regions: Region[] = [
  { id: "eu-1", jurisdiction: "EU", ref: REF },
  { id: "eu-2", jurisdiction: "EU", ref: REF },
  { id: "us-1", jurisdiction: "US", ref: REF },
];

const classArb = (name: string): fc.Arbitrary<DataClass> =>
  fc
    .record({
      redaction: actionArb,
      rawInTelemetry: fc.boolean(),
      detectors: fc.oneof(
        { weight: 2, arbitrary: fc.constant<string[]>([]) },
        { weight: 1, arbitrary: fc.subarray<string>([...PATTERNS], { minLength: 1, maxLength: 2 }) },
      ),
    })
    .map(({ redaction, rawInTelemetry, detectors }) => ({
      name,
      level: 0,
      redaction,
      rawInTelemetry,
      detectors: detectors.map((pattern): Detector => ({ kind: "pattern", pattern })),
      ref: REF,
    }));

const fieldArb: fc.Arbitrary<Field> = fc
  .record({
    key: fc.constantFrom(...KEYS),
    class: fc.constantFrom("c0", "c1", "c2"),
    type: fc.constantFrom(...TYPES),
    redaction: fc.option(actionArb, { nil: undefined }),
  })
  .map((f) => ({ ...f, required: false, ref: REF }));

const fieldsArb = fc.array(fieldArb, { maxLength: 5 });

const PLACES_IN = ["EU", "US", "eu-1", "us-1", "*"];

const ruleArb = (className: string): fc.Arbitrary<ResidencyRule[]> =>
  fc.option(fc.subarray(PLACES_IN, { minLength: 1 }), { nil: undefined }).map((allowedIn) =>
    allowedIn ? [{ class: className, allowedIn, redactedAllowedIn: ["*"], ref: REF }] : [],
  );

const sinkArb = (name: string): fc.Arbitrary<Sink> =>
  fc
    .record({ region: fc.constantFrom(...regions), signals: fc.subarray<Signal>(["traces", "logs", "metrics"], { minLength: 1 }) })
    .map(({ region, signals }) => ({
      name,
      region: region.id,
      jurisdiction: region.jurisdiction,
      endpoint: { raw: `https://${name}.example:4318`, scheme: "https", host: `${name}.example`, port: 4318, path: "" },
      signals,
      ref: REF,
    }));

function service(name: string, region: Region, sinks: string[], undeclared: "drop" | "keep", t: TelemetryParts): Service {
  return {
    name,
    tier: "t0",
    region: region.id,
    jurisdiction: region.jurisdiction,
    source: [],
    deployment: { regions: [region.id], strategy: "none", replication: { mode: "none" } },
    stores: [],
    dependencies: [],
    telemetry: {
      sinks,
      undeclared,
      uses: [],
      resource: t.resource,
      spans: t.spans.map((s, i) => ({
        name: SPANS[i]!,
        attributes: s,
        events: i === 0 ? t.events.map((e, j) => ({ name: EVENTS[j]!, attributes: e, ref: REF })) : [],
        ref: REF,
      })),
      logs: { attributes: t.logs },
      metrics: t.metrics.map((m, i) => ({ name: METRICS[i]!, instrument: "counter", attributes: m, ref: REF })),
    },
    ref: REF,
  };
}

interface TelemetryParts {
  resource: Field[];
  spans: Field[][];
  events: Field[][];
  logs: Field[];
  metrics: Field[][];
}

const telemetryArb: fc.Arbitrary<TelemetryParts> = fc.record({
  resource: fieldsArb,
  spans: fc.array(fieldsArb, { minLength: 1, maxLength: 2 }),
  events: fc.array(fieldsArb, { maxLength: 2 }),
  logs: fieldsArb,
  metrics: fc.array(fieldsArb, { maxLength: 2 }),
});

export const contractSetArb: fc.Arbitrary<ContractSet> = fc
  .record({
    classes: fc.tuple(classArb("c0"), classArb("c1"), classArb("c2")),
    rules: fc.tuple(ruleArb("c0"), ruleArb("c1"), ruleArb("c2")),
    residencyDefault: fc.constantFrom<"deny" | "allow">("deny", "allow"),
    sinks: fc.tuple(sinkArb("s0"), sinkArb("s1"), sinkArb("s2")),
    serviceSinks: fc.subarray(["s0", "s1", "s2"], { minLength: 1 }),
    home: fc.constantFrom(...regions),
    undeclared: fc.constantFrom<"drop" | "keep">("drop", "keep"),
    telemetry: telemetryArb,
  })
  .map((r) => {
    const services = new Map<string, Service>([
      [SERVICE, service(SERVICE, r.home, r.serviceSinks, r.undeclared, r.telemetry)],
      ["bystander", service("bystander", regions[2]!, ["s0"], "keep", { resource: [], spans: [[]], events: [], logs: [], metrics: [] })],
    ]);
    const set: ContractSet = {
      locate: () => undefined,
      root: "/random/contracts",
      digest: `sha256:${"0".repeat(64)}`,
      files: [],
      classes: new Map(r.classes.map((c) => [c.name, c])),
      regions: new Map(regions.map((g) => [g.id, g])),
      residency: { rules: r.rules.flat(), default: r.residencyDefault },
      tiers: [],
      tiersByName: new Map(),
      assumptions: {
        strategyRto: { "active-active": 60, "warm-standby": 900, "pilot-light": 3600, "backup-restore": 86400, none: null },
        overridden: {},
      },
      sinks: new Map(r.sinks.map((s) => [s.name, s])),
      services,
      fieldSets: new Map(),
      waivers: [],
    };
    return set;
  });

// ---- records -----------------------------------------------------------------------------------

const stringArb = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom(...HITS),
  fc.tuple(fc.string({ maxLength: 4 }), fc.constantFrom(...HITS), fc.string({ maxLength: 4 })).map(([a, h, b]) => a + h + b),
);

export const valueArb: fc.Arbitrary<AttributeValue> = fc.oneof(
  { weight: 10, arbitrary: stringArb },
  { weight: 2, arbitrary: fc.maxSafeInteger() },
  { weight: 2, arbitrary: fc.double().filter((d) => !Number.isInteger(d)) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.array(stringArb, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.integer(), fc.boolean()), { maxLength: 3 }) },
) as fc.Arbitrary<AttributeValue>; // mixed lists: what an untyped caller can hand the SDK

export const attributesArb = fc.dictionary(fc.constantFrom(...KEYS, "zz.extra"), valueArb, { maxKeys: 6 });

export type RecordKind =
  | { kind: "span"; name: string }
  | { kind: "event"; span: string; event: string }
  | { kind: "log" }
  | { kind: "metric"; name: string };

export const recordKindArb: fc.Arbitrary<RecordKind> = fc.oneof(
  fc.constantFrom(...SPANS, "undeclared-span").map((name): RecordKind => ({ kind: "span", name })),
  fc
    .tuple(fc.constantFrom(...SPANS, "undeclared-span"), fc.constantFrom(...EVENTS, "undeclared-event"))
    .map(([span, event]): RecordKind => ({ kind: "event", span, event })),
  fc.constant<RecordKind>({ kind: "log" }),
  fc.constantFrom(...METRICS, "undeclared-metric").map((name): RecordKind => ({ kind: "metric", name })),
);

export const recordArb = fc.record({
  kind: recordKindArb,
  attributes: attributesArb,
  resource: attributesArb,
  service: fc.constantFrom(SERVICE, SERVICE, SERVICE, "bystander", "stranger"),
});
