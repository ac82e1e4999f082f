// A generated organisation for benchmarks: N services × F fields × S sinks, EU and US homes,
// all kinds of documents, written as a platform team would split them.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function writeOrg({ services: SERVICES = 500, fields: FIELDS = 40, sinks: SINKS = 5 } = {}) {
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
return dir;
}
