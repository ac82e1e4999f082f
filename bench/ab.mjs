// Two builds of the CLI alternated run by run on one command, so that load on a shared machine
// hits both alike. Prints wall and CPU time (user + system of the whole process, GC threads
// included: the steadier figure on a busy machine) min / median / max of each, and the
// per-run ratios B/A.
//   KEEP=1 node bench/loader.mjs 3     # its last line is the folder of the generated sets
//   node bench/ab.mjs A/dist/cli/main.js dist/cli/main.js [runs=5] -- validate --contracts <folder>/10k-files
// A is usually a build of the base commit, B this checkout's build.
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";

const split = process.argv.indexOf("--");
if (split < 4) {
  console.error("usage: node bench/ab.mjs A/main.js B/main.js [runs] -- <cordon arguments>");
  process.exit(2);
}
const [a, b, runsArg] = process.argv.slice(2, split);
const args = process.argv.slice(split + 1);
const runs = Math.max(3, Number(runsArg ?? 5));

// Preloaded into each run: on exit, write the process's own CPU time to fd 3.
const REPORT_CPU =
  "data:text/javascript," +
  encodeURIComponent('import { writeSync } from "node:fs"; process.on("exit", () => { const u = process.cpuUsage(); writeSync(3, String((u.user + u.system) / 1000)); });');

function once(cli) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["--import", REPORT_CPU, cli, ...args], { stdio: ["ignore", "ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = Number(run.output[3]?.toString());
  if (run.status === null || !Number.isFinite(cpu)) throw new Error(`${cli} ${args.join(" ")}: ${run.signal ?? run.stderr?.toString().slice(0, 500)}`);
  return { wall, cpu };
}

const figures = { A: { wall: [], cpu: [] }, B: { wall: [], cpu: [] } };
for (let r = 0; r <= runs; r++) {
  for (const [name, cli] of [["A", a], ["B", b]]) {
    const { wall, cpu } = once(cli);
    if (r === 0) continue; // the first round warms the file cache
    figures[name].wall.push(wall);
    figures[name].cpu.push(cpu);
  }
}

const stat = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const fmt = (s, unit, digits) => `min ${s.min.toFixed(digits)}${unit}  median ${s.median.toFixed(digits)}${unit}  max ${s.max.toFixed(digits)}${unit}`;
console.log(`cordon ${args.join(" ")}: ${runs} runs each, alternated; load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
for (const name of ["A", "B"]) {
  console.log(`  ${name} wall ${fmt(stat(figures[name].wall), " ms", 0)}`);
  console.log(`  ${name} cpu  ${fmt(stat(figures[name].cpu), " ms", 0)}`);
}
for (const kind of ["wall", "cpu"]) {
  console.log(`  B/A ${kind.padEnd(4)} ${fmt(stat(figures.B[kind].map((x, i) => x / figures.A[kind][i])), "×", 2)}`);
}
