/**
 * Property test (≥ 100,000 random spans through the real SDK and a generated module): for
 * each sink, nothing that may not go raw there arrives (card numbers anywhere, e-mails at the
 * vendor, undeclared keys), every value that may go raw arrives unchanged, and every
 * redacted value is exactly its action's result. The oracle reads the sink's actions from
 * the flow table and computes redactions with its own simple definitions.
 */
import { createHmac } from "node:crypto";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttributeValue, Attributes } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { sinkView } from "../../compiler/flows.js";
import type { RedactionAction } from "../../contracts/model.js";
import { generateFixture, removeGenerated, type Generated } from "../codegen/support.js";
import { CARD_NETWORKS, cardNumber } from "../helpers/card-networks.js";

const KEY = "property-key";
const SPAN = "checkout.place_order";
const RUNS = 1_000;
const SPANS_PER_RUN = 100;

interface Planted {
  readonly text: string;
  readonly pans: readonly string[];
  readonly emails: readonly string[];
}

const word = fc.stringMatching(/^[a-z]{1,7}$/);
// body digits from two integers (cheaper to draw than 19 digits one by one)
const pan = fc.tuple(fc.constantFrom(...CARD_NETWORKS), fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.constantFrom("", " ", "-")).map(([network, p, l, x, y, sep]) => {
  const body = `${String(x).padStart(10, "0")}${String(y).padStart(10, "0")}`.split("").map(Number);
  const digits = cardNumber(network, p, l, body);
  return { text: digits.replace(/(\d{4})(?=\d)/g, `$1${sep}`), pans: [digits], emails: [] } as Planted;
});
const email = fc.tuple(word, word, fc.constantFrom("com", "org", "eu")).map(([l, d, t]) => {
  const e = `${l}@${d}.${t}`;
  return { text: e, pans: [], emails: [e] } as Planted;
});
const plain = word.map((w) => ({ text: w, pans: [], emails: [] }) as Planted);
/**
 * A few values that come back span after span (as routes, methods and user ids do), so that
 * the same value often meets a field site twice in a row: the generated code's fast path (the
 * site's last value and its remembered output) is exercised, including for values a detector
 * fires on, which must be scanned and redacted again every time.
 */
const RECURRING: readonly Planted[] = [
  { text: "GET", pans: [], emails: [] },
  { text: "4111 1111 1111 1111", pans: ["4111111111111111"], emails: [] },
  { text: "ana@shop.eu", pans: [], emails: ["ana@shop.eu"] },
  { text: "paid 4012-8888-8888-1881 for bo@x.org", pans: ["4012888888881881"], emails: ["bo@x.org"] },
];
const text: fc.Arbitrary<Planted> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...RECURRING) },
  {
    weight: 6,
    arbitrary: fc
      .array(fc.oneof({ weight: 6, arbitrary: plain }, { weight: 1, arbitrary: pan }, { weight: 1, arbitrary: email }), { minLength: 1, maxLength: 4 })
      .map((parts) => ({ text: parts.map((p) => p.text).join(" "), pans: parts.flatMap((p) => p.pans), emails: parts.flatMap((p) => p.emails) })),
  },
);

interface Value {
  readonly value: AttributeValue;
  readonly plants: Planted[];
}
const stringValue: fc.Arbitrary<Value> = text.map((t) => ({ value: t.text, plants: [t] }));
const valueOf = (type: string): fc.Arbitrary<Value> => {
  switch (type) {
    case "string":
      return fc.oneof({ weight: 9, arbitrary: stringValue }, { weight: 1, arbitrary: fc.integer().map((n) => ({ value: n, plants: [] })) });
    case "int":
      return fc.oneof(fc.integer().map((n) => ({ value: n, plants: [] })), stringValue);
    case "double":
      return fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => ({ value: n, plants: [] }));
    case "boolean":
      return fc.boolean().map((b) => ({ value: b, plants: [] }));
    default:
      return fc.array(text, { maxLength: 3 }).map((ts) => ({ value: ts.map((t) => t.text), plants: ts }));
  }
};

const UNDECLARED = ["http.url", "debug.note", "user.phone", "order.ID", "toString", "constructor", "valueOf"];

