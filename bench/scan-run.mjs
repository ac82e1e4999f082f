/**
 * One measured scanner run, in its own process (as `cordon check --src` runs):
 * node bench/scan-run.mjs <corpus dir>. Prints one JSON line.
 */
import { resolve } from "node:path";

const started = performance.now();
const dir = resolve(process.argv[2]);
const { loadContractSet } = await import("../dist/contracts/load.js");
const { scanSources } = await import("../dist/compiler/source/index.js");
const loaded = await loadContractSet(resolve(dir, "contracts"));
if (!loaded.set) {
  console.error(JSON.stringify(loaded.findings, null, 2));
  process.exit(2);
}
const scanStart = performance.now();
const findings = await scanSources(loaded.set, { cwd: dir });
const done = performance.now();
console.log(
  JSON.stringify({
    totalMs: done - started,
    scanMs: done - scanStart,
    findings: findings.length,
    byRule: Object.fromEntries(
      [...new Set(findings.map((f) => f.rule))].map((r) => [r, findings.filter((f) => f.rule === r).length]),
    ),
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    heapUsedMiB: process.memoryUsage().heapUsed / 1024 / 1024,
  }),
);
