/**
 * `check --iac` as users run it: the examples (shop passes with its plan; shop-pr's plan adds a
 * US read replica and a backup copy, and fails with findings at the store's YAML line naming
 * the resource), SARIF's logical location, and bad input (exit 2, bounded, nothing of the
 * file printed).
 */
import { closeSync, mkdtempSync, openSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cordon, REPO } from "../helpers/cli.js";
import { MAX_IAC_FILE_BYTES, MAX_IAC_RESOURCES, MAX_MODULE_DEPTH } from "../../compiler/iac/limits.js";

interface JsonFinding {
  rule: string;
  subject: string;
  severity: string;
  file: string | null;
  line: number | null;
  message: string;
  resource?: string;
}

/** The ```findings-iac block of examples/shop-pr/EXPECTED.md. */
function expectedIac(): string[] {
  const text = readFileSync(join(REPO, "examples/shop-pr/EXPECTED.md"), "utf8");
  const block = /```findings-iac\n([\s\S]*?)```/.exec(text)?.[1] ?? "";
  return block.split("\n").map((line) => line.trim()).filter(Boolean).sort();
}

function check(contracts: string, iac: string[], format = "json") {
  return cordon(["check", "--contracts", contracts, "--as-of", "2026-11-21", "--format", format, "--iac", ...iac]);
}

function findings(stdout: string): JsonFinding[] {
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
}

