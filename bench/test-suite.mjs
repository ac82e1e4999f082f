// The test suite's cost (issue 15: `npm test` ≤ 3 min on 2 cores), measured as work as well as
// time: CPU seconds (user + system, the test processes and everything they spawned) beside
// wall seconds and the load average, since a shared machine's wall time says little.
//   node bench/test-suite.mjs                 the whole suite once: wall, CPU, top 15 files by duration
//   node bench/test-suite.mjs --per-file      each file alone, one after another: CPU per file, top 15
//   node bench/test-suite.mjs [--per-file] test/runtime test/codegen   only these files or folders
// Run after `npm run build` (CLI tests spawn dist/). Linux only (reads /proc for children's CPU).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const perFile = args.includes("--per-file");
const paths = args.filter((a) => a !== "--per-file");

/** CPU seconds of this process's waited-for children (and theirs): /proc/self/stat cutime + cstime. */
function childrenCpu() {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // after the command name: field 3 is index 0, so cutime (16) and cstime (17) are 13 and 14
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

/** Run vitest on `files`; wall and CPU seconds, and the JSON report. */
function vitest(files) {
  const dir = mkdtempSync(join(tmpdir(), "cordon-suite-"));
  const out = join(dir, "report.json");
  const cpu = childrenCpu();
  const start = process.hrtime.bigint();
  const run = spawnSync("npx", ["vitest", "run", "--reporter=json", `--outputFile=${out}`, ...files], { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  let report;
  try {
    report = JSON.parse(readFileSync(out, "utf8"));
  } catch {
    report = { testResults: [], numTotalTests: 0, numFailedTests: 0 };
  }
  rmSync(dir, { recursive: true, force: true });
  return { code: run.status, wall, cpu: childrenCpu() - cpu, report };
}

const name = (path) => relative(REPO, path);

if (!perFile) {
  const before = load();
  const { code, wall, cpu, report } = vitest(paths);
  const files = report.testResults.map((t) => ({ file: name(t.name), seconds: (t.endTime - t.startTime) / 1000, status: t.status }));
  files.sort((a, b) => b.seconds - a.seconds);
  console.log(`suite: exit ${code}, ${files.length} files, ${report.numTotalTests} tests (${report.numFailedTests} failed)`);
  console.log(`wall ${wall.toFixed(1)} s, CPU ${cpu.toFixed(1)} s (CPU/wall ${(cpu / wall).toFixed(2)}), load before ${before}, after ${load()}`);
  console.log("top 15 files by duration (s, wall inside the run):");
  for (const f of files.slice(0, 15)) console.log(`  ${f.seconds.toFixed(1).padStart(7)}  ${f.status.padEnd(6)} ${f.file}`);
} else {
  // (`--json=FILE`: a bare `--json` would take the next argument as the file to write)
  const listed = join(mkdtempSync(join(tmpdir(), "cordon-suite-")), "files.json");
  spawnSync("npx", ["vitest", "list", "--filesOnly", `--json=${listed}`, ...paths], { cwd: REPO, stdio: "ignore" });
  const files = [...new Set(JSON.parse(readFileSync(listed, "utf8")).map((e) => e.file))];
  rmSync(join(listed, ".."), { recursive: true, force: true });
  const rows = [];
  for (const file of files) {
    const { code, wall, cpu } = vitest([file]);
    rows.push({ file: name(file), code, wall, cpu, load: load() });
    console.error(`${cpu.toFixed(1).padStart(7)} s CPU ${wall.toFixed(1).padStart(7)} s wall  exit ${code}  load ${load()}  ${name(file)}`);
  }
  rows.sort((a, b) => b.cpu - a.cpu);
  const total = rows.reduce((s, r) => s + r.cpu, 0);
  console.log(`${rows.length} files, CPU ${total.toFixed(1)} s in all (each file alone, vitest start-up included)`);
  console.log("top 15 files by CPU (s):");
  for (const r of rows.slice(0, 15)) console.log(`  ${r.cpu.toFixed(1).padStart(7)}  wall ${r.wall.toFixed(1).padStart(6)}  exit ${r.code}  ${r.file}`);
}
