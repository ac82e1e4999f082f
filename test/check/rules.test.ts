import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { BASE, editing, withFiles } from "../helpers/shop-base.js";
import { checkFiles, lineOf, ofRule, subjects } from "../helpers/check-files.js";

describe("the base organisation", () => {
  it("passes every rule", async () => {
    const result = await checkFiles(BASE);
    expect(result.findings.map((f) => `${f.rule} ${f.subject}`)).toEqual([]);
  });
});

describe("egress/raw-export", () => {
  it("fires where a keep override sends a personal field raw to a US sink, at the override", async () => {
    const files = editing("checkout.yaml", "user.email: { class: personal, type: string }", "user.email: { class: personal, type: string, redaction: keep }");
    const result = await checkFiles(files);
    const [finding, ...rest] = ofRule(result, "egress/raw-export");
    expect(rest).toEqual([]);
    expect(finding?.subject).toBe("checkout/span:checkout.place_order/user.email -> vendor-apm");
    expect(basename(finding!.location!.file)).toBe("checkout.yaml");
    expect(finding!.location!.line).toBe(lineOf(files["checkout.yaml"]!, "user.email"));
    expect(finding!.hint).toMatch(/redaction: keep/);
  });

  it("fires for a class whose own action is keep but that may not go raw", async () => {
    const files = editing("classes.yaml", "  - name: personal\n    level: 2\n    redaction: hash", "  - name: personal\n    level: 2\n    redaction: keep");
    expect(subjects(await checkFiles(files), "egress/raw-export")).toEqual([
      "checkout/span:checkout.place_order/user.email -> vendor-apm",
    ]);
  });

  it("does not fire where the class may go raw (the EU sink)", async () => {
    const files = editing("checkout.yaml", "user.email: { class: personal, type: string }", "user.email: { class: personal, type: string, redaction: keep }");
    const result = await checkFiles(files);
    expect(subjects(result, "egress/raw-export")).not.toContain("checkout/span:checkout.place_order/user.email -> eu-collector");
  });
});

describe("egress/forbidden-sink", () => {
  it("fires when the hashed form goes outside redacted_allowed_in", async () => {
    const files = editing("residency.yaml", "allowed_in: [EU]\n    redacted_allowed_in: [\"*\"]", "allowed_in: [EU]\n    redacted_allowed_in: [EU]");
    const result = await checkFiles(files);
    expect(subjects(result, "egress/forbidden-sink")).toEqual(["checkout/span:checkout.place_order/user.email -> vendor-apm"]);
    expect(ofRule(result, "egress/forbidden-sink")[0]!.location!.line).toBe(lineOf(files["checkout.yaml"]!, "user.email"));
  });

  it("does not fire for a dropped field (drop is always allowed)", async () => {
    // payment_card's redacted form is EU-only, but card numbers are dropped, so vendor-apm is fine.
    const result = await checkFiles(BASE);
    expect(ofRule(result, "egress/forbidden-sink")).toEqual([]);
  });
});

describe("egress/weaker-redaction", () => {
  it("fires where a mask override of a hashed class takes effect", async () => {
    const files = editing(
      "checkout.yaml",
      "user.email: { class: personal, type: string }",
      "user.email: { class: personal, type: string, redaction: { mask: { keep_last: 4 } } }",
    );
    const result = await checkFiles(files);
    expect(subjects(result, "egress/weaker-redaction")).toEqual(["checkout/span:checkout.place_order/user.email -> vendor-apm"]);
    expect(ofRule(result, "egress/weaker-redaction")[0]!.location!.line).toBe(lineOf(files["checkout.yaml"]!, "user.email"));
  });

  it("does not fire for a stricter override, nor where the field goes raw", async () => {
    const files = editing("checkout.yaml", "user.email: { class: personal, type: string }", "user.email: { class: personal, type: string, redaction: drop }");
    expect(ofRule(await checkFiles(files), "egress/weaker-redaction")).toEqual([]);
  });

  it("is waived by a Waiver with its subject", async () => {
    const files = withFiles({
      "checkout.yaml": BASE["checkout.yaml"]!.replace(
        "user.email: { class: personal, type: string }",
        "user.email: { class: personal, type: string, redaction: { mask: { keep_last: 4 } } }",
      ),
      "waivers.yaml": `apiVersion: cordon/v1
kind: Waiver
rule: egress/weaker-redaction
subject: checkout/span:checkout.place_order/user.email -> vendor-apm
reason: "support needs the last four characters; DPIA-42"
approved_by: dpo@example.com
expires: 2027-03-31
`,
    });
    const result = await checkFiles(files);
    const [finding] = ofRule(result, "egress/weaker-redaction");
    expect(finding?.waived).toBe(true);
    expect(finding?.waiver?.approvedBy).toBe("dpo@example.com");
    expect(result.summary).toEqual({ errors: 0, warnings: 0, waived: 1 });
  });
});

