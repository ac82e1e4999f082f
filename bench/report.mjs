// cordon report for a 500-service organisation, whole process (node dist/cli/main.js),
// min/median/max over runs. Target: ≤ 2 s. Run `npm run build` first.
//   node bench/report.mjs [services=500] [runs=7]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const SERVICES = Number(process.argv[2] ?? 500);
const RUNS = Number(process.argv[3] ?? 7);
const TARGET_MS = 2000;

function organisation(dir, count) {
  const put = (name, text) => {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  };
  put("classes.yaml", `apiVersion: cordon/v1
kind: DataClasses
classes:
  - { name: public, level: 0 }
  - { name: internal, level: 1 }
  - { name: personal, level: 2, redaction: hash }
  - { name: payment_card, level: 3, redaction: drop, raw_in_telemetry: false, detectors: [pan] }
`);
  put("residency.yaml", `apiVersion: cordon/v1
kind: Residency
regions:
  eu-west-1: { jurisdiction: EU }
  eu-central-1: { jurisdiction: EU }
  us-east-1: { jurisdiction: US }
  us-west-2: { jurisdiction: US }
  ap-southeast-1: { jurisdiction: APAC }
rules:
  - { class: public, allowed_in: ["*"] }
  - { class: internal, allowed_in: ["*"] }
  - { class: personal, from: [EU], allowed_in: [EU] }
  - { class: personal, allowed_in: [US, APAC] }
  - { class: payment_card, allowed_in: [eu-west-1, eu-central-1], redacted_allowed_in: [EU] }
default: deny
`);
  put("tiers.yaml", `apiVersion: cordon/v1
kind: Tiers
tiers:
  - { name: tier-0, rto: 15m, rpo: 30s, min_regions: 2, drill_every: 365d }
  - { name: tier-1, rto: 1h, rpo: 5m }
  - { name: tier-2, rto: 24h, rpo: 24h }
`);
  const sinks = [["eu-collector", "eu-west-1"], ["eu-logs", "eu-central-1"], ["vendor-apm", "us-east-1"], ["us-collector", "us-east-1"], ["ap-collector", "ap-southeast-1"]];
  put("sinks.yaml", sinks.map(([name, region]) => `apiVersion: cordon/v1
kind: Sink
name: ${name}
region: ${region}
endpoint: https://${name}.example:4318
signals: [traces, logs, metrics]
`).join("---\n"));
  const homes = ["eu-west-1", "eu-west-1", "us-east-1", "ap-southeast-1"];
  for (let i = 0; i < count; i++) {
    const home = homes[i % homes.length];
    const eu = home.startsWith("eu");
    const standby = eu ? "eu-central-1" : home === "us-east-1" ? "us-west-2" : "ap-southeast-1";
    const tier = `tier-${i % 3}`;
    const deps = [1, 7, 31].map((d) => i + d).filter((d) => d < count).map((d, k) => `  - { service: svc-${d}, hard: ${k === 0 && i % 3 === 2}, sends: [internal${k === 1 ? ", personal" : ""}] }`).join("\n");
    const sinkList = eu ? "[eu-collector, eu-logs, vendor-apm]" : home === "us-east-1" ? "[us-collector, vendor-apm]" : "[ap-collector, vendor-apm]";
    put(`services/svc-${i}.yaml`, `apiVersion: cordon/v1
kind: Service
name: svc-${i}
owner: team-${i % 40}
tier: ${tier}
region: ${home}
deployment:
  regions: [${home}${standby !== home ? `, ${standby}` : ""}]
  strategy: ${["active-active", "warm-standby", "pilot-light"][i % 3]}
  replication: { mode: async, max_lag: 5s }
  backup: { interval: 1h, regions: [${standby}] }
  drill: { date: 2026-09-01, rto: 10m, rpo: 5s, result: passed }
stores:
  - { name: db-${i}, kind: database, regions: [${home}, ${standby}], classes: [personal, internal] }
  - { name: cache-${i}, kind: cache, regions: [${home}], classes: [internal] }
${deps ? `dependencies:\n${deps}` : ""}
telemetry:
  sinks: ${sinkList}
  resource:
    service.name: { class: public, type: string }
  spans:
    - name: svc-${i}.handle
      attributes:
        user.id: { class: personal, type: string }
        user.email: { class: personal, type: string }
        order.id: { class: internal, type: string }
        card.number: { class: payment_card, type: string }
        http.route: { class: public, type: string }
  logs:
    attributes:
      user.id: { class: personal, type: string }
      error.type: { class: internal, type: string }
  metrics:
    - name: svc-${i}.requests
      instrument: counter
      attributes:
        http.route: { class: public, type: string }
`);
  }
}

const scratch = mkdtempSync(join(tmpdir(), "cordon-bench-report-"));
try {
  const contracts = join(scratch, "contracts");
  organisation(contracts, SERVICES);
  const out = join(scratch, "report.html");
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [CLI, "report", "--contracts", contracts, "--format", "html", "--out", out, "--as-of", "2026-11-21"], { encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0 && result.status !== 1) {
      console.error(result.stderr || result.stdout);
      process.exit(1);
    }
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const size = statSync(out).size;
  console.log(`cordon report --format html, ${SERVICES} services, ${RUNS} runs (whole process):`);
  console.log(`  min ${times[0].toFixed(0)} ms · median ${median.toFixed(0)} ms · max ${times[times.length - 1].toFixed(0)} ms · report ${(size / 1024 / 1024).toFixed(1)} MB`);
  console.log(`  target ≤ ${TARGET_MS} ms: median is ${(median / TARGET_MS).toFixed(2)}× the target — ${median <= TARGET_MS ? "met" : "NOT met"}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
