/**
 * SPEC §3.2 (egress, residency), §3.3 (tiers) and §3.5 (waivers), black-box: each rule fires
 * exactly where the SPEC says, with the subject CONTRIBUTING.md documents, and nowhere else.
 */
import { describe, expect, it } from "vitest";
import { BASE, CHECKOUT_HEAD, checkJson, project } from "./base-set.js";

const CLASSES = `apiVersion: cordon/v1
kind: DataClasses
classes:
  - { name: public, level: 0 }
  - { name: internal, level: 1 }
  - { name: personal, level: 2, redaction: hash }
  - { name: rawclass, level: 2, redaction: keep }
  - { name: card, level: 3, redaction: drop, raw_in_telemetry: false }
  - { name: masked, level: 2, redaction: { mask: { keep_last: 4 } } }
`;

const RESIDENCY = `apiVersion: cordon/v1
kind: Residency
regions:
  eu-west-1: { jurisdiction: EU }
  eu-central-1: { jurisdiction: EU }
  us-east-1: { jurisdiction: US }
  ap-1: { jurisdiction: AP }
rules:
  - { class: personal, allowed_in: [EU], redacted_allowed_in: [EU, US] }
  - { class: rawclass, allowed_in: [EU] }
  - { class: card, allowed_in: [EU] }
  - { class: masked, allowed_in: [EU], redacted_allowed_in: [eu-west-1] }
  - { class: internal, allowed_in: ["*"] }
  - { class: personal, from: [US], allowed_in: [US] }
default: deny
`;

const SINKS = `${BASE["sink.yaml"]}---
apiVersion: cordon/v1
kind: Sink
name: vendor-apm
region: us-east-1
endpoint: https://otlp.us.vendor.example:4318
signals: [traces, logs]
---
apiVersion: cordon/v1
kind: Sink
name: ap-sink
region: ap-1
endpoint: https://ap.example
signals: [traces]
`;

function service(name: string, body: string, head = "tier: tier-2\nregion: eu-west-1"): string {
  return `apiVersion: cordon/v1\nkind: Service\nname: ${name}\nowner: team\n${head}\ndeployment: { regions: [eu-west-1], strategy: backup-restore, replication: { mode: sync } }\n${body}`;
}

describe("SPEC §3.2 egress", () => {
  it("raw-export, forbidden-sink and weaker-redaction fire per field and sink, on the signals each sink takes", () => {
    const run = checkJson(
      project({
        "classes.yaml": CLASSES,
        "residency.yaml": RESIDENCY,
        "sink.yaml": SINKS,
        "checkout.yaml": service(
          "checkout",
          `telemetry:
  sinks: [eu-collector, vendor-apm, ap-sink]
  resource:
    service.name: { class: public }
  spans:
    - name: place_order
      attributes:
        user.email: { class: personal, type: string }
        user.kept: { class: personal, type: string, redaction: keep }
        user.dropped: { class: personal, type: string, redaction: drop }
        card.num: { class: card, type: string }
        card.kept: { class: card, type: string, redaction: keep }
        m.a: { class: masked, type: string }
      events:
        - name: declined
          attributes:
            ev.raw: { class: rawclass, type: string }
  logs:
    attributes:
      log.raw: { class: rawclass, type: string }
  metrics:
    - name: orders
      instrument: counter
      attributes:
        met.raw: { class: rawclass, type: string }
`,
        ),
      }),
    );
    expect(run.ruleSubjects).toEqual(
      [
        // hash goes to AP, outside redacted_allowed_in [EU, US]
        "egress/forbidden-sink checkout/span:place_order/user.email -> ap-sink",
        // keep where personal may not go raw, weaker than hash where it takes effect (not in the EU)
        "egress/raw-export checkout/span:place_order/user.kept -> ap-sink",
        "egress/raw-export checkout/span:place_order/user.kept -> vendor-apm",
        "egress/weaker-redaction checkout/span:place_order/user.kept -> ap-sink",
        "egress/weaker-redaction checkout/span:place_order/user.kept -> vendor-apm",
        // raw_in_telemetry: false: the keep override takes effect at every sink, the EU's too
        "egress/raw-export checkout/span:place_order/card.kept -> ap-sink",
        "egress/raw-export checkout/span:place_order/card.kept -> eu-collector",
        "egress/raw-export checkout/span:place_order/card.kept -> vendor-apm",
        "egress/weaker-redaction checkout/span:place_order/card.kept -> ap-sink",
        "egress/weaker-redaction checkout/span:place_order/card.kept -> eu-collector",
        "egress/weaker-redaction checkout/span:place_order/card.kept -> vendor-apm",
        // a region id in redacted_allowed_in
        "egress/forbidden-sink checkout/span:place_order/m.a -> ap-sink",
        "egress/forbidden-sink checkout/span:place_order/m.a -> vendor-apm",
        // events and logs; no metrics sink outside the EU
        "egress/raw-export checkout/span:place_order/event:declined/ev.raw -> ap-sink",
        "egress/raw-export checkout/span:place_order/event:declined/ev.raw -> vendor-apm",
        "egress/raw-export checkout/log/log.raw -> vendor-apm",
      ].sort(),
    );
    expect(run.code).toBe(1);
  });
});

