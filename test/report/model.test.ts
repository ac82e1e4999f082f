import { describe, expect, it } from "vitest";
import { renderJson } from "../../compiler/report/json.js";
import { AS_OF } from "../helpers/check-files.js";
import { BASE } from "../helpers/shop-base.js";
import { reportOf, violatingFiles } from "./fixture.js";

describe("report model", () => {
  it("has one node per service and sink, each in its jurisdiction", async () => {
    const { set, report } = await reportOf(BASE);
    const services = report.flowGraph.nodes.filter((n) => n.kind === "service");
    const sinks = report.flowGraph.nodes.filter((n) => n.kind === "sink");
    expect(services.map((n) => n.label).sort()).toEqual([...set.services.keys()].sort());
    expect(sinks.map((n) => n.label).sort()).toEqual([...set.sinks.keys()].sort());
    expect(report.flowGraph.nodes.find((n) => n.id === "sink:vendor-apm")?.jurisdiction).toBe("US");
    expect(report.flowGraph.nodes.find((n) => n.id === "service:checkout")?.jurisdiction).toBe("EU");
    expect(new Set(report.flowGraph.edges.map((e) => e.id)).size).toBe(report.flowGraph.edges.length);
  });

  it("a clean set has no violation edges; personal data reaches the US sink only redacted", async () => {
    const { report } = await reportOf(BASE);
    expect(report.flowGraph.edges.filter((e) => e.status === "violation")).toEqual([]);
    const apm = report.flowGraph.edges.find((e) => e.id === "telemetry:service:checkout->sink:vendor-apm")!;
    expect(apm.status).toBe("redacted");
    expect(apm.redactedClasses).toContain("personal");
    expect(apm.rawClasses).not.toContain("personal");
    const eu = report.flowGraph.edges.find((e) => e.id === "telemetry:service:checkout->sink:eu-collector")!;
    expect(eu.status).toBe("raw");
    expect(eu.rawClasses).toContain("personal");
  });

  it("marks violation edges and waived edges from the findings on their flows", async () => {
    const { report } = await reportOf(violatingFiles());
    const edge = (id: string) => report.flowGraph.edges.find((e) => e.id === id);
    expect(edge("telemetry:service:checkout->sink:vendor-apm")?.status).toBe("violation");
    expect(edge("store:service:checkout->store:checkout/orders-db@US")?.status).toBe("violation");
    expect(edge("store:service:checkout->store:checkout/orders-db@EU")?.status).toBe("raw");
    expect(edge("dependency:service:checkout->service:recommendations")?.status).toBe("waived");
    const violationFindings = report.flowGraph.edges.filter((e) => e.status === "violation").flatMap((e) => e.findings);
    for (const id of violationFindings) expect(report.findings.find((f) => f.id === id)?.waived).toBe(false);
    // checkout's RTO is now bounded by recommendations (backup-restore): a tier finding on the node
    expect(report.flowGraph.nodes.find((n) => n.id === "service:checkout")?.flagged).toBe(true);
  });

  it("residency matrix: class × jurisdiction per origin", async () => {
    const { report } = await reportOf(BASE);
    expect([...report.residency.origins].sort()).toEqual(["EU", "US"]);
    const cell = (cls: string, origin: string, j: string) =>
      report.residency.rows.find((r) => r.class === cls && r.origin === origin)?.cells.find((c) => c.jurisdiction === j)?.status;
    expect(cell("personal", "EU", "EU")).toBe("raw");
    expect(cell("personal", "EU", "US")).toBe("redacted");
    expect(cell("payment_card", "EU", "US")).toBe("denied");
    expect(cell("public", "US", "EU")).toBe("raw");
    expect(report.residency.rows.find((r) => r.class === "payment_card")?.telemetryAlwaysRedacted).toBe(true);
  });

  it("tier table: targets, estimates with their basis, drill age", async () => {
    const { report } = await reportOf(violatingFiles());
    const checkout = report.tiers.find((t) => t.service === "checkout")!;
    expect(checkout.targetRto).toBe("15m");
    expect(checkout.estimatedRto).toBe("1d");
    expect(checkout.rtoMet).toBe(false);
    expect(checkout.rtoBasis).toMatch(/recommendations/);
    expect(checkout.drill?.ageDays).toBe(50); // 2026-10-02 → 2026-11-21
    expect(checkout.drill?.stale).toBe(false);
    expect(report.tiers.map((t) => t.tier)).toEqual(["tier-0", "tier-0", "tier-2"]);
  });

  it("findings carry their waiver with days to expiry; waivers list their state", async () => {
    const { report } = await reportOf(violatingFiles());
    const waived = report.findings.filter((f) => f.waived);
    expect(waived.map((f) => f.rule)).toEqual(["tier/dependency-inversion"]);
    expect(waived[0]!.waiver).toEqual({ approvedBy: "jane.doe@example.com", reason: "fallback ships in Q1", expires: "2027-01-31", daysToExpiry: 71 });
    expect(report.waivers.map((w) => w.state)).toEqual(["in use"]);
    expect(report.summary.waived).toBe(1);
    expect(report.summary.errors).toBe(report.findings.filter((f) => !f.waived && f.severity === "error").length);
  });

  it("evidence: digest, version, as-of and per-file digests; JSON round-trips", async () => {
    const { set, report } = await reportOf(BASE);
    expect(report.evidence.contractsDigest).toBe(set.digest);
    expect(report.evidence.cordonVersion).toBe("9.9.9");
    expect(report.evidence.asOf).toBe(AS_OF);
    expect(report.evidence.files.map((f) => f.path)).toEqual(Object.keys(BASE).sort());
    expect(report.evidence.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(JSON.parse(renderJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it("inventory: class → field → uses with sinks raw/redacted", async () => {
    const { report } = await reportOf(BASE);
    const personal = report.inventory.find((c) => c.name === "personal")!;
    const email = personal.fields.find((f) => f.key === "user.email")!;
    expect(email.uses).toEqual([
      { service: "checkout", signal: "traces", where: "span:checkout.place_order", raw: ["eu-collector"], redacted: ["vendor-apm"], dropped: [], findings: [] },
    ]);
    expect(personal.stores.map((s) => `${s.service}/${s.store}`).sort()).toEqual(["checkout/orders-db", "payments/ledger"]);
    expect(personal.sentTo).toEqual(["checkout -> payments"]);
    expect(personal.dependencies).toEqual([{ from: "checkout", to: "payments", findings: [] }]);
    expect(personal.stores.every((s) => s.findings.length === 0)).toBe(true);
    expect(report.inventory[0]!.name).toBe("payment_card"); // most sensitive first
  });

  it("inventory: each use, store and dependency carries the ids of the findings about it", async () => {
    const { report } = await reportOf(violatingFiles());
    const byId = new Map(report.findings.map((f) => [f.id, f]));
    const personal = report.inventory.find((c) => c.name === "personal")!;
    const name = personal.fields.find((f) => f.key === "user.name")!;
    expect(name.uses.flatMap((u) => u.findings.map((id) => byId.get(id)!.rule))).toContain("egress/raw-export");
    const store = personal.stores.find((s) => s.service === "checkout" && s.store === "orders-db")!;
    expect(store.findings.map((id) => byId.get(id)!.rule)).toEqual(["residency/store"]);
    expect(store.findings.map((id) => byId.get(id)!.subject)).toEqual(["checkout/store:orders-db/personal -> us-east-1"]);
    // every id points at a finding of the report; nothing about a clean use
    const all = report.inventory.flatMap((c) => [...c.fields.flatMap((f) => f.uses.flatMap((u) => u.findings)), ...c.stores.flatMap((s) => s.findings), ...c.dependencies.flatMap((d) => d.findings)]);
    for (const id of all) expect(byId.has(id), id).toBe(true);
    const email = report.inventory.flatMap((c) => c.fields).find((f) => f.key === "user.email")!;
    expect(email.uses.every((u) => u.findings.length === 0)).toBe(true);
  });
});
