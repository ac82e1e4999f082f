/**
 * Benchmark of `check --src` against `tsc --noEmit` on the same generated corpus, in the
 * same run: 2,000 TypeScript files of ~150 lines, one in ten emitting telemetry.
 *
 *   npx tsc -p tsconfig.build.json && node bench/scan.mjs [--files 2000] [--runs 5]
 *
 * Each run is a fresh process (what CI pays), alternating scanner and tsc. Prints
 * min/median/max wall time, files/s, peak RSS, and the scan/tsc ratio (target <= 0.5).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeCorpus } from "./scan-corpus.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const FILES = arg("files", 2000);
const RUNS = arg("runs", 5);

if (!existsSync(join(repo, "dist/compiler/source/index.js"))) {
  console.error("dist/ is missing: run `npx tsc -p tsconfig.build.json` first");
  process.exit(2);
}
const tscBin = createRequire(join(repo, "package.json")).resolve("typescript/bin/tsc");
const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

const dir = mkdtempSync(join(tmpdir(), "cordon-bench-scan-"));
try {
  const corpus = writeCorpus(dir, { files: FILES, nodeModules: join(repo, "node_modules") });
  console.log(`corpus: ${corpus.files} files, ${corpus.lines} lines, ${corpus.telemetry} emitting telemetry (${dir})`);

  /** Run a command, timing it from outside; peak RSS from /usr/bin/time -v when present. */
  const measure = (cmd, args) => {
    const argv = timeBin ? ["-v", cmd, ...args] : args;
    const t0 = performance.now();
    const r = spawnSync(timeBin ?? cmd, argv, { encoding: "utf8", maxBuffer: 64 << 20 });
    const ms = performance.now() - t0;
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? "")?.[1];
    const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr ?? "")?.[1];
    const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr ?? "")?.[1];
    const cpuMs = user && sys ? (Number(user) + Number(sys)) * 1000 : undefined;
    return { ms, cpuMs, status: r.status, stdout: r.stdout, stderr: r.stderr, peakMiB: rss ? Number(rss) / 1024 : undefined };
  };

  const scans = [];
  const tscs = [];
  for (let run = 0; run < RUNS; run++) {
    const s = measure(process.execPath, [join(here, "scan-run.mjs"), dir]);
    if (s.status !== 0) throw new Error(`scanner failed:\n${s.stderr}`);
    const line = JSON.parse(s.stdout.trim().split("\n").pop());
    scans.push({ ...s, inner: line });
    const t = measure(process.execPath, [tscBin, "--noEmit", "-p", dir]);
    tscs.push(t);
  }

  const stats = (xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
  };
  const fmt = (s, unit = "ms") => `min ${s.min.toFixed(0)}${unit}  median ${s.median.toFixed(0)}${unit}  max ${s.max.toFixed(0)}${unit}`;
  const scanWall = stats(scans.map((s) => s.ms));
  const scanInner = stats(scans.map((s) => s.inner.scanMs));
  const tscWall = stats(tscs.map((t) => t.ms));
  const peak = (xs) => Math.max(...xs.filter((x) => x !== undefined));

  console.log(`findings per run: ${scans[0].inner.findings} ${JSON.stringify(scans[0].inner.byRule)}`);
  console.log(`tsc exit status: ${tscs[0].status} (type errors do not matter here, only time)`);
  console.log(`scanner (process wall): ${fmt(scanWall)}   ${(FILES / (scanWall.median / 1000)).toFixed(0)} files/s`);
  console.log(`scanner (scanSources):  ${fmt(scanInner)}   ${(FILES / (scanInner.median / 1000)).toFixed(0)} files/s`);
  console.log(`tsc --noEmit (wall):    ${fmt(tscWall)}   ${(FILES / (tscWall.median / 1000)).toFixed(0)} files/s`);
  console.log(
    `peak RSS: scanner ${peak(scans.map((s) => s.peakMiB ?? s.inner.maxRssMiB)).toFixed(0)} MiB` +
      `, tsc ${timeBin ? `${peak(tscs.map((t) => t.peakMiB)).toFixed(0)} MiB` : "n/a (no /usr/bin/time)"}`,
  );
  console.log(`ratio scan/tsc (median wall): ${(scanWall.median / tscWall.median).toFixed(3)}  (target <= 0.5)`);
  if (timeBin) {
    const scanCpu = stats(scans.map((s) => s.cpuMs));
    const tscCpu = stats(tscs.map((t) => t.cpuMs));
    console.log(`scanner CPU (user+sys): ${fmt(scanCpu)}`);
    console.log(`tsc --noEmit CPU:       ${fmt(tscCpu)}`);
    console.log(`ratio scan/tsc (median CPU): ${(scanCpu.median / tscCpu.median).toFixed(3)}  (target <= 0.5)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