describe("residency/store", () => {
  it("fires for each restricted class of an EU store that gains a US replica, at the region", async () => {
    const files = editing("checkout.yaml", "regions: [eu-west-1, eu-central-1]\n    classes: [personal, internal]", "regions: [eu-west-1, eu-central-1, us-east-1]\n    classes: [personal, internal]");
    const result = await checkFiles(files);
    expect(subjects(result, "residency/store")).toEqual(["checkout/store:orders-db/personal -> us-east-1"]);
    const finding = ofRule(result, "residency/store")[0]!;
    expect(finding.location!.line).toBe(lineOf(files["checkout.yaml"]!, "us-east-1"));
    expect(finding.location!.column).toBe(files["checkout.yaml"]!.split("\n")[finding.location!.line - 1]!.indexOf("us-east-1") + 1);
  });
});

describe("residency/failover", () => {
  it("fires for a US failover region of a service storing EU personal data", async () => {
    const files = editing("checkout.yaml", "  regions: [eu-west-1, eu-central-1]\n  strategy", "  regions: [eu-west-1, us-east-1]\n  strategy");
    expect(subjects(await checkFiles(files), "residency/failover")).toEqual(["checkout/deployment/personal -> us-east-1"]);
  });

  it("fires for a US backup region", async () => {
    const files = editing("checkout.yaml", "backup: { interval: 1h, regions: [eu-central-1] }", "backup: { interval: 1h, regions: [us-east-1] }");
    expect(subjects(await checkFiles(files), "residency/failover")).toEqual(["checkout/backup/personal -> us-east-1"]);
  });
});

describe("residency/dependency", () => {
  it("fires when personal data is sent to a US-homed dependency", async () => {
    const files = editing("checkout.yaml", "  - service: recommendations\n    hard: false", "  - service: recommendations\n    hard: false\n    sends: [internal, personal]");
    const result = await checkFiles(files);
    expect(subjects(result, "residency/dependency")).toEqual(["checkout/personal -> recommendations"]);
    expect(ofRule(result, "residency/dependency")[0]!.location!.line).toBe(lineOf(files["checkout.yaml"]!, "sends: [internal, personal]"));
  });
});

describe("tier/dependency-inversion", () => {
  it("fires for a tier-0 hard dependency on a tier-2 service", async () => {
    const files = editing("checkout.yaml", "  - service: recommendations\n    hard: false", "  - service: recommendations\n    hard: true");
    const result = await checkFiles(files);
    expect(subjects(result, "tier/dependency-inversion")).toEqual(["checkout -> recommendations"]);
    expect(ofRule(result, "tier/dependency-inversion")[0]!.location!.line).toBe(lineOf(files["checkout.yaml"]!, "- service: recommendations"));
  });

  it("does not fire for a soft dependency or a same-tier one", async () => {
    expect(ofRule(await checkFiles(BASE), "tier/dependency-inversion")).toEqual([]);
  });
});

describe("tier/rto-unmet", () => {
  it("fires when the strategy is too slow for the tier", async () => {
    const files = editing("checkout.yaml", "strategy: warm-standby", "strategy: pilot-light");
    const [finding] = ofRule(await checkFiles(files), "tier/rto-unmet");
    expect(finding?.subject).toBe("checkout");
    expect(finding?.message).toMatch(/1h/);
    expect(finding?.location?.line).toBe(lineOf(files["checkout.yaml"]!, "strategy: pilot-light"));
  });

  it("follows hard dependencies: a slow hard dependency makes the caller slow", async () => {
    const files = editing("payments.yaml", "strategy: active-active", "strategy: backup-restore");
    const result = await checkFiles(files);
    expect(subjects(result, "tier/rto-unmet")).toEqual(["checkout", "payments"]);
    const checkout = ofRule(result, "tier/rto-unmet").find((f) => f.subject === "checkout")!;
    expect(checkout.message).toMatch(/checkout -> payments/);
  });

  it("reports a hard-dependency cycle as unbounded instead of looping", async () => {
    const files = editing("payments.yaml", "telemetry:", "dependencies:\n  - service: checkout\n    hard: true\ntelemetry:");
    const result = await checkFiles(files);
    expect(subjects(result, "tier/rto-unmet")).toEqual(["checkout", "payments"]);
    expect(ofRule(result, "tier/rto-unmet")[0]!.message).toMatch(/cycle/);
  });

  it("honours assumptions overridden in Tiers", async () => {
    const files = editing("tiers.yaml", "    rpo: 24h\n", "    rpo: 24h\nassumptions:\n  strategy_rto: { warm-standby: 20m }\n");
    expect(subjects(await checkFiles(files), "tier/rto-unmet")).toEqual(["checkout"]);
  });
});

describe("tier/rpo-unmet", () => {
  it("fires for async replication on an rpo 0s tier", async () => {
    const files = editing("checkout.yaml", "replication: { mode: sync }", "replication: { mode: async, max_lag: 5s }");
    expect(subjects(await checkFiles(files), "tier/rpo-unmet")).toEqual(["checkout"]);
  });

  it("uses the backup interval when there is no replication", async () => {
    const files = editing("recommendations.yaml", "backup: { interval: 12h, regions: [us-east-1] }", "backup: { interval: 2d, regions: [us-east-1] }");
    expect(subjects(await checkFiles(files), "tier/rpo-unmet")).toEqual(["recommendations"]);
  });
});