describe("SPEC §3.2 residency", () => {
  it("store, failover (deployment and backup) and dependency, judged by the rule for the value's origin", () => {
    const run = checkJson(
      project({
        "classes.yaml": CLASSES,
        "residency.yaml": RESIDENCY,
        "checkout.yaml": `${CHECKOUT_HEAD}deployment:
  regions: [eu-west-1, us-east-1]
  strategy: warm-standby
  replication: { mode: sync }
  backup: { interval: 1h, regions: [ap-1] }
stores:
  - { name: orders-db, kind: database, regions: [eu-west-1, eu-central-1, us-east-1], classes: [personal, internal] }
dependencies:
  - { service: fraud, hard: false, sends: [personal, internal] }
  - { service: eu-dep, hard: false, sends: [personal] }
`,
        "more.yaml": `${service("fraud", "stores:\n  - { name: us-db, kind: database, regions: [us-east-1, eu-west-1], classes: [personal] }\n", "tier: tier-2\nregion: us-east-1").replace("[eu-west-1], strategy", "[us-east-1], strategy")}---\n${service("eu-dep", "")}`,
      }),
    );
    expect(run.ruleSubjects).toEqual(
      [
        "residency/store checkout/store:orders-db/personal -> us-east-1",
        "residency/failover checkout/deployment/personal -> us-east-1",
        "residency/failover checkout/backup/personal -> ap-1",
        "residency/dependency checkout/personal -> fraud",
        // fraud's data comes from the US: the rule with `from: [US]` governs it
        "residency/store fraud/store:us-db/personal -> eu-west-1",
      ].sort(),
    );
    expect(run.code).toBe(1);
  });
});