let generated: Generated;
let fieldTypes: Map<string, string>;
let eventFieldTypes: Map<string, string>;

beforeAll(async () => {
  generated = await generateFixture("basic");
  const service = generated.set.services.get("checkout")!;
  const span = service.telemetry.spans.find((s) => s.name === SPAN)!;
  fieldTypes = new Map(span.attributes.map((f) => [f.key, f.type]));
  eventFieldTypes = new Map(span.events[0]!.attributes.map((f) => [f.key, f.type]));
}, 60_000);
afterAll(() => removeGenerated(generated?.dir));

const hmac = (v: string) => `hmac-sha256:${createHmac("sha256", KEY).update(v, "utf8").digest("hex")}`;

/** The oracle's own redaction of one (ASCII) scalar. */
function redactScalar(action: RedactionAction, v: string | number | boolean): string | number | boolean {
  const s = String(v);
  switch (action.kind) {
    case "keep":
      return v;
    case "hash":
      return hmac(s);
    case "mask":
      return s.length <= action.keepLast ? s : "*".repeat(s.length - action.keepLast) + s.slice(s.length - action.keepLast);
    case "truncate":
      return s.slice(0, action.length);
    case "replace":
      return action.with;
    case "drop":
      throw new Error("unreachable");
  }
}

function typeOk(type: string, v: AttributeValue): boolean {
  if (type === "string") return typeof v === "string";
  if (type === "int") return Number.isInteger(v);
  if (type === "double") return typeof v === "number";
  if (type === "boolean") return typeof v === "boolean";
  return Array.isArray(v);
}

function stringsIn(attributes: Attributes): string[] {
  const out: string[] = [];
  for (const v of Object.values(attributes)) {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) for (const e of v) if (typeof e === "string") out.push(e);
  }
  return out;
}

interface SinkOracle {
  readonly name: string;
  readonly actions: Map<string, RedactionAction>; // span-level keys
  readonly eventActions: Map<string, RedactionAction>;
  readonly detectsEmail: boolean;
  readonly detectsPan: boolean;
}

function forbidden(oracle: SinkOracle, plants: readonly Planted[]): string[] {
  return plants.flatMap((p) => [...(oracle.detectsPan ? p.pans : []), ...(oracle.detectsEmail ? p.emails : [])]);
}

/**
 * Check one sink's copy of one span's attributes against the oracle. Plain comparisons first,
 * `expect` only on a mismatch (for its message): millions of passing `expect` calls were most
 * of this file's CPU time.
 */
function checkAttributes(
  oracle: SinkOracle,
  actions: Map<string, RedactionAction> | undefined,
  types: Map<string, string> | undefined,
  input: Map<string, Value>,
  output: Attributes,
): void {
  const allForbidden = [...input.values()].flatMap((v) => forbidden(oracle, v.plants));
  for (const s of stringsIn(output)) {
    const digits = s.replace(/[ -]/g, "");
    for (const secret of allForbidden) {
      const leaked = s.includes(secret) || (/^\d+$/.test(secret) && digits.includes(secret));
      if (leaked) expect(leaked, `${oracle.name} leaked ${secret}`).toBe(false);
    }
  }
  for (const key of Object.keys(output)) if (!input.has(key)) expect(input.has(key), `${oracle.name}: unexpected key ${key}`).toBe(true);
  for (const [key, { value, plants }] of input) {
    const action = actions?.get(key);
    const present = Object.prototype.hasOwnProperty.call(output, key);
    if (action === undefined || action.kind === "drop" || !typeOk(types!.get(key)!, value)) {
      if (present) expect(present, `${oracle.name}: ${key} must be dropped`).toBe(false);
      continue;
    }
    const tainted = forbidden(oracle, plants).length > 0;
    if (action.kind === "keep") {
      if (!tainted && !isDeepStrictEqual(output[key], value)) expect(output[key], `${oracle.name}: ${key} may go raw`).toEqual(value);
      continue;
    }
    const expected = Array.isArray(value) ? value.map((e) => redactScalar(action, e as string)) : redactScalar(action, value as string | number | boolean);
    if (!isDeepStrictEqual(output[key], expected)) expect(output[key], `${oracle.name}: ${key} ${action.kind}`).toEqual(expected);
  }
}

