// Benchmark: `cordon validate` as a whole process (node start-up included) on a generated set
// of 500 services × 40 fields × 5 sinks. Target ≤ 1 s. Run after `npx tsc -p tsconfig.build.json`:
//   node bench/validate.mjs [runs=10]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SERVICES = 500;
const FIELDS = 40;
const SINKS = 5;
const RUNS = Math.max(10, Number(process.argv[2] ?? 10));
const main = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

const dir = mkdtempSync(join(tmpdir(), "cordon-bench-"));
mkdirSync(join(dir, "services"));
const regions = ["eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-south-1"];
const jurisdictions = { "eu-west-1": "EU", "eu-central-1": "EU", "us-east-1": "US", "us-west-2": "US", "ap-south-1": "IN" };
const classes = ["public", "internal", "personal", "payment_card"];
writeFileSync(join(dir, "classes.yaml"), `apiVersion: cordon/v1\nkind: DataClasses\nclasses:\n${classes.map((c, i) => `  - name: ${c}\n    level: ${i}\n    redaction: ${i > 1 ? "hash" : "drop"}`).join("\n")}\n`);
writeFileSync(
  join(dir, "residency.yaml"),
  `apiVersion: cordon/v1\nkind: Residency\nregions:\n${regions.map((r) => `  ${r}: { jurisdiction: ${jurisdictions[r]} }`).join("\n")}\nrules:\n${classes.map((c) => `  - class: ${c}\n    allowed_in: [EU]`).join("\n")}\ndefault: deny\n`,
);
writeFileSync(join(dir, "tiers.yaml"), "apiVersion: cordon/v1\nkind: Tiers\ntiers:\n  - { name: tier-0, rto: 15m, rpo: 0s, min_regions: 2, drill_every: 90d }\n  - { name: tier-1, rto: 1h, rpo: 5m }\n  - { name: tier-2, rto: 24h, rpo: 24h }\n");
const sinks = Array.from({ length: SINKS }, (_, i) => `sink-${i}`);
writeFileSync(
  join(dir, "sinks.yaml"),
  sinks.map((s, i) => `apiVersion: cordon/v1\nkind: Sink\nname: ${s}\nregion: ${regions[i % regions.length]}\nendpoint: https://otel-${i}.example.com:4318\nsignals: [traces, logs, metrics]\n`).join("---\n"),
);
for (let s = 0; s < SERVICES; s++) {
  const region = regions[s % 2];
  const fields = Array.from({ length: FIELDS }, (_, f) => `        app.s${s}.field_${f}: { class: ${classes[f % classes.length]}, type: ${f % 3 ? "string" : "int"} }`).join("\n");
  writeFileSync(
    join(dir, "services", `svc-${s}.yaml`),
    `apiVersion: cordon/v1
kind: Service
name: svc-${s}
owner: team-${s % 20}
tier: tier-${s % 3}
region: ${region}
deployment:
  regions: [eu-west-1, eu-central-1]
  strategy: warm-standby
  replication: { mode: async, max_lag: 5s }
  backup: { interval: 1h, regions: [eu-central-1] }
stores:
  - { name: db-${s}, kind: database, regions: [${region}], classes: [personal, internal] }
dependencies:
${s > 0 ? `  - { service: svc-${s - 1}, hard: ${s % 2 === 0}, sends: [internal] }` : "  []"}
telemetry:
  sinks: [${sinks.join(", ")}]
  spans:
    - name: svc-${s}.handle
      attributes:
${fields}
`.replace("dependencies:\n  []", "dependencies: []"),
  );
}

const times = [];
for (let i = 0; i < RUNS + 1; i++) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [main, "validate", "--contracts", dir], { encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) {
    console.error(run.stdout.slice(0, 2000), run.stderr);
    throw new Error(`validate exited ${run.status}`);
  }
  if (i > 0) times.push(ms); // the first run warms the file cache
}
if (process.env.KEEP) console.log(dir); else rmSync(dir, { recursive: true, force: true });
times.sort((a, b) => a - b);
const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
const fmt = (ms) => `${ms.toFixed(0)} ms`;
console.log(`cordon validate, ${SERVICES} services × ${FIELDS} fields × ${SINKS} sinks, whole process, ${times.length} runs`);
console.log(`min ${fmt(times[0])}  median ${fmt(median)}  max ${fmt(times[times.length - 1])}  (target ≤ 1000 ms: ${median <= 1000 ? "met" : "NOT met"}, ratio ${(median / 1000).toFixed(2)})`);
