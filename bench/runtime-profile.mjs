/**
 * Focused loops for profiling cordon's runtime (build first), e.g.
 *
 *   node --cpu-prof --cpu-prof-dir=.cordon-tmp/prof bench/runtime-profile.mjs redact unique
 *   node bench/runtime-profile.mjs --summary .cordon-tmp/prof/<file>.cpuprofile
 *
 * Loops: `redact` (cordon's generated per-sink functions for both sinks, nothing else),
 * `pipeline` (SDK + cordon's processors, flushed every 100 spans), `sdk` (the SDK alone),
 * `generic` (the rule interpreter, c) and `fast-redact` (d). Values: `repeated` or `unique`.
 * `--summary` prints self time per function (top 30) of a profile written by --cpu-prof.
 */
import { readFileSync } from "node:fs";

function summary(file) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  let total = 0;
  for (const [id, count] of counts) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}:${lineNumber + 1}`;
    self.set(where, (self.get(where) ?? 0) + count);
    total += count;
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, 30);
  for (const [where, count] of rows) console.log(`${((100 * count) / total).toFixed(1).padStart(5)}%  ${where}`);
}

if (process.argv[2] === "--summary") {
  summary(process.argv[3]);
} else {
  const setup = await import("./runtime-setup.mjs");
  const [loop = "redact", values = "repeated", seconds = "4"] = process.argv.slice(2);
  const input = values === "unique" ? setup.nextUnique : () => setup.REPEATED;
  const redactors = { redact: setup.cordonRedact, generic: setup.genericRedact, "fast-redact": setup.fastRedactRedact };
  const pipelines = { pipeline: setup.withCordon, sdk: setup.sdkAlone };
  const until = Date.now() + Number(seconds) * 1000;
  let spans = 0;
  const started = process.hrtime.bigint();
  if (loop in redactors) {
    const fn = redactors[loop];
    let n = 0;
    while (Date.now() < until) {
      for (let i = 0; i < 1000; i++) n += fn(input());
      spans += 1000;
    }
    if (n < 0) throw new Error("unreachable");
  } else if (loop in pipelines) {
    const task = setup.spansTask(pipelines[loop], input);
    while (Date.now() < until) {
      await task();
      spans += setup.SPANS_PER_TASK;
    }
  } else {
    throw new Error(`unknown loop "${loop}"`);
  }
  const us = Number(process.hrtime.bigint() - started) / 1000 / spans;
  console.log(`${loop} ${values}: ${us.toFixed(3)} µs per span over ${spans} spans`);
  await setup.cleanup();
}
