// Benchmark: `check --iac` on a plan with 10,000 resources costs ≤ 1 s beyond `check` alone
// (examples/shop's contracts; its plan grown by 100 modules × 100 resources with tags,
// provider aliases, references and after_unknown, as a large estate's plan looks).
// Run after `npm run build`:  node bench/iac.mjs [runs=10]
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { report, stats, timeCli } from "./lib/timing.mjs";

const runs = Math.max(10, Number(process.argv[2] ?? 10));
const shop = fileURLToPath(new URL("../examples/shop/contracts", import.meta.url));
const plan = JSON.parse(readFileSync(fileURLToPath(new URL("../examples/shop/infra/plan.json", import.meta.url)), "utf8"));

const TYPES = ["aws_sqs_queue", "aws_s3_bucket", "aws_db_instance", "aws_dynamodb_table", "aws_backup_selection"];
const REGIONS = { aws: "eu-west-1", "aws.standby": "eu-central-1", "aws.us": "us-east-1" };
const root = plan.planned_values.root_module;
root.child_modules ??= [];
for (let m = 0; m < 100; m++) {
  const module = `module.team_${m}`;
  const child = { address: module, resources: [] };
  const config = { resources: [] };
  plan.configuration.root_module.module_calls[`team_${m}`] = { source: "./modules/team", expressions: {}, module: config };
  for (let r = 0; r < 100; r++) {
    const type = TYPES[r % TYPES.length];
    const provider = Object.keys(REGIONS)[r % 3];
    const name = `r${r}`;
    const address = `${module}.${type}.${name}`;
    const created = r % 4 === 0;
    const values = {
      name: `team-${m}-${r}`,
      ...(created ? {} : { arn: `arn:aws:${type.split("_")[1]}:${REGIONS[provider]}:493817263054:team-${m}-${r}`, id: `team-${m}-${r}` }),
      // Data stores carry cordon tags (1 in 50 here, mapped to checkout's carts); the rest only team tags.
      tags: { team: `team-${m}`, ...(r % 50 === 1 ? { "cordon:service": "checkout", "cordon:store": "carts" } : {}) },
    };
    if (type === "aws_backup_selection") values.resources = [`arn:aws:rds:eu-west-1:493817263054:db:team-${m}`];
    child.resources.push({ address, mode: "managed", type, name, provider_name: "registry.terraform.io/hashicorp/aws", schema_version: 0, values, sensitive_values: {} });
    plan.resource_changes.push({
      address, module_address: module, mode: "managed", type, name, provider_name: "registry.terraform.io/hashicorp/aws",
      change: { actions: [created ? "create" : "no-op"], before: created ? null : values, after: values, after_unknown: created ? { arn: true, id: true } : {} },
    });
    config.resources.push({
      address: `${type}.${name}`, mode: "managed", type, name, provider_config_key: provider,
      expressions: { name: { constant_value: values.name }, ...(r > 0 ? { description: { references: [`${TYPES[(r - 1) % TYPES.length]}.r${r - 1}.arn`] } } : {}) },
      schema_version: 0,
    });
  }
  root.child_modules.push(child);
}

const dir = mkdtempSync(join(tmpdir(), "cordon-bench-iac-"));
const file = join(dir, "plan.json");
writeFileSync(file, JSON.stringify(plan));
try {
  const count = plan.resource_changes.length;
  console.log(`plan: ${count} resources, ${(statSync(file).size / 1048576).toFixed(1)} MB`);
  const bare = timeCli(["check", "--contracts", shop, "--as-of", "2026-11-21", "--format", "json"], { runs });
  const withIac = timeCli(["check", "--contracts", shop, "--as-of", "2026-11-21", "--format", "json", "--iac", file], { runs, okCodes: [0, 1] });
  report("cordon check, examples/shop", bare, 300);
  report(`cordon check --iac, examples/shop + ${count} resources`, withIac, bare.median + 1000);
  console.log(
    `  --iac costs: min ${(withIac.min - bare.min).toFixed(0)} ms  median ${(withIac.median - bare.median).toFixed(0)} ms  max ${(withIac.max - bare.max).toFixed(0)} ms beyond check alone (target ≤ 1000 ms: ${withIac.median - bare.median <= 1000 ? "met" : "NOT met"}); ratio ${(withIac.median / bare.median).toFixed(2)}×`,
  );
  // In process, CPU time (user + system): what --iac itself costs, less sensitive than wall
  // time to a machine shared with other work. Each sample: read the plan, map and check.
  const { loadContractSet } = await import("../dist/contracts/load.js");
  const { analyse } = await import("../dist/compiler/check.js");
  const { readIac } = await import("../dist/compiler/iac/read.js");
  const { set } = await loadContractSet(shop);
  const cpu = (work) => {
    const samples = [];
    for (let i = 0; i < runs + 1; i++) {
      const started = process.cpuUsage();
      work();
      const used = process.cpuUsage(started);
      if (i > 0) samples.push((used.user + used.system) / 1000);
    }
    return stats(samples);
  };
  const plain = cpu(() => analyse(set, { asOf: "2026-11-21" }));
  const inventories = [];
  for (let i = 0; i < runs + 1; i++) inventories.push(await readIac([file]));
  const readCpu = [];
  for (let i = 0; i < 3; i++) {
    const started = process.cpuUsage();
    await readIac([file]);
    const used = process.cpuUsage(started);
    readCpu.push((used.user + used.system) / 1000);
  }
  let next = 0;
  const mapped = cpu(() => analyse(set, { asOf: "2026-11-21", iac: inventories[next++] }));
  const read = stats(readCpu);
  const fmt = (s) => `min ${s.min.toFixed(0)} ms  median ${s.median.toFixed(0)} ms  max ${s.max.toFixed(0)} ms`;
  console.log(`in process, CPU time: analyse alone ${fmt(plain)}`);
  console.log(`  readIac (parse + resources + regions) ${fmt(read)}; analyse with --iac ${fmt(mapped)}`);
  console.log(`  --iac CPU beyond check: median ${(read.median + mapped.median - plain.median).toFixed(0)} ms (target ≤ 1000 ms: ${read.median + mapped.median - plain.median <= 1000 ? "met" : "NOT met"})`);
} finally {
  if (process.env.KEEP) console.log(file);
  else rmSync(dir, { recursive: true, force: true });
}
