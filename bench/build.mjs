// Benchmark: `cordon build --target ts` as a whole process on a generated set of 500 services ×
// 40 fields × 5 sinks (bench/lib/org.mjs), and the bytes of the modules it writes; the shop's
// modules' bytes too. Target: ≤ 4 s for 500 services, ≤ 40 KB per shop service.
// Run after `npm run build`: `node bench/build.mjs [runs=3] [cli=dist/cli/main.js]` (another
// build's CLI can be passed to compare before and after).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeOrg } from "./lib/org.mjs";
import { stats } from "./lib/timing.mjs";

const runs = Number(process.argv[2] ?? 3);
const cli = resolve(process.argv[3] ?? fileURLToPath(new URL("../dist/cli/main.js", import.meta.url)));
const shop = fileURLToPath(new URL("../examples/shop/contracts", import.meta.url));

function build(contracts) {
  const out = mkdtempSync(join(tmpdir(), "cordon-build-"));
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli, "build", "--contracts", contracts, "--out", out], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`build exited ${run.status}: ${run.stderr.slice(0, 2000)}`);
  const sizes = readdirSync(out).filter((f) => f.endsWith(".ts")).map((f) => [f, statSync(join(out, f)).size]);
  rmSync(out, { recursive: true, force: true });
  return { ms, sizes };
}

const org = writeOrg({ services: 500, fields: 40, sinks: 5 });
const times = [];
let sizes = [];
for (let i = 0; i <= runs; i++) {
  const r = build(org);
  if (i > 0) times.push(r.ms); // the first run warms the file cache
  sizes = r.sizes;
}
const t = stats(times);
const total = sizes.reduce((n, [, s]) => n + s, 0);
console.log(`cordon build, 500 services × 40 fields × 5 sinks (${cli}):`);
console.log(`  ms min/median/max ${t.min.toFixed(0)} / ${t.median.toFixed(0)} / ${t.max.toFixed(0)} over ${t.runs} runs (target ≤ 4000)`);
console.log(`  ${sizes.length} modules, ${(total / 1e6).toFixed(1)} MB, ${(total / sizes.length / 1024).toFixed(1)} KB per module`);
const shopSizes = build(shop).sizes;
console.log(`examples/shop modules (target ≤ 40 KB each): ${shopSizes.map(([f, s]) => `${f} ${(s / 1024).toFixed(1)} KB`).join(", ")}`);
rmSync(org, { recursive: true, force: true });
