// Benchmark: `cordon build --target ts` as a whole process on a generated set of 500 services ×
// 40 fields × 5 sinks (bench/lib/org.mjs), and the bytes of the modules it writes; the shop's
// modules' bytes too. Target: ≤ 4 s for 500 services, ≤ 40 KB per shop service.
// Run after `npm run build`: `node bench/build.mjs [runs=3] [cli=dist/cli/main.js] [baseline-cli]`.
// With a baseline CLI (another build's dist/cli/main.js, e.g. the commit before a change), the
// two alternate run by run on the same organisation and the ratio cli/baseline is taken within
// each pair. Load averages are printed beside the figures (the machine may be shared), and so is
// each build's own CPU time (user + system, read by bench/lib/cpu-at-exit.cjs), which waiting for
// a busy machine's cores does not inflate.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeOrg } from "./lib/org.mjs";
import { stats } from "./lib/timing.mjs";

const runs = Number(process.argv[2] ?? 3);
const cli = resolve(process.argv[3] ?? fileURLToPath(new URL("../dist/cli/main.js", import.meta.url)));
const baseline = process.argv[4] === undefined ? undefined : resolve(process.argv[4]);
const shop = fileURLToPath(new URL("../examples/shop/contracts", import.meta.url));
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const cpuAtExit = fileURLToPath(new URL("./lib/cpu-at-exit.cjs", import.meta.url));

function build(contracts, using) {
  const out = mkdtempSync(join(tmpdir(), "cordon-build-"));
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["--require", cpuAtExit, using, "build", "--contracts", contracts, "--out", out], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`build exited ${run.status}: ${run.stderr.slice(0, 2000)}`);
  const [, user, system] = run.stderr.match(/cordon-bench-cpu (\d+) (\d+)/) ?? [];
  const cpuMs = (Number(user) + Number(system)) / 1000;
  const sizes = readdirSync(out).filter((f) => f.endsWith(".ts")).map((f) => [f, statSync(join(out, f)).size]);
  rmSync(out, { recursive: true, force: true });
  return { ms, cpuMs, sizes };
}

function summary(label, using, times, cpu, sizes) {
  const t = stats(times);
  const c = stats(cpu);
  const total = sizes.reduce((n, [, s]) => n + s, 0);
  console.log(`${label} (${using}):`);
  console.log(`  ms min/median/max ${t.min.toFixed(0)} / ${t.median.toFixed(0)} / ${t.max.toFixed(0)} over ${t.runs} runs (target ≤ 4000)`);
  console.log(`  CPU ms (user + system) min/median/max ${c.min.toFixed(0)} / ${c.median.toFixed(0)} / ${c.max.toFixed(0)}`);
  console.log(`  ${sizes.length} modules, ${(total / 1e6).toFixed(1)} MB, ${(total / sizes.length / 1024).toFixed(1)} KB per module`);
  const shopSizes = build(shop, using).sizes;
  console.log(`  examples/shop modules (target ≤ 40 KB each): ${shopSizes.map(([f, s]) => `${f} ${(s / 1024).toFixed(1)} KB`).join(", ")}`);
}

const org = writeOrg({ services: 500, fields: 40, sinks: 5 });
console.log(`load average at start: ${load()}`);
const variants = baseline === undefined ? [cli] : [cli, baseline];
const times = variants.map(() => []);
const cpu = variants.map(() => []);
const sizes = variants.map(() => []);
const ratios = [];
for (let i = 0; i <= runs; i++) {
  const pair = variants.map((using) => build(org, using));
  if (i === 0) continue; // the first round warms the file cache
  pair.forEach((r, v) => {
    times[v].push(r.ms);
    cpu[v].push(r.cpuMs);
    sizes[v] = r.sizes;
  });
  if (baseline !== undefined) ratios.push(pair[0].ms / pair[1].ms);
}
console.log(`cordon build, 500 services × 40 fields × 5 sinks; load average at end: ${load()}`);
summary("cli", cli, times[0], cpu[0], sizes[0]);
if (baseline !== undefined) {
  summary("baseline", baseline, times[1], cpu[1], sizes[1]);
  const r = stats(ratios);
  console.log(`  cli/baseline per run: min ${r.min.toFixed(3)} median ${r.median.toFixed(3)} max ${r.max.toFixed(3)}`);
}
rmSync(org, { recursive: true, force: true });
