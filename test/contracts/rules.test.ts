/**
 * One test per contract/* rule: a minimal edit of the valid fixture set that breaks exactly
 * one thing, and the finding it must give (rule, subject, line:col, hint).
 */
import { describe, expect, test } from "vitest";
import { loadContractSet } from "../../contracts/load.js";
import { contractRules } from "../../contracts/rules/index.js";
import { VALID, findingsOf, loadVariant } from "./helpers.js";

describe("the valid fixture set", () => {
  test("loads without findings into a resolved model", async () => {
    const result = await loadContractSet(VALID);
    expect(result.findings).toEqual([]);
    expect(result.set?.services.get("checkout")?.jurisdiction).toBe("EU");
  });
});

describe("contract/schema", () => {
  test("an unknown property is an error with a did-you-mean hint", async () => {
    const result = await loadVariant({ "tiers.yaml": [["    rto: 1h", "    rto_traget: 1h"]] });
    expect(findingsOf(result, "contract/schema")).toContainEqual(
      expect.objectContaining({ subject: "tiers.yaml#/tiers/1/rto_traget", line: 10, column: 5, hint: "did you mean `rto`?" }),
    );
    expect(result.set).toBeUndefined();
  });
  test("a wrong enum value names the allowed ones", async () => {
    const result = await loadVariant({ "services/checkout.yaml": [["strategy: warm-standby", "strategy: warm-stanby"]] });
    expect(findingsOf(result, "contract/schema")).toEqual([
      expect.objectContaining({ subject: "services/checkout.yaml#/deployment/strategy", line: 10, column: 13, hint: "did you mean `warm-standby`?" }),
    ]);
  });
  test("async replication without max_lag", async () => {
    const result = await loadVariant({ "services/checkout.yaml": [["{ mode: async, max_lag: 5s }", "{ mode: async }"]] });
    expect(findingsOf(result, "contract/schema")).toEqual([expect.objectContaining({ subject: "services/checkout.yaml#/deployment/replication", line: 11 })]);
  });
  test("a { ref } attribute with extra keys", async () => {
    const result = await loadVariant({ "services/checkout.yaml": [["{ ref: user.email }", "{ ref: user.email, class: personal }"]] });
    expect(findingsOf(result, "contract/schema")).toEqual([
      expect.objectContaining({ subject: "services/checkout.yaml#/telemetry/spans/0/attributes/user.email", line: 33 }),
    ]);
  });
  test("a redaction that is none of the actions", async () => {
    const result = await loadVariant({ "classes.yaml": [["redaction: hash", "redaction: scramble"]] });
    expect(findingsOf(result, "contract/schema")).toEqual([expect.objectContaining({ subject: "classes.yaml#/classes/2/redaction", line: 10, column: 16 })]);
  });
  test("a misspelt mask option gets a hint", async () => {
    const result = await loadVariant({ "fields.yml": [["keep_last: 4", "keep_lats: 4"]] });
    expect(findingsOf(result, "contract/schema")).toContainEqual(expect.objectContaining({ subject: "fields.yml#/fields/user.id/redaction/mask/keep_lats", hint: "did you mean `keep_last`?" }));
  });
  test("a malformed endpoint and a bad name pattern", async () => {
    const result = await loadVariant({ "sinks.yaml": [["https://otel.eu.example:4318/", "https://user:pw@otel.eu.example"], ["name: vendor-apm", "name: Vendor-APM"]] });
    expect(findingsOf(result, "contract/schema").map((f) => f.subject).sort()).toEqual(["sinks.yaml#/endpoint", "sinks.yaml[1]#/name"]);
  });
  test("an unknown kind suggests the nearest", async () => {
    const result = await loadVariant({ "sinks.yaml": [["kind: Sink", "kind: Sinks"]] });
    expect(findingsOf(result, "contract/schema")).toEqual([expect.objectContaining({ subject: "sinks.yaml#/kind", hint: "did you mean `Sink`?" })]);
  });
});

describe("contract/duplicate-name", () => {
  test("a class declared in two split documents", async () => {
    const result = await loadVariant({ "classes.yaml": [["  - name: payment_card", "  - name: personal"]] });
    expect(findingsOf(result, "contract/duplicate-name")).toEqual([
      expect.objectContaining({ subject: "classes.yaml[1]#/classes/0/name", line: 15, column: 11 }),
    ]);
  });
  test("a store name used by two services", async () => {
    const result = await loadVariant({ "services/payments.yaml": [["region: eu-central-1", "region: eu-central-1\nstores:\n  - { name: orders-db, kind: cache, regions: [eu-central-1], classes: [internal] }"]] });
    expect(findingsOf(result, "contract/duplicate-name").map((f) => f.subject)).toEqual(["services/payments.yaml#/stores/0/name"]);
  });
});