describe("per-sink redaction (property)", () => {
  it(`holds for ${RUNS * SPANS_PER_RUN} random spans`, async () => {
    const mod = await import(join(generated.dir, "checkout.src.ts"));
    const service = generated.set.services.get("checkout")!;
    const exporters = new Map([
      ["eu-collector", new InMemorySpanExporter()],
      ["vendor-apm", new InMemorySpanExporter()],
    ]);
    const oracles: SinkOracle[] = [...exporters.keys()].map((name) => {
      const view = sinkView(generated.set, service, name);
      const at = (where: string) => new Map(view.fields.filter((f) => f.where === where).map((f) => [f.field.key, f.action] as const));
      return {
        name,
        actions: at(`span:${SPAN}`),
        eventActions: at(`span:${SPAN}/event:payment.declined`),
        detectsEmail: view.detectors.some((d) => d.detector.kind === "email"),
        detectsPan: view.detectors.some((d) => d.detector.kind === "pan"),
      };
    });
    expect(oracles.map((o) => [o.detectsPan, o.detectsEmail])).toEqual([[true, false], [true, true]]);

    const telemetry = mod.createTelemetry({
      hashKey: KEY,
      exporters: { traces: Object.fromEntries(exporters) },
      assertRegion: { "eu-collector": "eu-west-1", "vendor-apm": "us-east-1" },
      spanBatch: { maxQueueSize: 4096, maxExportBatchSize: 512, scheduledDelayMillis: 60_000 },
    });
    const provider = new BasicTracerProvider({ spanProcessors: telemetry.spanProcessors });
    const tracer = provider.getTracer("property");

    const keys = [...fieldTypes.keys()];
    const attributesArb = (types: Map<string, string>) =>
      fc
        .tuple(
          fc.subarray([...types.keys()]).chain((declared) => fc.tuple(...declared.map((k) => valueOf(types.get(k)!).map((v) => [k, v] as const)))),
          fc.subarray(UNDECLARED).chain((undeclared) => fc.tuple(...undeclared.map((k) => stringValue.map((v) => [k, v] as const)))),
        )
        .map(([a, b]) => new Map<string, Value>([...a, ...b]));
    const spanArb = fc.record({
      name: fc.constantFrom(SPAN, SPAN, SPAN, "other.operation"),
      attributes: attributesArb(fieldTypes),
      event: fc.option(attributesArb(eventFieldTypes), { freq: 3 }),
    });
    expect(keys.length).toBeGreaterThan(5);

    let total = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(spanArb, { minLength: SPANS_PER_RUN, maxLength: SPANS_PER_RUN }), async (spans) => {
        const byId = new Map<string, (typeof spans)[number]>();
        for (const s of spans) {
          const attributes: Attributes = {};
          for (const [k, v] of s.attributes) attributes[k] = v.value;
          const span = tracer.startSpan(s.name, { attributes });
          if (s.event) {
            const eventAttributes: Attributes = {};
            for (const [k, v] of s.event) eventAttributes[k] = v.value;
            span.addEvent("payment.declined", eventAttributes);
          }
          span.end();
          byId.set(span.spanContext().spanId, s);
        }
        await telemetry.forceFlush();
        for (const oracle of oracles) {
          const exporter = exporters.get(oracle.name)!;
          const received: ReadableSpan[] = exporter.getFinishedSpans();
          expect(received).toHaveLength(spans.length);
          for (const copy of received) {
            const input = byId.get(copy.spanContext().spanId)!;
            const declared = input.name === SPAN;
            checkAttributes(oracle, declared ? oracle.actions : undefined, fieldTypes, input.attributes, copy.attributes);
            if (input.event) {
              checkAttributes(oracle, declared ? oracle.eventActions : undefined, eventFieldTypes, input.event, copy.events[0]!.attributes ?? {});
            }
          }
          exporter.reset();
        }
        total += spans.length;
      }),
      { numRuns: RUNS },
    );
    expect(total).toBeGreaterThanOrEqual(100_000);
    await telemetry.shutdown();
  }, 600_000); // a hang guard for a loaded machine: the work (100,000 spans) is what is bounded, not the time
});
