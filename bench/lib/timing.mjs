// Whole-process timings of the built CLI: min / median / max over runs, first run discarded
// (it warms the file cache).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

export function timeCli(args, { runs = 10, okCodes = [0] } = {}) {
  const times = [];
  for (let i = 0; i < runs + 1; i++) {
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (!okCodes.includes(run.status)) {
      console.error(run.stdout.slice(0, 2000), run.stderr);
      throw new Error(`cordon ${args[0]} exited ${run.status}`);
    }
    if (i > 0) times.push(ms);
  }
  return stats(times);
}

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], runs: sorted.length };
}

export function report(label, s, targetMs) {
  const fmt = (ms) => `${ms.toFixed(0)} ms`;
  console.log(`${label}, whole process, ${s.runs} runs`);
  console.log(
    `  min ${fmt(s.min)}  median ${fmt(s.median)}  max ${fmt(s.max)}  (target ≤ ${targetMs} ms: ${s.median <= targetMs ? "met" : "NOT met"}, median/target ${(s.median / targetMs).toFixed(2)})`,
  );
}
