/**
 * A/B of the generated span redaction alone: the shop's `checkout.place_order` attributes
 * through the all-sinks span function of the module this build generates (A) and of the
 * module another build generates (B, e.g. the commit before a codegen change), both running on
 * THIS build's runtime, so that only the generated code differs. Rounds alternate A and B on
 * fresh contexts; the ratio A/B is taken within each round. Three inputs: recurring values,
 * recurring values with one optional field absent (the copy without it), all-new values.
 *
 * Run after `npm run build` here and in the baseline checkout:
 *   node bench/span-redaction-ab.mjs <baseline-repo> [rounds=9] [calls=200000]
 * Prints ns per span min/median/max for each and A/B per round; load averages beside them.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { stats } from "./lib/timing.mjs";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const BASELINE = process.argv[2] && resolve(process.argv[2]);
if (!BASELINE) throw new Error("usage: node bench/span-redaction-ab.mjs <baseline-repo> [rounds=9] [calls=200000]");
const ROUNDS = Number(process.argv[3] ?? 9);
const CALLS = Number(process.argv[4] ?? 200_000);
const SPAN = "checkout.place_order";
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

const { loadContractSet } = await import(pathToFileURL(join(REPO, "dist/contracts/load.js")).href);
const runtime = await import(pathToFileURL(join(REPO, "runtime/dist/index.js")).href);
const loaded = await loadContractSet(join(REPO, "examples/shop/contracts"));
if (!loaded.set) throw new Error("examples/shop does not load");

await mkdir(join(REPO, ".cordon-tmp"), { recursive: true });
const work = await mkdtemp(join(REPO, ".cordon-tmp", "bench-ab-"));
/** The checkout module a build's codegen writes, on this build's runtime; its plan. */
async function planFrom(repo, label) {
  const { generateModules } = await import(pathToFileURL(join(repo, "dist/compiler/codegen/index.js")).href);
  const text = generateModules(ts, loaded.set, "0.1.0").find((m) => m.service === "checkout").text;
  const js = ts.transpileModule(`${text}\nexport { PLAN as __PLAN };\n`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
  }).outputText.replace(/from "@cordon\/runtime"/, `from ${JSON.stringify(pathToFileURL(join(REPO, "runtime/dist/index.js")).href)}`);
  const file = join(work, `${label}.mjs`);
  await writeFile(file, js);
  return (await import(pathToFileURL(file).href)).__PLAN;
}
const variants = [
  { label: "A (this build)", plan: await planFrom(REPO, "a") },
  { label: "B (baseline)", plan: await planFrom(BASELINE, "b") },
];

const fields = loaded.set.services.get("checkout").telemetry.spans.find((s) => s.name === SPAN).attributes;
function attributesOf(i) {
  const out = {};
  for (const f of fields) out[f.key] = f.type === "string" ? `${f.key}-${i}` : f.type === "int" ? i : f.type === "double" ? i / 10 : f.type === "boolean" ? true : [`${i}`];
  out["user.email"] = `customer${i}@mail.example`;
  return out;
}
const recurring = attributesOf(7);
const absent = { ...recurring };
delete absent[fields.find((f) => !f.required).key];
const fresh = Array.from({ length: 4096 }, (_, i) => attributesOf(1000 + i));
const inputs = [
  ["recurring values", () => recurring],
  ["recurring, one optional field absent", () => absent],
  ["all-new values (4,096 distinct spans)", (i) => fresh[i & 4095]],
];

function time(plan, input) {
  const hasher = runtime.createHasher("bench-key");
  const contexts = plan.spans.sinks.map((name) => {
    const sink = plan.sinks.find((s) => s.name === name);
    return new runtime.SinkContext(sink.name, sink.slots, sink.detectors, hasher);
  });
  const out = [];
  let keys = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) {
    plan.spans.span(SPAN, input(i), contexts, out);
    keys += Object.keys(out[0]).length;
  }
  const ns = Number(process.hrtime.bigint() - started) / CALLS;
  if (keys === 0) throw new Error("nothing redacted");
  return ns;
}

console.log(`span redaction A/B, ${SPAN}, ${CALLS} calls per round, ${ROUNDS} rounds (load average ${load()})`);
for (const [name, input] of inputs) {
  const ns = variants.map(() => []);
  const ratios = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    const t = [];
    for (const v of order) t[v] = time(variants[v].plan, input);
    if (round === 0) continue; // warm-up
    t.forEach((x, v) => ns[v].push(x));
    ratios.push(t[0] / t[1]);
  }
  console.log(`${name}:`);
  variants.forEach((v, k) => {
    const s = stats(ns[k]);
    console.log(`  ${v.label.padEnd(15)} ns/span min ${s.min.toFixed(0)} median ${s.median.toFixed(0)} max ${s.max.toFixed(0)}`);
  });
  const r = stats(ratios);
  console.log(`  A/B per round: min ${r.min.toFixed(3)} median ${r.median.toFixed(3)} max ${r.max.toFixed(3)}`);
}
console.log(`load average at end: ${load()}`);
await rm(work, { recursive: true, force: true });