describe("SPEC §3.3 tiers", () => {
  const TIERS = `apiVersion: cordon/v1
kind: Tiers
tiers:
  - { name: tier-0, rto: 15m, rpo: 0s, min_regions: 2, drill_every: 90d }
  - { name: tier-1, rto: 1h, rpo: 5m }
  - { name: tier-2, rto: 24h, rpo: 24h }
`;
  const deployed = (name: string, tier: string, deployment: string, rest = "") =>
    `apiVersion: cordon/v1\nkind: Service\nname: ${name}\nowner: team\ntier: ${tier}\nregion: eu-west-1\ndeployment: ${deployment}\n${rest}`;
  const twoRegions = (drill: string) => `{ regions: [eu-west-1, us-east-1], strategy: active-active, replication: { mode: sync }, drill: ${drill} }`;

  it("each rule once, where the SPEC's estimator says; --as-of fixes the day, a drill exactly drill_every old is not stale", () => {
    const files = {
      "tiers.yaml": TIERS,
      "checkout.yaml": null,
      "services.yaml": [
        deployed("a", "tier-0", "{ regions: [eu-west-1], strategy: warm-standby, replication: { mode: async, max_lag: 5s } }", "dependencies:\n  - { service: b, hard: true }\n  - { service: c, hard: false }\n"),
        deployed("b", "tier-2", "{ regions: [eu-west-1], strategy: pilot-light, replication: { mode: sync } }"),
        deployed("c", "tier-2", "{ regions: [eu-west-1], strategy: none, replication: { mode: none }, backup: { interval: 25h } }"),
        deployed("d", "tier-0", twoRegions("{ date: 2026-08-21, rto: 9m, rpo: 0s, result: passed }")),
        deployed("e", "tier-0", twoRegions("{ date: 2026-08-22, rto: 20m, rpo: 1s, result: passed }")),
        deployed("f", "tier-0", twoRegions("{ date: 2026-11-01, rto: 1m, rpo: 0s, result: failed }")),
      ].join("---\n"),
    };
    const run = checkJson(project(files), ["--as-of", "2026-11-20"]);
    expect(run.ruleSubjects).toEqual(
      [
        "tier/drill-missing a",
        "tier/min-regions a",
        "tier/rpo-unmet a", // async 5s > 0s
        "tier/dependency-inversion a -> b",
        "tier/rto-unmet a", // b's pilot-light 1h > 15m (c is soft)
        "tier/rto-unmet c", // none: unbounded
        "tier/rpo-unmet c", // no replication: the backup interval, 25h > 24h
        "tier/drill-stale d", // 91 days > 90d
        "tier/drill-failed e", // measured over target
        "tier/drill-failed f", // result failed
      ].sort(),
    );
    expect(run.code).toBe(1);
    // a day earlier, d's drill is exactly 90 days old
    expect(checkJson(project(files), ["--as-of", "2026-11-19"]).ruleSubjects).not.toContain("tier/drill-stale d");
  });

  it("a drill dated after the day of the run is no evidence: drill-missing, not a pass", () => {
    const files = { "tiers.yaml": TIERS, "checkout.yaml": deployed("a", "tier-0", twoRegions("{ date: 2027-10-02, rto: 9m, rpo: 0s, result: passed }")) };
    const run = checkJson(project(files), ["--as-of", "2026-11-20"]);
    expect(run.findings.map((f) => [f.rule, f.subject, f.line])).toEqual([["tier/drill-missing", "a", 7]]);
    expect(run.code).toBe(1);
    expect(checkJson(project(files), ["--as-of", "2027-10-02"]).ruleSubjects).toEqual([]);
  });

  it("without --as-of the day is today", () => {
    // The default is today's date, so the drills are dated from the clock; 10 and 120 days sit far
    // from the 90-day drill_every, so a run that crosses midnight cannot change the outcome.
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    const files = {
      "tiers.yaml": TIERS,
      "checkout.yaml": [deployed("fresh", "tier-0", twoRegions(`{ date: ${daysAgo(10)}, rto: 1m, rpo: 0s, result: passed }`)), deployed("old", "tier-0", twoRegions(`{ date: ${daysAgo(120)}, rto: 1m, rpo: 0s, result: passed }`))].join("---\n"),
    };
    expect(checkJson(project(files)).ruleSubjects).toEqual(["tier/drill-stale old"]);
  });
});

