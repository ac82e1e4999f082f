import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BASE, editing, withFiles } from "../helpers/shop-base.js";
import { cordon } from "../helpers/cli.js";
import { diffAgainstParent, git, twoCommits } from "./repo.js";

const diffOf = (after: Record<string, string>, before: Record<string, string> = BASE) => diffAgainstParent(twoCommits(before, after));

describe("cordon diff: meaning, not text", () => {
  it("an unchanged meaning is an empty diff (comments and order do not count)", async () => {
    const diff = await diffOf(editing("checkout.yaml", "owner: team-payments", "owner: team-payments # reviewed"));
    expect(diff.widenings).toEqual([]);
    expect(diff.telemetry).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.topology).toEqual([]);
    expect(diff.findings).toEqual({ introduced: [], cleared: [] });
    expect(diff.base.contractsDigest).not.toBe(diff.head.contractsDigest);
  });

  it("a weaker class redaction changes the field's action at the sink: a widening", async () => {
    const diff = await diffOf(editing("classes.yaml", "level: 2\n    redaction: hash", "level: 2\n    redaction: { mask: { keep_last: 4 } }"));
    const email = diff.telemetry.changed.find((c) => c.subject === "checkout/span:checkout.place_order/user.email -> vendor-apm");
    expect(email).toMatchObject({ before: "hash", after: "mask (keep_last 4)", jurisdiction: "US", widening: true });
    expect(diff.classes).toEqual([expect.objectContaining({ class: "personal", change: "changed", widening: true, details: ["redaction hash → mask (keep_last 4)"] })]);
    expect(diff.widenings.length).toBeGreaterThan(0);
  });

  it("fields added and removed: flows per sink, new ones carrying data widen", async () => {
    const diff = await diffOf(
      editing("checkout.yaml", "order.id: { class: internal, type: string }", "user.phone: { class: personal, type: string }"),
    );
    const added = diff.telemetry.added.map((c) => `${c.key} -> ${c.sink}: ${c.after} ${c.widening}`).sort();
    expect(added).toEqual(["user.phone -> eu-collector: raw true", "user.phone -> vendor-apm: hash true"]);
    const removed = diff.telemetry.removed.map((c) => `${c.key} -> ${c.sink}: ${c.before} ${c.widening}`).sort();
    expect(removed).toEqual(["order.id -> eu-collector: raw false", "order.id -> vendor-apm: raw false"]);
  });

  it("allowed_in widened: the class's residency widens and a redacted flow goes raw", async () => {
    const diff = await diffOf(editing("residency.yaml", "- class: personal\n    allowed_in: [EU]", "- class: personal\n    allowed_in: [EU, US]"));
    const personal = diff.classes.find((c) => c.class === "personal")!;
    expect(personal.widening).toBe(true);
    expect(personal.origins).toContainEqual({ origin: "EU", rawWidened: ["US"], rawNarrowed: [], redactedWidened: [], redactedNarrowed: [] });
    expect(diff.telemetry.changed.find((c) => c.key === "user.email" && c.sink === "vendor-apm")).toMatchObject({ before: "hash", after: "raw", widening: true });
    expect(diff.widenings).toContain("class personal from EU: raw now allowed in US");
  });

  it("narrowing only: no widening, and the finding it causes is reported as introduced", async () => {
    const diff = await diffOf(editing("residency.yaml", "allowed_in: [EU]\n    redacted_allowed_in: [\"*\"]", "allowed_in: [EU]\n    redacted_allowed_in: [EU]"));
    expect(diff.widenings).toEqual([]);
    const personal = diff.classes.find((c) => c.class === "personal")!;
    expect(personal.origins.find((o) => o.origin === "EU")?.redactedNarrowed).toEqual(["US"]);
    expect(diff.findings.introduced.map((f) => `${f.rule} ${f.subject}`)).toContain(
      "egress/forbidden-sink checkout/span:checkout.place_order/user.email -> vendor-apm",
    );
    expect(diff.findings.cleared).toEqual([]);
  });

  it("a store replica in a new region: a placement that widens, with its finding; removing it clears both", async () => {
    const widened = editing("checkout.yaml", "regions: [eu-west-1, eu-central-1]\n    classes: [personal, internal]", "regions: [eu-west-1, eu-central-1, us-east-1]\n    classes: [personal, internal]");
    const diff = await diffOf(widened);
    expect(diff.placements.added.map((p) => `${p.subject} ${p.allowed}`).sort()).toEqual([
      "checkout/store:orders-db/internal -> us-east-1 true",
      "checkout/store:orders-db/personal -> us-east-1 false",
    ]);
    expect(diff.placements.added.every((p) => p.widening)).toBe(true);
    expect(diff.findings.introduced.map((f) => f.rule)).toEqual(["residency/store"]);

    const back = await diffOf(BASE, widened);
    expect(back.widenings).toEqual([]);
    expect(back.placements.removed).toHaveLength(2);
    expect(back.findings.cleared.map((f) => `${f.rule} ${f.subject}`)).toEqual(["residency/store checkout/store:orders-db/personal -> us-east-1"]);
    expect(back.findings.introduced).toEqual([]);
  });

  it("a new class sent to a dependency is a new placement", async () => {
    const diff = await diffOf(editing("checkout.yaml", "sends: [personal, payment_card]", "sends: [personal, payment_card, internal]"));
    expect(diff.placements.added.map((p) => `${p.kind} ${p.subject}`)).toEqual(["dependency checkout/internal -> payments"]);
    expect(diff.topology).toEqual([
      { kind: "service", name: "checkout", change: "changed", details: ["dependency on payments: sends personal, payment_card → personal, payment_card, internal"] },
    ]);
  });

  it("tier and topology changes come with the estimates they move", async () => {
    const after = withFiles({
      "tiers.yaml": BASE["tiers.yaml"]!.replace("rto: 1h", "rto: 2h"),
      "checkout.yaml": BASE["checkout.yaml"]!.replace("service: recommendations\n    hard: false", "service: recommendations\n    hard: true"),
    });
    const diff = await diffOf(after);
    expect(diff.tiers).toEqual([{ tier: "tier-1", change: "changed", details: ["rto 1h → 2h"] }]);
    expect(diff.topology).toEqual([{ kind: "service", name: "checkout", change: "changed", details: ["dependency on recommendations: soft → hard"] }]);
    const checkout = diff.estimates.find((e) => e.service === "checkout")!;
    expect(checkout).toMatchObject({ rtoBefore: "15m", rtoAfter: "1d", rtoTarget: "15m", rtoMet: false });
    expect(checkout.rtoBasis).toMatch(/recommendations/);
    expect(diff.findings.introduced.map((f) => f.rule).sort()).toEqual(["tier/dependency-inversion", "tier/rto-unmet"]);
  });

  it("a sink that moves to another jurisdiction: its flows leave one place and arrive in another", async () => {
    const diff = await diffOf(editing("sinks.yaml", "name: vendor-apm\nregion: us-east-1", "name: vendor-apm\nregion: eu-central-1"));
    expect(diff.topology).toEqual([{ kind: "sink", name: "vendor-apm", change: "changed", details: ["region us-east-1 (US) → eu-central-1 (EU)"] }]);
    const email = diff.telemetry.added.find((c) => c.key === "user.email" && c.sink === "vendor-apm")!;
    expect(email).toMatchObject({ region: "eu-central-1", jurisdiction: "EU", after: "raw", widening: true });
    expect(diff.telemetry.removed.find((c) => c.key === "user.email" && c.sink === "vendor-apm")).toMatchObject({ region: "us-east-1", before: "hash" });
  });
});

