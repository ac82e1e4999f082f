/**
 * `check --src` against `tsc --noEmit` on real packages, CPU time (user + system) of each process.
 *
 *   npm run build && node bench/scan-packages.mjs --root DIR [--runs 5]
 *
 * DIR holds `contracts/` (one Service per package, `source:` its source folder) and the packages
 * (fetched, never committed). For each service: `cordon check --contracts DIR/contracts --src
 * <source>` and `tsc --noEmit` over the same source files with the package's own compiler options
 * (a tsconfig written next to the package's, extending it, including only the scanned folder;
 * `ignoreDeprecations` set so TypeScript 6 type-checks instead of stopping at a deprecated option;
 * JavaScript-only packages are checked with allowJs + checkJs). Runs alternate; prints
 * min/median/max CPU seconds, peak RSS and the scan/tsc ratio of medians (target <= 1).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const root = resolve(arg("root", "."));
const RUNS = Number(arg("runs", 5));
const cli = join(repo, "dist/cli/main.js");
const tscBin = createRequire(join(repo, "package.json")).resolve("typescript/bin/tsc");
if (!existsSync(cli)) {
  console.error("dist/ is missing: run `npm run build` first");
  process.exit(2);
}
if (!existsSync("/usr/bin/time")) {
  console.error("needs /usr/bin/time (GNU time) for CPU time and peak RSS");
  process.exit(2);
}

/** CPU seconds (user + system) and peak RSS of one process. */
function measure(args, cwd) {
  const r = spawnSync("/usr/bin/time", ["-f", "cordon-bench %U %S %M", process.execPath, ...args], { cwd, encoding: "utf8", maxBuffer: 256 << 20 });
  const m = /cordon-bench ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? "");
  if (!m) throw new Error(`no timing for ${args.join(" ")}:\n${r.stderr}`);
  return { cpu: Number(m[1]) + Number(m[2]), rssMiB: Number(m[3]) / 1024, status: r.status, stdout: r.stdout };
}

function nearestTsconfig(dir) {
  for (let d = dir; d.startsWith(root); d = dirname(d)) {
    if (existsSync(join(d, "tsconfig.json"))) return join(d, "tsconfig.json");
    if (d === dirname(d)) break;
  }
  return undefined;
}

/** A tsconfig that checks exactly the scanned folder with the package's own options. */
function benchTsconfig(source) {
  const own = nearestTsconfig(source);
  const dir = own ? dirname(own) : source;
  const file = join(dir, "tsconfig.cordon-bench.json");
  const include = [`${relative(dir, source) || "."}/**/*`];
  const config = own
    ? { extends: "./tsconfig.json", include, files: [], compilerOptions: { noEmit: true, incremental: false, ignoreDeprecations: "6.0" } }
    : {
        include,
        compilerOptions: { noEmit: true, allowJs: true, checkJs: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", ignoreDeprecations: "6.0" },
      };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const fmt = (s) => `min ${s.min.toFixed(2)}s median ${s.median.toFixed(2)}s max ${s.max.toFixed(2)}s`;

const contracts = join(root, "contracts");
const services = readdirSync(contracts)
  .filter((f) => /\.ya?ml$/.test(f))
  .flatMap((f) => readFileSync(join(contracts, f), "utf8").split(/^---$/m).map((doc) => parse(doc)))
  .filter((doc) => doc?.kind === "Service");

for (const service of services) {
  const source = resolve(root, service.source[0]);
  const tsconfig = benchTsconfig(source);
  try {
    const scans = [];
    const tscs = [];
    for (let i = 0; i < RUNS; i++) {
      scans.push(measure([cli, "check", "--contracts", contracts, "--src", source, "--format", "json"], root));
      tscs.push(measure([tscBin, "--noEmit", "-p", tsconfig], root));
    }
    const findings = JSON.parse(scans[0].stdout).findings.length;
    const scan = stats(scans.map((s) => s.cpu));
    const tsc = stats(tscs.map((t) => t.cpu));
    console.log(`${service.name} (${relative(root, source)}): ${findings} findings`);
    console.log(`  check --src CPU: ${fmt(scan)}   peak RSS ${Math.max(...scans.map((s) => s.rssMiB)).toFixed(0)} MiB`);
    console.log(`  tsc --noEmit CPU: ${fmt(tsc)}   peak RSS ${Math.max(...tscs.map((t) => t.rssMiB)).toFixed(0)} MiB`);
    console.log(`  ratio scan/tsc (median CPU): ${(scan.median / tsc.median).toFixed(2)}  (target <= 1)`);
  } finally {
    rmSync(tsconfig, { force: true });
  }
}
