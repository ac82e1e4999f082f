/**
 * bench/runtime-instructions.mjs per function: instructions per span of one task, split by the
 * function (JavaScript, builtin or native) that ran them. Build first (`npm run build`), then
 *
 *   node bench/runtime-instructions-by-function.mjs [new|recurring] [--tasks fanout,b] [--top 40] [runtime/dist/index.js …]
 *
 * Why: a count of the whole span varies by several hundred instructions between two runs of one
 * build (up to ~1,700 for task b on a loaded machine; the JIT and the GC do not land in the
 * count the same way twice), more than most single changes save. Per function, most rows repeat
 * to within a few instructions; a JIT decision (what is inlined where) can still move one
 * function by ~100 and this tool's own total by up to ~700. So a change shows where it acts:
 * give two runtimes (this build's and a variant: a copy of runtime/dist with one part changed)
 * and each row prints both counts and their difference; read the rows the change touches.
 *
 * How: the child of bench/runtime-instructions.mjs runs under callgrind with per-instruction
 * counts (`--dump-instr=yes`) and node's `--perf-basic-prof`, which writes where V8 put each
 * compiled function (/tmp/perf-<pid>.map); each counted instruction's address is looked up
 * there (the newest entry wins: V8 reuses the space of code it dropped), else it keeps
 * callgrind's own (native) name. Counted twice, N1 and N2 spans after the warm-up, and
 * (I2 − I1) / (N2 − N1) per function, as runtime-instructions.mjs does for the total.
 * Needs valgrind; ~3 minutes per task and runtime.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const INSTRUCTIONS = join(REPO, "bench/runtime-instructions.mjs");
// as bench/runtime-instructions.mjs: V8 made repeatable
const NODE_FLAGS = ["--perf-basic-prof", "--predictable", "--predictable-gc-schedule", "--hash-seed=1", "--random-seed=1", "--expose-gc"];
const COUNTS = [10_000, 40_000];

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at < 0 ? fallback : args.splice(at, 2)[1];
};
const tasks = option("--tasks", "fanout").split(",");
const top = Number(option("--top", "40"));
const mode = args[0] === "recurring" ? "recurring" : "new";
if (args[0] === "new" || args[0] === "recurring") args.shift();
const runtimes = args.length > 0 ? args.map((a) => resolve(a)) : [join(REPO, "runtime/dist/index.js")];

for (const task of tasks) {
  const perRuntime = runtimes.map((runtime) => steady(runtime, task));
  const names = new Set(perRuntime.flatMap((m) => [...m.keys()]));
  const rows = [...names].map((name) => ({ name, counts: perRuntime.map((m) => m.get(name) ?? 0) }));
  const order = (r) => (runtimes.length > 1 ? -Math.abs(r.counts[1] - r.counts[0]) : -r.counts[0]);
  rows.sort((a, b) => order(a) - order(b));
  const totals = perRuntime.map((m) => [...m.values()].reduce((s, n) => s + n, 0));
  console.log(`${task}, ${mode} values: instructions per span by function ((I(${COUNTS[1]}) − I(${COUNTS[0]})) / ${COUNTS[1] - COUNTS[0]})`);
  runtimes.forEach((r, i) => console.log(`  [${i}] ${r}: ${totals[i].toFixed(0)} in all`));
  for (const { name, counts } of rows.slice(0, top)) {
    const diff = runtimes.length > 1 ? `${(counts[1] - counts[0]).toFixed(1).padStart(9)}  ` : "";
    console.log(`  ${diff}${counts.map((c) => c.toFixed(1).padStart(9)).join(" ")}  ${name}`);
  }
}

/** Function name → instructions per span in the steady state. */
function steady(runtime, task) {
  const [low, high] = COUNTS.map((n) => byFunction(runtime, task, n));
  const out = new Map();
  for (const name of new Set([...low.keys(), ...high.keys()])) {
    const per = ((high.get(name) ?? 0) - (low.get(name) ?? 0)) / (COUNTS[1] - COUNTS[0]);
    if (Math.abs(per) >= 0.05) out.set(name, per);
  }
  return out;
}

