/**
 * `diff --iac plan.json`: the head is judged with the plan's planned resources and the base
 * with its prior state, so a region the plan adds (a US read replica the contracts never
 * changed for) shows as a new placement and a widening.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cordon } from "../helpers/cli.js";
import { editing } from "../helpers/shop-base.js";
import { twoCommits } from "../diff/repo.js";
import { plan, type TestResource } from "./plan-builder.js";

const ORDERS = "    classes: [personal, internal]\n";
const providers = { aws: { region: "eu-west-1" }, "aws.us": { region: "us-east-1", alias: "us" } };
const primary: TestResource = { address: "module.db.aws_rds_cluster.primary", values: { arn: "arn:aws:rds:eu-west-1:1:cluster:orders" } };
const replica: TestResource = {
  address: "aws_rds_cluster.us_reporting",
  provider: "aws.us",
  refs: { replication_source_identifier: ["module.db.primary_arn", "module.db"] },
  values: { replication_source_identifier: "arn:aws:rds:eu-west-1:1:cluster:orders" },
  unknown: ["arn"],
};

describe("diff --iac", () => {
  it("shows the region a plan adds as a new placement, a widening", () => {
    const contracts = editing("checkout.yaml", ORDERS, `${ORDERS}    iac: [module.db.aws_rds_cluster.primary]\n`);
    // The second commit changes a comment only: the contracts mean the same.
    const repo = twoCommits(contracts, { ...contracts, "checkout.yaml": `${contracts["checkout.yaml"]!}# reviewed\n` });
    const document = plan({ providers, resources: [primary, replica] });
    document["prior_state"] = { format_version: "1.0", terraform_version: "1.9.8", values: plan({ providers, resources: [primary] })["planned_values"] };
    const file = join(repo, "plan.json");
    writeFileSync(file, JSON.stringify(document));

    const run = cordon(["diff", "--base", "HEAD~1", "--as-of", "2026-11-21", "--format", "json", "--iac", file, "--fail-on-widening"], { cwd: repo });
    expect(run.stderr).toBe("");
    const diff = JSON.parse(run.stdout) as { placements: { added: { subject: string; allowed: boolean }[]; removed: unknown[] }; widenings: string[] };
    expect(diff.placements.added.map((p) => `${p.subject} ${p.allowed}`).sort()).toEqual([
      "checkout/store:orders-db/internal -> us-east-1 true",
      "checkout/store:orders-db/personal -> us-east-1 false",
    ]);
    expect(diff.placements.removed).toEqual([]);
    expect(diff.widenings.join("\n")).toMatch(/checkout\/store:orders-db\/personal -> us-east-1/);
    expect(run.code).toBe(1);

    // Without --iac the contracts alone did not change: nothing to say.
    const bare = cordon(["diff", "--base", "HEAD~1", "--as-of", "2026-11-21", "--format", "json", "--fail-on-widening"], { cwd: repo });
    expect(bare.code).toBe(0);
  });
});