describe("SPEC §3.5 waivers", () => {
  const STORE_IN_US = BASE["checkout.yaml"]! + "stores:\n  - { name: db, kind: database, regions: [us-east-1], classes: [personal] }\n";
  const waiver = (rule: string, subject: string, expires: string) =>
    `apiVersion: cordon/v1\nkind: Waiver\nrule: ${rule}\nsubject: "${subject}"\nreason: "tracked in PLAT-1"\napproved_by: jane.doe@example.com\nexpires: ${expires}\n`;

  it("waives on its last day, 365 days ahead at most; expired, too long and unused are findings", () => {
    const covering = (expires: string) =>
      checkJson(project({ "checkout.yaml": STORE_IN_US, "waiver.yaml": waiver("residency/store", "checkout/store:db/personal -> us-east-1", expires) }), ["--as-of", "2026-11-20"]);

    const lastDay = covering("2026-11-20");
    expect(lastDay.findings.map((f) => [f.rule, f.waived])).toEqual([["residency/store", true]]);
    expect(lastDay.summary).toEqual({ errors: 0, warnings: 0, waived: 1 });
    expect(lastDay.code).toBe(0);

    expect(covering("2027-11-20").code).toBe(0); // 365 days ahead
    expect(covering("2027-11-21").ruleSubjects).toContain("waiver/too-long waiver:residency/store checkout/store:db/personal -> us-east-1");
    expect(covering("2027-11-21").code).toBe(1);

    const expired = covering("2026-11-19");
    expect(expired.ruleSubjects).toEqual([
      "residency/store checkout/store:db/personal -> us-east-1",
      "waiver/expired waiver:residency/store checkout/store:db/personal -> us-east-1",
    ]);
    expect(expired.findings.every((f) => !f.waived && f.severity === "error")).toBe(true);

    const unused = checkJson(project({ "waiver.yaml": waiver("tier/dependency-inversion", "checkout -> recommendations", "2026-12-31") }), ["--as-of", "2026-11-20"]);
    expect(unused.findings.map((f) => [f.rule, f.severity, f.subject])).toEqual([["waiver/unused", "warning", "waiver:tier/dependency-inversion checkout -> recommendations"]]);
    expect(unused.code).toBe(0);
    expect(checkJson(project({ "waiver.yaml": waiver("tier/dependency-inversion", "checkout -> recommendations", "2026-12-31") }), ["--as-of", "2026-11-20", "--strict"]).code).toBe(1);
  });

  it("a waiver of a rule the run did not evaluate is not unused: source rules without --src, iac/* without --iac, live/* in check", () => {
    const waivers = [
      waiver("live/misclassified", "checkout/span:checkout.place_order/user.email", "2026-12-31"),
      waiver("source/undeclared-field", "checkout/span:checkout.place_order/user.phone", "2026-12-31"),
      waiver("iac/store-region", "checkout/store:orders", "2026-12-31"),
    ].join("---\n");
    const run = checkJson(project({ "waiver.yaml": waivers }), ["--as-of", "2026-11-20", "--strict"]);
    expect(run.findings.map((f) => f.rule)).toEqual([]);
    expect(run.code).toBe(0);
    // With --src the source rules ran, so their waiver that matched nothing is unused; the others still are not.
    const scanned = checkJson(project({ "waiver.yaml": waivers }), ["--as-of", "2026-11-20", "--src"]);
    expect(scanned.findings.filter((f) => f.rule === "waiver/unused").map((f) => f.subject)).toEqual([
      "waiver:source/undeclared-field checkout/span:checkout.place_order/user.phone",
    ]);
  });

  it("an unused waiver says why when it can never match: a misspelt rule (did you mean), a rule no waiver covers", () => {
    const run = checkJson(
      project({
        "sink.yaml": BASE["sink.yaml"]!.replace("https://otel.eu.example:4318", "http://otel.eu.example:4318"),
        "waiver.yaml": [waiver("tier/dependency-inversin", "checkout -> recommendations", "2026-12-31"), waiver("contract/insecure-endpoint", "sink.yaml#/endpoint", "2026-12-31")].join("---\n"),
      }),
      ["--as-of", "2026-11-20"],
    );
    const unused = JSON.parse(run.stdout).findings.filter((f: { rule: string }) => f.rule === "waiver/unused") as { subject: string; message: string; hint: string; line: number }[];
    expect(unused.map((f) => [f.subject, f.line])).toEqual([
      ["waiver:tier/dependency-inversin checkout -> recommendations", 3],
      ["waiver:contract/insecure-endpoint sink.yaml#/endpoint", 11],
    ]);
    expect(unused[0]!.message).toContain("no rule tier/dependency-inversin");
    expect(unused[0]!.hint).toBe("did you mean `tier/dependency-inversion`?");
    expect(unused[1]!.message).toContain("cannot be waived");
    expect(run.ruleSubjects).toContain("contract/insecure-endpoint sink.yaml#/endpoint");
    expect(run.code).toBe(0);
  });
});