describe("tier/min-regions", () => {
  it("fires when a tier-0 service runs in one region", async () => {
    const files = editing("checkout.yaml", "  regions: [eu-west-1, eu-central-1]\n  strategy", "  regions: [eu-west-1]\n  strategy");
    expect(subjects(await checkFiles(files), "tier/min-regions")).toEqual(["checkout"]);
  });
});

describe("tier/drill-*", () => {
  it("drill-missing fires when a tier requiring drills has none", async () => {
    const files = editing("checkout.yaml", "  drill: { date: 2026-10-02, rto: 9m, rpo: 0s, result: passed }\n", "");
    expect(subjects(await checkFiles(files), "tier/drill-missing")).toEqual(["checkout"]);
  });

  it("drill-stale fires as of a date past drill_every, and not before", async () => {
    // checkout drilled 2026-10-02, payments 2026-09-15; tier-0 wants one every 90 days
    expect(subjects(await checkFiles(BASE, "2026-12-14"), "tier/drill-stale")).toEqual([]);
    expect(subjects(await checkFiles(BASE, "2026-12-15"), "tier/drill-stale")).toEqual(["payments"]);
    expect(subjects(await checkFiles(BASE, "2027-01-01"), "tier/drill-stale")).toEqual(["checkout", "payments"]);
  });

  it("drill-failed fires on a failed drill and on a measured rto over target", async () => {
    const failed = editing("checkout.yaml", "result: passed", "result: failed");
    expect(subjects(await checkFiles(failed), "tier/drill-failed")).toEqual(["checkout"]);
    const slow = editing("checkout.yaml", "rto: 9m", "rto: 40m");
    const [finding] = ofRule(await checkFiles(slow), "tier/drill-failed");
    expect(finding?.message).toMatch(/40m > 15m/);
  });
});

describe("waiver rules", () => {
  const waiver = (rule: string, subject: string, expires: string) => `apiVersion: cordon/v1
kind: Waiver
rule: ${rule}
subject: ${subject}
reason: "fallback ships in Q1; tracked in PLAT-123"
approved_by: jane.doe@example.com
expires: ${expires}
`;
  const inversion = () =>
    BASE["checkout.yaml"]!.replace("  - service: recommendations\n    hard: false", "  - service: recommendations\n    hard: true\n");

  it("a matching waiver turns the finding into waived (and the rto finding it causes stays)", async () => {
    const result = await checkFiles(
      withFiles({ "checkout.yaml": inversion(), "waiver.yaml": waiver("tier/dependency-inversion", "checkout -> recommendations", "2027-01-31") }),
    );
    const [finding] = ofRule(result, "tier/dependency-inversion");
    expect(finding?.waived).toBe(true);
    expect(ofRule(result, "waiver/unused")).toEqual([]);
  });

  it("waiver/expired: an expired waiver matches nothing and is an error", async () => {
    const result = await checkFiles(
      withFiles({ "checkout.yaml": inversion(), "waiver.yaml": waiver("tier/dependency-inversion", "checkout -> recommendations", "2026-01-31") }),
    );
    expect(ofRule(result, "tier/dependency-inversion")[0]?.waived).toBe(false);
    expect(subjects(result, "waiver/expired")).toEqual(["waiver:tier/dependency-inversion checkout -> recommendations"]);
    expect(ofRule(result, "waiver/unused")).toEqual([]);
  });

  it("waiver/unused: a waiver that matches no finding is a warning", async () => {
    const result = await checkFiles(withFiles({ "waiver.yaml": waiver("tier/dependency-inversion", "checkout -> recomendations", "2027-01-31") }));
    const [finding] = ofRule(result, "waiver/unused");
    expect(finding?.severity).toBe("warning");
    expect(result.summary).toEqual({ errors: 0, warnings: 1, waived: 0 });
  });

  it("waiver/too-long: expiry more than 365 days ahead is an error", async () => {
    const result = await checkFiles(
      withFiles({ "checkout.yaml": inversion(), "waiver.yaml": waiver("tier/dependency-inversion", "checkout -> recommendations", "2028-01-01") }),
    );
    expect(subjects(result, "waiver/too-long")).toEqual(["waiver:tier/dependency-inversion checkout -> recommendations"]);
  });
});

describe("finding ids", () => {
  it("are stable across unrelated edits", async () => {
    const broken = editing("checkout.yaml", "strategy: warm-standby", "strategy: pilot-light");
    const before = ofRule(await checkFiles(broken), "tier/rto-unmet")[0]!;
    const moved = { ...broken, "checkout.yaml": `# a comment that moves every line\n\n${broken["checkout.yaml"]}` };
    const after = ofRule(await checkFiles(moved), "tier/rto-unmet")[0]!;
    expect(after.id).toBe(before.id);
    expect(after.location!.line).toBe(before.location!.line + 2);
  });
});