describe("contract/unknown-reference", () => {
  test("a misspelt sink, with did-you-mean", async () => {
    const result = await loadVariant({ "services/checkout.yaml": [["sinks: [eu-collector, vendor-apm]", "sinks: [eu-colector, vendor-apm]"]] });
    expect(findingsOf(result, "contract/unknown-reference")).toEqual([
      expect.objectContaining({ subject: "services/checkout.yaml#/telemetry/sinks/0", line: 24, column: 11, hint: "did you mean `eu-collector`?" }),
    ]);
  });
  test("class, tier, region, service and field set references", async () => {
    const result = await loadVariant({
      "services/checkout.yaml": [
        ["tier: tier-0", "tier: tier-9"],
        ["classes: [personal, internal]", "classes: [personel, internal]"],
        ["regions: [eu-central-1] }", "regions: [eu-centrl-1] }"],
        ["service: payments", "service: payment"],
        ["uses: [user-fields]", "uses: [user-field]"],
      ],
    });
    expect(findingsOf(result, "contract/unknown-reference").map((f) => [f.subject, f.hint])).toEqual([
      ["services/checkout.yaml#/tier", "did you mean `tier-0`?"],
      ["services/checkout.yaml#/stores/0/classes/0", "did you mean `personal`?"],
      ["services/checkout.yaml#/dependencies/0/service", "did you mean `payments`?"],
      ["services/checkout.yaml#/deployment/backup/regions/0", "did you mean `eu-central-1`?"],
      ["services/checkout.yaml#/telemetry/uses/0", "did you mean `user-fields`?"],
      // the refs into the unused set are reported too, with the fix
      ["services/checkout.yaml#/telemetry/spans/0/attributes/user.email/ref", "add user-fields to telemetry.uses"],
      ["services/checkout.yaml#/telemetry/logs/attributes/user.id/ref", "add user-fields to telemetry.uses"],
    ]);
  });
  test("a ref to a key no used field set defines", async () => {
    const result = await loadVariant({ "services/checkout.yaml": [["{ ref: user.email }", "{ ref: user.emial }"]] });
    expect(findingsOf(result, "contract/unknown-reference")).toEqual([
      expect.objectContaining({ subject: "services/checkout.yaml#/telemetry/spans/0/attributes/user.email/ref", hint: "did you mean `user.email`?" }),
    ]);
  });
});

describe("contract/duration", () => {
  test("a bare number and an unknown unit", async () => {
    const result = await loadVariant({ "tiers.yaml": [["rto: 1h", "rto: 60"], ["rpo: 5m", "rpo: 5 minutes"]] });
    expect(findingsOf(result, "contract/duration").map((f) => [f.subject, f.line, f.hint])).toEqual([
      ["tiers.yaml#/tiers/1/rto", 10, "write it with a unit, e.g. `60s` or `60m`"],
      ["tiers.yaml#/tiers/1/rpo", 11, "write `5m`"],
    ]);
  });
});

describe("contract/unsafe-pattern", () => {
  test("nested quantifiers are refused", async () => {
    const result = await loadVariant({ "classes.yaml": [['"^tok_[a-z0-9]{8}$"', '"^(\\\\w+\\\\s?)*$"']] });
    expect(findingsOf(result, "contract/unsafe-pattern")).toEqual([
      expect.objectContaining({ subject: "classes.yaml[1]#/classes/0/detectors/1/pattern", line: 19, column: 33 }),
    ]);
  });
});

describe("contract/conflict", () => {
  test("two rules for the same class and origin", async () => {
    const result = await loadVariant({ "residency.yaml": [["  - class: payment_card\n    allowed_in: [EU]", "  - class: personal\n    from: [EU]\n    allowed_in: [EU, US]"]] });
    expect(findingsOf(result, "contract/conflict")).toEqual([expect.objectContaining({ subject: "residency.yaml#/rules/2/from", line: 15 })]);
  });
  test("`default` given twice across split documents", async () => {
    const result = await loadVariant({ "residency.yaml": [["default: deny", "default: deny\n---\napiVersion: cordon/v1\nkind: Residency\ndefault: allow"]] });
    expect(findingsOf(result, "contract/conflict")).toEqual([expect.objectContaining({ subject: "residency.yaml[1]#/default", line: 20 })]);
  });
});

describe("contract/yaml", () => {
  test("a syntax error has a position", async () => {
    const result = await loadVariant({ "sinks.yaml": [["signals: [traces]", "signals: [traces"]] });
    const found = findingsOf(result, "contract/yaml");
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toEqual(expect.objectContaining({ subject: "sinks.yaml[1]#" }));
    expect(found[0]?.line).toBeGreaterThanOrEqual(12);
  });
});

describe("contract/duplicate-key", () => {
  test("points at the second key", async () => {
    const result = await loadVariant({ "services/payments.yaml": [["region: eu-central-1", "region: eu-central-1\ntier: tier-1"]] });
    expect(findingsOf(result, "contract/duplicate-key")).toEqual([expect.objectContaining({ subject: "services/payments.yaml#/tier", line: 6, column: 1 })]);
  });
});

test("every contract rule has documentation", () => {
  expect(contractRules.map((r) => r.id).sort()).toEqual(
    ["contract/conflict", "contract/duplicate-key", "contract/duplicate-name", "contract/duration", "contract/insecure-endpoint", "contract/schema", "contract/unknown-reference", "contract/unsafe-pattern", "contract/yaml"],
  );
  for (const rule of contractRules) {
    expect(rule.severity).toBe(rule.id === "contract/insecure-endpoint" ? "warning" : "error");
    for (const text of Object.values(rule.docs)) expect(text.length).toBeGreaterThan(10);
  }
});
