/**
 * The parser against the real format: OpenTofu (MPL-2.0, built from the Go module proxy by
 * .ci/build-tofu) plans and applies a configuration with modules, for_each and count using
 * only its built-in `terraform_data` resource (no provider download, no network), and cordon
 * reads `tofu show -json` of the plan and of the state. Skipped where no tofu binary exists,
 * except under CI=true, where its absence fails the test.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resourcesOf } from "../../compiler/iac/terraform-json.js";
import { cordon } from "../helpers/cli.js";
import { writeFiles } from "../helpers/contract-files.js";
import { editing } from "../helpers/shop-base.js";
import { readFileSync } from "node:fs";

/** Where .ci/build-tofu leaves the binary; CORDON_TOFU overrides. */
const TOFU = process.env.CORDON_TOFU ?? join(homedir(), ".cache/cordon-ci/tofu-v1.8.8/tofu");
const hasTofu = existsSync(TOFU);
const required = process.env.CI === "true";

function tofu(dir: string, args: string[]): string {
  const run = spawnSync(TOFU, args, {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, TF_CLI_CONFIG_FILE: join(dir, "cli.tfrc"), TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_DATA_DIR: join(dir, ".tofu") },
  });
  if (run.status !== 0) throw new Error(`tofu ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

describe.runIf(hasTofu || required)("real `tofu show -json` output", () => {
  it("reads a real plan and state: module tree, instance keys, after_unknown, and a region it cannot know", { timeout: 300_000 }, () => {
    expect(hasTofu, `no OpenTofu binary at ${TOFU}: run .ci/build-tofu`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "cordon-tofu-"));
    mkdirSync(join(dir, "modules/orders"), { recursive: true });
    writeFileSync(join(dir, "cli.tfrc"), "");
    writeFileSync(
      join(dir, "main.tf"),
      `module "orders" {\n  source  = "./modules/orders"\n  regions = ["eu", "us"]\n}\nresource "terraform_data" "replica" {\n  count = 1\n  input = module.orders.ids\n}\n`,
    );
    writeFileSync(
      join(dir, "modules/orders/main.tf"),
      `variable "regions" { type = list(string) }\nresource "terraform_data" "db" {\n  for_each = toset(var.regions)\n  input    = each.key\n}\noutput "ids" { value = [for d in terraform_data.db : d.id] }\n`,
    );
    tofu(dir, ["init", "-input=false", "-no-color"]);
    tofu(dir, ["plan", "-input=false", "-no-color", "-out=plan.out"]);
    const planPath = join(dir, "plan.json");
    writeFileSync(planPath, tofu(dir, ["show", "-json", "plan.out"]));
    tofu(dir, ["apply", "-input=false", "-no-color", "-auto-approve", "plan.out"]);
    const statePath = join(dir, "state.json");
    writeFileSync(statePath, tofu(dir, ["show", "-json"]));

    const planned = resourcesOf(JSON.parse(readFileSync(planPath, "utf8")), planPath, 100);
    expect(planned.map((r) => `${r.address} | ${r.configAddress} | ${r.provider}`).sort()).toEqual([
      'module.orders.terraform_data.db["eu"] | module.orders.terraform_data.db | terraform',
      'module.orders.terraform_data.db["us"] | module.orders.terraform_data.db | terraform',
      "terraform_data.replica[0] | terraform_data.replica | terraform",
    ]);
    // Created by this plan: its id is known only after apply, and the plan says so.
    expect([...planned.find((r) => r.address === "terraform_data.replica[0]")!.unknown].sort()).toEqual(["id", "input", "output"]);
    // No region anywhere (a provider without one): reported unknown, never guessed.
    for (const resource of planned) expect(resource.region.known).toBe(false);

    const stored = resourcesOf(JSON.parse(readFileSync(statePath, "utf8")), statePath, 100);
    expect(stored.map((r) => r.address).sort()).toEqual(planned.map((r) => r.address).sort());
    expect(stored.every((r) => typeof r.values["id"] === "string")).toBe(true);

    // Through the CLI: a store mapped to the real addresses gets iac findings at its iac: line.
    const orders = "    classes: [personal, internal]\n";
    const contracts = writeFiles(editing("checkout.yaml", orders, `${orders}    iac: [module.orders.terraform_data.db, terraform_data.gone]\n`));
    for (const file of [planPath, statePath]) {
      const run = cordon(["check", "--contracts", contracts, "--as-of", "2026-11-21", "--format", "json", "--iac", file]);
      expect(run.code, run.stderr).toBe(1);
      const findings = (JSON.parse(run.stdout) as { findings: { rule: string; subject: string; line: number }[] }).findings;
      expect(findings.filter((f) => f.rule.startsWith("iac/")).map((f) => `${f.rule} ${f.subject}`).sort()).toEqual([
        'iac/store-region checkout/store:orders-db/module.orders.terraform_data.db["eu"] -> unknown',
        'iac/store-region checkout/store:orders-db/module.orders.terraform_data.db["us"] -> unknown',
        "iac/unmapped-store checkout/store:orders-db/terraform_data.gone",
      ]);
    }
  });
});
