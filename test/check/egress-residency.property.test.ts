/**
 * Random contract sets, checked by cordon and by a brute-force oracle written here from
 * SPEC §1.2/§1.3 alone (it shares no code with compiler/): the egress/* and residency/*
 * findings (rule + subject) must be the same.
 */
import fc from "fast-check";
import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { checkContractSet } from "../../compiler/check.js";
import { loadValid, writeFiles } from "../helpers/contract-files.js";

const REGIONS: Record<string, string> = { "eu-1": "EU", "eu-2": "EU", "us-1": "US", "ap-1": "APAC" };
const REGION_IDS = Object.keys(REGIONS);
const JURISDICTIONS = ["EU", "US", "APAC"];
const CLASSES = ["c0", "c1", "c2", "c3"];
const SIGNALS = ["traces", "logs", "metrics"] as const;

type Action = "keep" | "drop" | "hash" | { mask: { keep_last: number } } | { truncate: { length: number } } | { replace: { with: string } };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.constantFrom<Action>("keep", "drop", "hash"),
  fc.integer({ min: 0, max: 6 }).map((n) => ({ mask: { keep_last: n } })),
  fc.integer({ min: 1, max: 8 }).map((n) => ({ truncate: { length: n } })),
  fc.constant({ replace: { with: "<redacted>" } }),
);

const placeArb = fc.oneof(
  fc.constant("*"),
  fc.constantFrom(...JURISDICTIONS),
  fc.constantFrom(...REGION_IDS),
);
const placesArb = fc.uniqueArray(placeArb, { minLength: 1, maxLength: 3 });

const classArb = fc.record({
  redaction: fc.option(actionArb, { nil: undefined }),
  raw_in_telemetry: fc.option(fc.boolean(), { nil: undefined }),
});