describe("cordon diff CLI", () => {
  const widening = () => twoCommits(BASE, editing("residency.yaml", "- class: personal\n    allowed_in: [EU]", "- class: personal\n    allowed_in: [EU, US]"));

  it("exits 1 with --fail-on-widening when a flow widens, 0 without the flag; leaves the work tree alone", () => {
    const repo = widening();
    writeFileSync(join(repo, "contracts", "uncommitted.yaml"), BASE["sinks.yaml"]!.replace(/eu-collector/g, "eu-extra").replace(/vendor-apm[\s\S]*/, "x\nregion: eu-west-1\nendpoint: https://x.example\nsignals: [logs]\n").replace("name: x", "name: eu-extra-2"));
    const status = git(repo, "status", "--porcelain");
    const scratch = mkdtempSync(join(tmpdir(), "cordon-diff-tmp-"));
    const env = { TMPDIR: scratch };
    const run = cordon(["diff", "--base", "HEAD~1", "--as-of", "2026-11-21", "--fail-on-widening"], { cwd: repo, env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("class personal from EU: raw now allowed in US");
    expect(cordon(["diff", "--base", "HEAD~1", "--as-of", "2026-11-21"], { cwd: repo, env }).code).toBe(0);
    expect(git(repo, "status", "--porcelain")).toBe(status);
    expect(readdirSync(scratch)).toEqual([]); // the base's scratch copy is gone
  });

  it("exits 0 with --fail-on-widening when the change only narrows", () => {
    const repo = twoCommits(BASE, editing("residency.yaml", "redacted_allowed_in: [\"*\"]", "redacted_allowed_in: [EU]"));
    const run = cordon(["diff", "--base", "HEAD~1", "--fail-on-widening", "--as-of", "2026-11-21"], { cwd: repo });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No flow becomes less restricted.");
  });

  it("markdown is a PR comment with the hidden marker; json is the same data", () => {
    const repo = widening();
    const markdown = cordon(["diff", "--base", "HEAD~1", "--format", "markdown", "--as-of", "2026-11-21"], { cwd: repo });
    expect(markdown.stdout.startsWith("<!-- cordon:diff -->\n")).toBe(true);
    expect(markdown.stdout).toContain("⚠️ **");
    const json = JSON.parse(cordon(["diff", "--base", "HEAD~1", "--format", "json", "--as-of", "2026-11-21"], { cwd: repo }).stdout);
    expect(json.widenings).toContain("class personal from EU: raw now allowed in US");
    expect(json.base.ref).toBe("HEAD~1");
  });

  it("a bad ref is a clear message and exit 2; outside git too", () => {
    const repo = widening();
    const bad = cordon(["diff", "--base", "no-such-branch"], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--base no-such-branch: no such commit, branch or tag/);
    expect(cordon(["diff", "--base", "--upload-pack=evil"], { cwd: repo }).code).toBe(2);
    const plain = mkdtempSync(join(tmpdir(), "cordon-nogit-"));
    mkdirSync(join(plain, "contracts"));
    for (const [name, text] of Object.entries(BASE)) writeFileSync(join(plain, "contracts", name), text);
    const outside = cordon(["diff", "--base", "HEAD"], { cwd: plain });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/not inside a git work tree/);
  });

  it("a base without the contracts folder: everything is new", () => {
    const repo = twoCommits(null, BASE);
    const run = cordon(["diff", "--base", "HEAD~1", "--format", "json", "--as-of", "2026-11-21"], { cwd: repo });
    expect(run.code).toBe(0);
    const diff = JSON.parse(run.stdout);
    expect(diff.base.note).toMatch(/holds no contracts at HEAD~1/);
    expect(diff.topology.filter((t: { change: string }) => t.change === "added").length).toBe(5); // 3 services, 2 sinks
  });
});
