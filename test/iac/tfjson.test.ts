/**
 * The fixtures are checked against the format's own Go types (hashicorp/terraform-json),
 * not only against cordon's reading of the docs: test/iac/tfjson-check decodes each plan
 * strictly (a field the format does not have fails it) and runs tfjson's format_version
 * validation. Needs Go (present on the CI machines; under CI=true its absence fails the test).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/cli.js";
import { plan, state } from "./plan-builder.js";

const hasGo = spawnSync("go", ["version"], { encoding: "utf8" }).status === 0;
const required = process.env.CI === "true";

describe.runIf(hasGo || required)("fixtures against hashicorp/terraform-json", () => {
  it("accepts examples/shop and shop-pr plans and the builder's plans and state", { timeout: 600_000 }, () => {
    expect(hasGo, "Go is needed for the terraform-json check (CI=true)").toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "cordon-tfjson-"));
    const binary = join(dir, "tfjson-check");
    const build = spawnSync("go", ["build", "-o", binary, "."], { cwd: join(REPO, "test/iac/tfjson-check"), encoding: "utf8", env: { ...process.env, GOFLAGS: "-mod=mod" } });
    expect(build.status, build.stderr).toBe(0);

    const built = join(dir, "built-plan.json");
    writeFileSync(
      built,
      JSON.stringify(
        plan({
          providers: { aws: { regionRef: "var.region" }, "aws.us": { region: "us-east-1", alias: "us" } },
          variables: { region: "eu-west-1" },
          resources: [
            { address: 'module.db["eu"].aws_rds_cluster.this', values: { arn: "arn:aws:rds:eu-west-1:1:cluster:c" } },
            { address: "aws_rds_cluster.r[0]", provider: "aws.us", refs: { replication_source_identifier: ["module.db"] }, unknown: ["arn"] },
          ],
        }),
      ),
    );
    const builtState = join(dir, "built-state.json");
    writeFileSync(builtState, JSON.stringify(state([{ address: "aws_sqs_queue.q", values: { arn: "arn:aws:sqs:eu-west-1:1:q" } }])));

    const files = [join(REPO, "examples/shop/infra/plan.json"), join(REPO, "examples/shop-pr/infra/plan.json"), built, builtState];
    const run = spawnSync(binary, files, { encoding: "utf8" });
    expect(run.stdout.trim().split("\n").map((line) => line.split(" ").slice(0, 1).concat(line.split(" ").slice(2)).join(" "))).toEqual([
      "ok plan 1.2 20",
      "ok plan 1.2 22",
      "ok plan 1.2 2",
      "ok state 1.0 1",
    ]);
    expect(run.status).toBe(0);

    // It can fail: a field the format does not have.
    const forged = join(dir, "forged.json");
    writeFileSync(forged, JSON.stringify({ ...plan({ resources: [] }), planned_value: {} }));
    const refused = spawnSync(binary, [forged], { encoding: "utf8" });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/unknown field "planned_value"/);
  });
});