const ruleArb = (cls: string) =>
  fc.record({
    class: fc.constant(cls),
    from: fc.option(fc.uniqueArray(fc.constantFrom(...JURISDICTIONS), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    allowed_in: placesArb,
    redacted_allowed_in: fc.option(placesArb, { nil: undefined }),
  });

const fieldArb = fc.record({
  class: fc.constantFrom(...CLASSES),
  redaction: fc.option(actionArb, { nil: undefined }),
});
const fieldsArb = fc.dictionary(fc.constantFrom("a.one", "a.two", "b.three", "user.email", "k"), fieldArb, { maxKeys: 3 });

const sinkArb = fc.record({
  region: fc.constantFrom(...REGION_IDS),
  signals: fc.uniqueArray(fc.constantFrom(...SIGNALS), { minLength: 1, maxLength: 3 }),
});

const serviceArb = fc.record({
  region: fc.constantFrom(...REGION_IDS),
  sinks: fc.uniqueArray(fc.constantFrom("s0", "s1", "s2"), { maxLength: 3 }),
  span: fieldsArb,
  event: fieldsArb,
  logs: fieldsArb,
  metric: fieldsArb,
  resource: fieldsArb,
  stores: fc.array(
    fc.record({
      regions: fc.uniqueArray(fc.constantFrom(...REGION_IDS), { minLength: 1, maxLength: 3 }),
      classes: fc.uniqueArray(fc.constantFrom(...CLASSES), { minLength: 1, maxLength: 3 }),
    }),
    { maxLength: 2 },
  ),
  deployRegions: fc.uniqueArray(fc.constantFrom(...REGION_IDS), { minLength: 1, maxLength: 3 }),
  backupRegions: fc.option(fc.uniqueArray(fc.constantFrom(...REGION_IDS), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  sends: fc.uniqueArray(fc.constantFrom(...CLASSES), { maxLength: 3 }),
});

const orgArb = fc.record({
  classes: fc.tuple(classArb, classArb, classArb, classArb),
  // per class: at most one rule without `from` and at most one with a `from` (no conflicts)
  rules: fc.tuple(...CLASSES.map((c) => fc.tuple(fc.option(ruleArb(c), { nil: undefined }), fc.option(ruleArb(c), { nil: undefined })))),
  default: fc.constantFrom("deny", "allow"),
  sinks: fc.tuple(sinkArb, sinkArb, sinkArb),
  services: fc.array(serviceArb, { minLength: 1, maxLength: 3 }),
});

type Org = typeof orgArb extends fc.Arbitrary<infer T> ? T : never;

interface RuleDoc {
  class: string;
  from?: string[];
  allowed_in: string[];
  redacted_allowed_in?: string[];
}

function residencyRules(org: Org): RuleDoc[] {
  const rules: RuleDoc[] = [];
  for (const [withoutFrom, withFrom] of org.rules) {
    if (withoutFrom) rules.push({ ...withoutFrom, from: undefined } as RuleDoc);
    if (withFrom && withFrom.from) rules.push(withFrom as RuleDoc);
  }
  return rules.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as RuleDoc);
}

function toFiles(org: Org): Record<string, string> {
  const doc = (kind: string, body: object) => stringify({ apiVersion: "cordon/v1", kind, ...body });
  const files: Record<string, string> = {};
  files["classes.yaml"] = doc("DataClasses", {
    classes: org.classes.map((c, i) => ({
      name: CLASSES[i],
      level: i,
      ...(c.redaction !== undefined ? { redaction: c.redaction } : {}),
      ...(c.raw_in_telemetry !== undefined ? { raw_in_telemetry: c.raw_in_telemetry } : {}),
    })),
  });
  files["residency.yaml"] = doc("Residency", {
    regions: Object.fromEntries(REGION_IDS.map((r) => [r, { jurisdiction: REGIONS[r] }])),
    rules: residencyRules(org),
    default: org.default,
  });
  files["tiers.yaml"] = doc("Tiers", { tiers: [{ name: "t", rto: "30d", rpo: "30d" }] });
  files["sinks.yaml"] = org.sinks
    .map((s, i) => doc("Sink", { name: `s${i}`, region: s.region, endpoint: `https://sink${i}.example:4318`, signals: s.signals }))
    .join("---\n");
  const fields = (f: Record<string, { class: string; redaction?: Action }>) =>
    Object.fromEntries(
      Object.entries(f).map(([k, v]) => [k, { class: v.class, type: "string", ...(v.redaction !== undefined ? { redaction: v.redaction } : {}) }]),
    );
  org.services.forEach((s, i) => {
    files[`svc${i}.yaml`] = doc("Service", {
      name: `svc${i}`,
      tier: "t",
      region: s.region,
      deployment: {
        regions: [...new Set([s.region, ...s.deployRegions])],
        strategy: "backup-restore",
        replication: { mode: "none" },
        ...(s.backupRegions ? { backup: { interval: "1h", regions: s.backupRegions } } : { backup: { interval: "1h", regions: [s.region] } }),
      },
      stores: s.stores.map((st, j) => ({ name: `svc${i}-store${j}`, kind: "database", regions: st.regions, classes: st.classes })),
      dependencies: i > 0 ? [{ service: `svc${i - 1}`, hard: false, sends: s.sends }] : [],
      telemetry: {
        sinks: s.sinks,
        resource: fields(s.resource),
        spans: [{ name: "op", attributes: fields(s.span), events: [{ name: "ev", attributes: fields(s.event) }] }],
        logs: { attributes: fields(s.logs) },
        metrics: [{ name: "m", instrument: "counter", attributes: fields(s.metric) }],
      },
    });
  });
  return files;
}

// ---- the oracle: SPEC §1.2/§1.3 by brute force -------------------------------------------

const STRICT = ["keep", "truncate", "mask", "hash", "replace", "drop"];
const kindOf = (a: Action) => (typeof a === "string" ? a : Object.keys(a)[0]!);
function weaker(override: Action, base: Action): boolean {
  const [o, b] = [kindOf(override), kindOf(base)];
  if (o !== b) return STRICT.indexOf(o) < STRICT.indexOf(b);
  if (typeof override === "object" && "mask" in override && typeof base === "object" && "mask" in base) return override.mask.keep_last > base.mask.keep_last;
  if (typeof override === "object" && "truncate" in override && typeof base === "object" && "truncate" in base) return override.truncate.length > base.truncate.length;
  return false;
}

function oracle(org: Org): string[] {
  const out: string[] = [];
  const rules = residencyRules(org);
  const ruleFor = (cls: string, origin: string): RuleDoc | undefined =>
    rules.find((r) => r.class === cls && r.from?.includes(origin)) ?? rules.find((r) => r.class === cls && r.from === undefined);
  const admits = (list: string[], region: string) => list.includes("*") || list.includes(region) || list.includes(REGIONS[region]!);
  const rawOk = (cls: string, origin: string, region: string) => {
    const rule = ruleFor(cls, origin);
    const list = rule ? rule.allowed_in : org.default === "allow" ? ["*"] : [origin];
    return admits(list, region);
  };
  const redactedOk = (cls: string, origin: string, region: string) => admits(ruleFor(cls, origin)?.redacted_allowed_in ?? ["*"], region);
  const classOf = (cls: string) => org.classes[CLASSES.indexOf(cls)]!;

  org.services.forEach((s, i) => {
    const name = `svc${i}`;
    const origin = REGIONS[s.region]!;
    const sites: [string, string, Record<string, { class: string; redaction?: Action }>][] = [
      ["resource", "resource", s.resource],
      ["traces", "span:op", s.span],
      ["traces", "span:op/event:ev", s.event],
      ["logs", "log", s.logs],
      ["metrics", "metric:m", s.metric],
    ];
    for (const [signal, where, fields] of sites) {
      for (const [key, field] of Object.entries(fields)) {
        for (const sinkName of s.sinks) {
          const sink = org.sinks[Number(sinkName.slice(1))]!;
          if (signal !== "resource" && !sink.signals.includes(signal as (typeof SIGNALS)[number])) continue;
          const cls = classOf(field.class);
          if (cls.raw_in_telemetry !== false && rawOk(field.class, origin, sink.region)) continue;
          const classAction: Action = cls.redaction ?? "drop";
          const action = field.redaction ?? classAction;
          const subject = `${name}/${where}/${key} -> ${sinkName}`;
          if (action === "keep") out.push(`egress/raw-export ${subject}`);
          if (action !== "keep" && action !== "drop" && !redactedOk(field.class, origin, sink.region)) out.push(`egress/forbidden-sink ${subject}`);
          if (field.redaction !== undefined && weaker(field.redaction, classAction)) out.push(`egress/weaker-redaction ${subject}`);
        }
      }
    }
    const stored = new Set<string>();
    s.stores.forEach((st, j) => {
      for (const cls of st.classes) {
        stored.add(cls);
        for (const region of st.regions) {
          if (!rawOk(cls, origin, region)) out.push(`residency/store ${name}/store:${name}-store${j}/${cls} -> ${region}`);
        }
      }
    });
    for (const region of s.deployRegions) {
      if (region === s.region) continue;
      for (const cls of stored) if (!rawOk(cls, origin, region)) out.push(`residency/failover ${name}/deployment/${cls} -> ${region}`);
    }
    for (const region of s.backupRegions ?? [s.region]) {
      for (const cls of stored) if (!rawOk(cls, origin, region)) out.push(`residency/failover ${name}/backup/${cls} -> ${region}`);
    }
    if (i > 0) {
      const target = org.services[i - 1]!;
      for (const cls of s.sends) {
        if (!rawOk(cls, origin, target.region)) out.push(`residency/dependency ${name}/${cls} -> svc${i - 1}`);
      }
    }
  });
  return out.sort();
}

describe("egress/* and residency/* against a brute-force oracle", () => {
  it("agree on random organisations", async () => {
    await fc.assert(
      fc.asyncProperty(orgArb, async (org) => {
        const dir = writeFiles(toFiles(org), "cordon-prop-");
        try {
          const set = await loadValid(dir);
          const result = checkContractSet(set, { asOf: "2026-11-21" });
          const got = result.findings
            .filter((f) => f.rule.startsWith("egress/") || f.rule.startsWith("residency/"))
            .map((f) => `${f.rule} ${f.subject}`)
            .sort();
          expect(got).toEqual(oracle(org));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 300 },
    );
  });
});
