/**
 * SPEC §5 (report), black-box: one self-contained HTML file and a Markdown variant with a
 * Mermaid diagram, holding what the SPEC lists; nothing written into the contracts folder.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cordon } from "../helpers/cli.js";
import { BASE, project } from "./base-set.js";

const FILES = {
  "checkout.yaml": BASE["checkout.yaml"]! + "dependencies:\n  - { service: recommendations, hard: true }\n",
  "recommendations.yaml": BASE["checkout.yaml"]!.replace("name: checkout", "name: recommendations").replace("tier: tier-2", "tier: tier-2"),
  "tiers.yaml": BASE["tiers.yaml"]!.replace("rpo: 0s", "rpo: 0s\n    drill_every: 90d"),
  "waiver.yaml": `apiVersion: cordon/v1
kind: Waiver
rule: tier/rpo-unmet
subject: checkout
reason: "replication ships in Q1"
approved_by: jane.doe@example.com
expires: 2027-01-31
`,
};

describe("SPEC §5 report", () => {
  it("HTML: self-contained, with digest, generation time, inventory, map, matrix, tiers, findings with waivers, assumptions", () => {
    const dir = project({ ...FILES, "checkout.yaml": FILES["checkout.yaml"].replace("tier: tier-2", "tier: tier-0") });
    const run = cordon(["report", "--as-of", "2026-11-20", "--out", "report.html"], { cwd: dir });
    expect(run.code).toBe(1); // tier-0 checkout: unwaived errors remain
    const html = readFileSync(join(dir, "report.html"), "utf8");
    // no network fetch: nothing loaded from a URL
    expect(html).not.toMatch(/<(script|img|link|iframe)[^>]+(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    const check = JSON.parse(cordon(["check", "--format", "json", "--as-of", "2026-11-20"], { cwd: dir }).stdout) as { contractsDigest: string };
    expect(html).toContain(check.contractsDigest);
    expect(html).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/); // generation time
    for (const text of ["user.email", "eu-collector", "EU", "tier-0", "15m", "jane.doe@example.com", "2027-01-31", "replication ships in Q1", "tier/rpo-unmet", "warm-standby", "backup-restore"]) {
      expect(html, text).toContain(text);
    }
    expect(readdirSync(join(dir, "contracts")).sort()).toEqual(["checkout.yaml", "classes.yaml", "recommendations.yaml", "residency.yaml", "sink.yaml", "tiers.yaml", "waiver.yaml"]);
  });

  it("Markdown: a Mermaid data-flow diagram and the same sections", () => {
    const dir = project(FILES);
    const run = cordon(["report", "--format", "md", "--as-of", "2026-11-20"], { cwd: dir });
    expect(run.stdout).toContain("```mermaid");
    for (const text of ["user.email", "eu-collector", "jane.doe@", "replication ships in Q1", "2027-01-31"]) expect(run.stdout, text).toContain(text);
  });
});
