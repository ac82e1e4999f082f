/**
 * Instructions per call of the runtime's detection steps, and of the engine's string operations
 * they could be written with, on new strings shaped like the shop's checkout values (a `cus_…` id
 * built by `+` as ids are, the same id made flat, an `ord_…` id, two `sku-…`). Build first
 * (`npm run build`), then
 *
 *   node bench/runtime-call-instructions.mjs [op …]        (default: every op)
 *
 * Why: a whole span (bench/runtime-instructions.mjs) moves by ±1–2k instructions between two
 * counts of one build, more than one detection step costs; one call in a loop repeats to within
 * ~30. It showed that a `charCodeAt` loop costs ~28 instructions a character (~40 on a string
 * built by `+`) and a native `indexOf` ~110 whatever the length (runtime/detectors/prefilter.ts).
 *
 * How: a child node runs the op on W new strings (warm-up), then waits while callgrind turns
 * counting on, then runs it on N more; twice, N1 and N2, and prints (I2 − I1) / (N2 − N1) minus
 * the same figure for an op that only reads a string's length: the loop's own cost, and the
 * exit's work on the strings made beforehand, which grows with N (~950 per call). Needs
 * valgrind (callgrind_control); ~20 s per op.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const WARM = 50_000;
const COUNTS = [100_000, 300_000];
const NODE_FLAGS = ["--predictable", "--predictable-gc-schedule", "--hash-seed=1", "--random-seed=1", "--expose-gc"];

/** The ops, each given the strings of call `i` (made beforehand) and the shop's detector set. */
function opsOf({ P, set, need, id, flatId, orderId, skus }) {
  const atLoop = (s) => {
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 64) return 1;
    return 0;
  };
  const twelveDigits = /[0-9]{12}/;
  const scratch = new Uint8Array(4096);
  const encoder = new TextEncoder();
  const encodedAt = (s) => {
    const { written } = encoder.encodeInto(s, scratch);
    for (let i = 0; i < written; i++) if (scratch[i] === 64) return 1;
    return 0;
  };
  return {
    length: (i) => id[i].length,
    "text:hits": () => P.text("POST", 0, -1) + P.text("/api/orders", 1, -1) + P.text("DE", 5, -1) + P.text("card", 10, -1),
    "text:id": (i) => P.text(id[i], 3, 1),
    "text:id-flat": (i) => P.text(flatId[i], 3, 1),
    "text:order-id": (i) => P.text(orderId[i], 6, -1),
    "strings:skus": (i) => P.strings(skus[i], 9, -1),
    "once:id-flat": (i) => set.once(flatId[i], need),
    "facts:id": (i) => set.facts(id[i]),
    "facts:id-flat": (i) => set.facts(flatId[i]),
    "facts:order-id": (i) => set.facts(orderId[i]),
    "indexOf@:order-id": (i) => (orderId[i].indexOf("@") >= 0 ? 1 : 0),
    "indexOf@:id-flat": (i) => (flatId[i].indexOf("@") >= 0 ? 1 : 0),
    "charCodeAt-loop@:id": (i) => atLoop(id[i]),
    "charCodeAt-loop@:id-flat": (i) => atLoop(flatId[i]),
    "regex /[0-9]{12}/:id-flat": (i) => (twelveDigits.test(flatId[i]) ? 1 : 0),
    "encodeInto+loop@:id-flat": (i) => encodedAt(flatId[i]),
  };
}

if (process.argv[2] === "--child") await child(process.argv[3], Number(process.argv[4]));
else parent(process.argv.slice(2));

function parent(asked) {
  const all = Object.keys(opsOf({ id: [], flatId: [], orderId: [], skus: [] }));
  const ops = asked.length > 0 ? asked : all.filter((op) => op !== "length");
  const unknown = ops.filter((op) => !all.includes(op));
  if (unknown.length > 0) {
    console.error(`unknown op(s): ${unknown.join(", ")}; the ops: ${all.join(", ")}`);
    process.exit(2);
  }
  const perCall = (op) => (count(op, COUNTS[1]) - count(op, COUNTS[0])) / (COUNTS[1] - COUNTS[0]);
  const loop = perCall("length");
  console.log(`instructions per call (callgrind, (I(${COUNTS[1]}) − I(${COUNTS[0]})) / ${COUNTS[1] - COUNTS[0]} after ${WARM} calls of warm-up, minus the loop's own ${loop.toFixed(0)})`);
  for (const op of ops) console.log(`  ${(perCall(op) - loop).toFixed(0).padStart(6)}  ${op}`);
}

function count(op, n) {
  const dir = mkdtempSync(join(tmpdir(), "cordon-call-"));
  try {
    const args = ["--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null", process.execPath, ...NODE_FLAGS, fileURLToPath(import.meta.url), "--child", op, String(n)];
    const child = spawnSync("sh", ["-c", `valgrind "$@" 2>"${dir}/err" & pid=$!; while [ ! -e "${dir}/warm" ] && kill -0 $pid 2>/dev/null; do sleep 0.2; done; callgrind_control -i on $pid >/dev/null; touch "${dir}/go"; wait $pid`, "sh", ...args], { encoding: "utf8", env: { ...process.env, CORDON_CALL_DIR: dir } });
    const stderr = readFileSync(join(dir, "err"), "utf8");
    const m = /Collected : (\d+)/.exec(stderr);
    if (child.status !== 0 || !m) throw new Error(`callgrind failed (${child.status}): ${stderr.slice(-2000)}`);
    return Number(m[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function child(op, n) {
  const runtime = (file) => import(pathToFileURL(join(REPO, "runtime/dist", file)).href);
  const { DetectionCache } = await runtime("detection-cache.js");
  const { SpanPass } = await runtime("span-pass.js");
  // the shop's detectors (examples/shop/contracts/data-classes.yaml): the EU sink has email and
  // pan, the vendor's the `cus_…` pattern too; one shared set, as the generated module makes it
  const kinds = [{ pattern: "cus_[A-Za-z0-9]{14}" }, "email", "pan"];
  const set = new DetectionCache(kinds).setFor(kinds);
  const need = (1 << set.indexOf("email")) | (1 << set.indexOf("pan"));
  const P = new SpanPass([{}, {}], true, set, [need, need | (1 << set.indexOf(kinds[0]))], undefined, 12);
  const total = WARM + n;
  const id = Array.from({ length: total }, (_, i) => `cus_${String(4_000_000_000_000 + i).padStart(14, "0")}`);
  const flatId = id.map((s) => JSON.parse(JSON.stringify(s)));
  const orderId = Array.from({ length: total }, (_, i) => `ord_${(1_000_000 + i).toString(36)}`);
  const skus = Array.from({ length: total }, (_, i) => [`sku-${i % 97}`, `sku-${(i * 7) % 89}`]);
  const run = opsOf({ P, set, need, id, flatId, orderId, skus })[op];
  let sink = 0;
  for (let i = 0; i < WARM; i++) sink += run(i);
  // nothing pending from the warm-up lands in the count
  globalThis.gc?.();
  const dir = process.env.CORDON_CALL_DIR;
  writeFileSync(join(dir, "warm"), "");
  while (!existsSync(join(dir, "go"))) await new Promise((r) => setTimeout(r, 50));
  for (let i = WARM; i < total; i++) sink += run(i);
  if (sink < 0) console.log(sink);
}
