// Benchmark: the contract loader and the text formatter at scale (issue 12), whole process:
//   (1) 20,000 findings in one file: `check --format text` against `--format json` (target ≤ 2×);
//   (2) 100,000 services in 100 files: `validate` (target ≤ 3 s);
//   (3) 10,000 small files: `validate` (target ≤ 1 s).
// Run after `npm run build`:  node bench/loader.mjs [runs=5]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { report, timeCli } from "./lib/timing.mjs";

const runs = Math.max(3, Number(process.argv[2] ?? 5));
const root = mkdtempSync(join(tmpdir(), "cordon-bench-loader-"));

const HEADER = [
  "apiVersion: cordon/v1\nkind: DataClasses\nclasses:\n  - { name: public, level: 0 }\n  - { name: personal, level: 2, redaction: hash }\n",
  "apiVersion: cordon/v1\nkind: Residency\nregions:\n  eu-west-1: { jurisdiction: EU }\n  us-east-1: { jurisdiction: US }\nrules:\n  - { class: personal, allowed_in: [EU] }\ndefault: allow\n",
  "apiVersion: cordon/v1\nkind: Tiers\ntiers:\n  - { name: tier-1, rto: 1h, rpo: 5m }\n",
  "apiVersion: cordon/v1\nkind: Sink\nname: eu-collector\nregion: eu-west-1\nendpoint: https://otel.eu.example:4318\nsignals: [traces, logs, metrics]\n",
];

function folder(name) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  HEADER.forEach((text, i) => writeFileSync(join(dir, `base-${i}.yaml`), text));
  return dir;
}

function service(n) {
  return `apiVersion: cordon/v1\nkind: Service\nname: svc-${n}\ntier: tier-1\nregion: eu-west-1\ntelemetry:\n  sinks: [eu-collector]\n  logs:\n    attributes:\n      user.id: { class: personal, type: string }\n`;
}

// (1) One file with 20,000 one-line errors (a key given again and again).
const many = folder("many-findings");
writeFileSync(join(many, "many.yaml"), `apiVersion: cordon/v1\nkind: FieldSet\nname: many\nfields:\n${Array.from({ length: 20_001 }, () => "  a.b: { class: public, type: string }").join("\n")}\n`);

// (2) 100,000 services in 100 files of 1,000 documents each.
const big = folder("100k-services");
for (let f = 0; f < 100; f++) {
  writeFileSync(join(big, `services-${f}.yaml`), Array.from({ length: 1_000 }, (_, i) => service(f * 1_000 + i)).join("---\n"));
}

// (3) 10,000 small files, one service each, in 100 folders.
const files = folder("10k-files");
for (let d = 0; d < 100; d++) {
  mkdirSync(join(files, `team-${d}`));
  for (let i = 0; i < 100; i++) writeFileSync(join(files, `team-${d}`, `svc-${i}.yaml`), service(d * 100 + i));
}

try {
  const check = (format) => ["check", "--contracts", many, "--format", format, "--as-of", "2026-11-21"];
  // Alternate the two formats so that load on the machine hits both alike.
  const text = [];
  const json = [];
  for (let r = 0; r < runs; r++) {
    json.push(timeCli(check("json"), { runs: 1, okCodes: [2] }).median);
    text.push(timeCli(check("text"), { runs: 1, okCodes: [2] }).median);
  }
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1], runs: s.length };
  };
  const t = stats(text);
  const j = stats(json);
  report("check --format json, 20,000 findings in one file", j, Math.round(2 * j.median));
  report("check --format text, 20,000 findings in one file", t, Math.round(2 * j.median));
  const ratios = text.map((ms, i) => ms / json[i]).sort((a, b) => a - b);
  console.log(`  text/json per run: min ${ratios[0].toFixed(2)}×  median ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}×  max ${ratios[ratios.length - 1].toFixed(2)}×  (target ≤ 2×)`);
  report("validate, 100,000 services in 100 files", timeCli(["validate", "--contracts", big], { runs }), 3000);
  report("validate, 10,000 files", timeCli(["validate", "--contracts", files], { runs }), 1000);
} finally {
  if (process.env.KEEP) console.log(root);
  else rmSync(root, { recursive: true, force: true });
}