/** Instructions by function of `n` spans of `task` after the warm-up (one run under callgrind). */
function byFunction(runtime, task, n) {
  const dir = mkdtempSync(join(tmpdir(), "cordon-instr-fn-"));
  try {
    const out = join(dir, "callgrind.out");
    const args = ["--tool=callgrind", "--instr-atstart=no", "--dump-instr=yes", `--callgrind-out-file=${out}`, process.execPath, ...NODE_FLAGS, INSTRUCTIONS, "--child", runtime, String(n), mode, task];
    const script = `valgrind "$@" 2>"${dir}/err" & pid=$!; echo $pid > "${dir}/pid"; while [ ! -e "${dir}/warm" ] && kill -0 $pid 2>/dev/null; do sleep 0.2; done; callgrind_control -i on $pid >/dev/null; touch "${dir}/go"; wait $pid`;
    // in the scratch folder: --perf-basic-prof also writes a V8 log (isolate-*.log) where node runs
    const child = spawnSync("sh", ["-c", script, "sh", ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, CORDON_INSTR_DIR: dir } });
    const pid = readFileSync(join(dir, "pid"), "utf8").trim();
    const map = `/tmp/perf-${pid}.map`;
    if (child.status !== 0 || !existsSync(out) || !existsSync(map)) throw new Error(`callgrind failed (${child.status}): ${readFileSync(join(dir, "err"), "utf8").slice(-2000)}`);
    try {
      return attribute(readFileSync(out, "utf8"), codeMap(readFileSync(map, "utf8")));
    } finally {
      rmSync(map, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** perf map lines `start size name`, sorted by start; `order` says which was written last. */
function codeMap(text) {
  const entries = text.split("\n").filter(Boolean).map((line, order) => {
    const [start, size, ...name] = line.split(" ");
    return { start: parseInt(start, 16), end: parseInt(start, 16) + parseInt(size, 16), name: name.join(" "), order };
  });
  entries.sort((a, b) => a.start - b.start);
  const starts = entries.map((e) => e.start);
  return (address) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= address) lo = mid + 1;
      else hi = mid;
    }
    // the newest entry that covers the address (a few hundred back is plenty: code objects are small)
    let best;
    for (let j = lo - 1; j >= 0 && j >= lo - 200; j--) {
      const e = entries[j];
      if (address < e.end && (best === undefined || e.order > best.order)) best = e;
    }
    return best?.name;
  };
}

/**
 * Self instructions by function of a callgrind file written with `positions: instr line`: each
 * cost line is `address line cost` (addresses absolute `0x…`, relative `+n`/`-n`, or `*`); the
 * line after a `calls=` line is the call's inclusive cost, not counted again.
 */
function attribute(text, lookup) {
  const names = new Map();
  const cost = new Map();
  let fn = "?";
  let last = 0;
  let afterCall = false;
  const address = (p) => {
    if (p.startsWith("0x")) last = parseInt(p, 16);
    else if (p.startsWith("+")) last += Number(p.slice(1));
    else if (p.startsWith("-")) last -= Number(p.slice(1));
    else if (p !== "*") last = Number(p);
    return last;
  };
  for (const line of text.split("\n")) {
    const c = line[0];
    if (c === undefined) continue;
    if (line.startsWith("fn=") || line.startsWith("cfn=")) {
      const m = /^c?fn=\((\d+)\)(?: (.*))?$/.exec(line);
      if (m?.[2] !== undefined) names.set(m[1], m[2]);
      if (c === "f" && m) fn = names.get(m[1]) ?? m[1];
    } else if (line.startsWith("calls=")) {
      afterCall = true;
    } else if ((c >= "0" && c <= "9") || c === "+" || c === "-" || c === "*") {
      const parts = line.split(" ");
      const at = address(parts[0]);
      if (afterCall) {
        afterCall = false;
        continue;
      }
      const name = lookup(at) ?? `[native] ${fn}`;
      cost.set(name, (cost.get(name) ?? 0) + Number(parts[2] ?? 0));
    }
  }
  // one name for the functions of a runtime wherever it lies, and for the generated module's scratch folder
  const out = new Map();
  for (const [name, n] of cost) {
    const key = name.replace(/file:\/\/\S*\/runtime\/dist\//, "runtime/dist/").replace(/\.cordon-tmp\/bench-instr-\w+\//, ".cordon-tmp/…/").replace(/^\[native\] v8::internal::compiler::.*/, "[native] TurboFan (compiling)");
    out.set(key, (out.get(key) ?? 0) + n);
  }
  return out;
}