describe("examples", () => {
  it("examples/shop passes with its plan, every store mapped and nothing undeclared", () => {
    const run = check("examples/shop/contracts", ["examples/shop/infra/plan.json"]);
    expect(run.code).toBe(0);
    const unwaived = findings(run.stdout).filter((f) => f.rule !== "tier/dependency-inversion");
    expect(unwaived).toEqual([]);
  });

  it("examples/shop-pr's plan adds a US read replica and a backup copy to us-west-2: iac/replica and residency findings at the store's iac line", () => {
    const run = check("examples/shop-pr/contracts", ["examples/shop-pr/infra/plan.json"]);
    expect(run.code).toBe(1);
    const iacFindings = findings(run.stdout).filter((f) => f.rule.startsWith("iac/") || f.subject.endsWith("us-west-2"));
    expect(iacFindings.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual(expectedIac());
    expect(iacFindings.map((f) => `${f.subject} @${f.line} ${f.resource}`).sort()).toEqual([
      "checkout/backup/contact -> us-west-2 @27 aws_backup_vault.orders_us",
      "checkout/backup/personal -> us-west-2 @27 aws_backup_vault.orders_us",
      "checkout/store:orders-db/aws_backup_vault.orders_us -> us-west-2 @27 aws_backup_vault.orders_us",
      "checkout/store:orders-db/aws_rds_cluster.orders_us_reporting -> us-west-2 @27 aws_rds_cluster.orders_us_reporting",
      "checkout/store:orders-db/contact -> us-west-2 @27 aws_rds_cluster.orders_us_reporting",
      "checkout/store:orders-db/personal -> us-west-2 @27 aws_rds_cluster.orders_us_reporting",
    ]);
    for (const finding of iacFindings) expect(finding.file).toBe("examples/shop-pr/contracts/services/checkout.yaml");
  });

  it("SARIF carries the resource address as a logical location", () => {
    const run = check("examples/shop-pr/contracts", ["examples/shop-pr/infra/plan.json"], "sarif");
    const sarif = JSON.parse(run.stdout) as { runs: { results: { ruleId: string; locations: { logicalLocations?: { fullyQualifiedName: string; kind: string }[] }[] }[] }[] };
    const replica = sarif.runs[0]!.results.filter((r) => r.ruleId === "iac/replica");
    expect(replica.map((r) => r.locations[0]!.logicalLocations).sort()).toEqual([
      [{ fullyQualifiedName: "aws_backup_vault.orders_us", kind: "resource" }],
      [{ fullyQualifiedName: "aws_rds_cluster.orders_us_reporting", kind: "resource" }],
    ]);
  });
});

describe("report --iac", () => {
  it("shows the resources under their stores in the inventory, with their regions and copies", () => {
    const run = cordon(["report", "--contracts", "examples/shop-pr/contracts", "--as-of", "2026-11-21", "--format", "json", "--iac", "examples/shop-pr/infra/plan.json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { inventory: { name: string; stores: { service: string; store: string; resources?: { address: string; region: string; copies: { address: string; region: string }[] }[] }[] }[] };
    const personal = report.inventory.find((c) => c.name === "personal")!;
    const orders = personal.stores.find((s) => s.store === "orders-db")!;
    expect(orders.resources?.map((r) => `${r.address} ${r.region}`)).toEqual([
      "module.orders_db.aws_rds_cluster.primary eu-west-1",
      "module.orders_db.aws_rds_cluster.secondary eu-central-1",
    ]);
    expect(orders.resources?.[0]?.copies.map((c) => `${c.address} ${c.region}`)).toContain("aws_rds_cluster.orders_us_reporting us-west-2");
    const cardVault = report.inventory.find((c) => c.name === "payment_card")!.stores.find((s) => s.store === "card-vault")!;
    expect(cardVault.resources?.[0]?.copies.map((c) => c.region)).toEqual(["eu-central-1"]);
  });
});

describe("bad input: a finding and exit 2, the file's content never printed", () => {
  const dir = mkdtempSync(join(tmpdir(), "cordon-iac-"));
  const SECRET = "s3cr3t-Do-Not-Print";
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  const cases: [string, () => string, RegExp][] = [
    ["not JSON", () => file("plan.out", `tfplan\u0000${SECRET} binary`), /is not JSON/],
    ["truncated JSON", () => file("cut.json", `{"format_version":"1.2","planned_values":{"${SECRET}":`), /is not JSON \((syntax error at character \d+|it ends before its JSON does)\)/],
    ["a plan of another tool (CloudFormation)", () => file("cfn.json", JSON.stringify({ AWSTemplateFormatVersion: "2010-09-09", Resources: { [SECRET]: { Type: "AWS::S3::Bucket" } } })), /not `terraform show -json` output/],
    ["a raw terraform.tfstate", () => file("terraform.tfstate", JSON.stringify({ version: 4, terraform_version: "1.9.8", resources: [{ name: SECRET }] })), /raw Terraform state file/],
    ["an unknown format version", () => file("v2.json", JSON.stringify({ format_version: "2.0", planned_values: {} , note: SECRET })), /format_version/],
    ["a missing file", () => join(dir, "missing.json"), /does not exist/],
    [
      "a 200 MB file (sparse: refused before reading)",
      () => {
        const path = join(dir, "huge.json");
        closeSync(openSync(path, "w"));
        truncateSync(path, 200 * 1024 * 1024);
        return path;
      },
      new RegExp(`200 MB, over the ${Math.round(MAX_IAC_FILE_BYTES / 1048576)} MB`),
    ],
    [
      "100,000 resources",
      () => {
        const resources = Array.from({ length: 100_000 }, (_, i) => ({ address: `aws_sqs_queue.q${i}`, mode: "managed", type: "aws_sqs_queue", name: `q${i}`, values: {} }));
        return file("many.json", JSON.stringify({ format_version: "1.0", values: { root_module: { resources } } }));
      },
      new RegExp(`more than ${MAX_IAC_RESOURCES.toLocaleString("en-US")} resources`),
    ],
    [
      "modules nested past the limit",
      () => {
        let module: Record<string, unknown> = { resources: [] };
        let address = "";
        const addresses: string[] = [];
        for (let i = 0; i <= MAX_MODULE_DEPTH + 1; i++) addresses.push((address = address === "" ? `module.m${i}` : `${address}.module.m${i}`));
        for (const at of addresses.reverse()) module = { address: at, resources: [], child_modules: [module] };
        return file("deep.json", JSON.stringify({ format_version: "1.0", values: { root_module: { resources: [], child_modules: [module] } } }));
      },
      /nested more than \d+ deep/,
    ],
    [
      "cyclic module references (a child repeating its parent's address)",
      () =>
        file(
          "cycle.json",
          JSON.stringify({
            format_version: "1.0",
            values: { root_module: { child_modules: [{ address: "module.a", child_modules: [{ address: "module.a", resources: [] }] }] } },
          }),
        ),
      /module tree is inconsistent/,
    ],
  ];

  for (const [name, make, message] of cases) {
    it(name, () => {
      const path = make();
      for (const format of ["json", "text", "sarif"]) {
        const run = check("examples/shop/contracts", [path], format);
        expect(run.code, run.stderr).toBe(2);
        expect(run.stdout + run.stderr).not.toContain(SECRET);
        expect(run.stderr).toBe("");
        if (format === "json") {
          const unreadable = findings(run.stdout).filter((f) => f.rule === "iac/unreadable");
          expect(unreadable).toHaveLength(1);
          expect(unreadable[0]!.message).toMatch(message);
          // What the file might have held is not guessed at either: no unmapped-store noise.
          expect(findings(run.stdout).filter((f) => f.rule === "iac/unmapped-store")).toEqual([]);
        }
      }
    });
  }

  it("one unreadable file does not hide the findings of the others", () => {
    const run = check("examples/shop-pr/contracts", [join(dir, "missing.json"), "examples/shop-pr/infra/plan.json"]);
    expect(run.code).toBe(2);
    const rules = findings(run.stdout).map((f) => f.rule);
    expect(rules).toContain("iac/unreadable");
    expect(rules).toContain("iac/replica");
  });
});
