// Benchmark: `cordon check` as a whole process, (1) on a generated set of 500 services ×
// 40 fields × 5 sinks (target ≤ 1 s) and (2) cold on examples/shop (target ≤ 300 ms; no
// TypeScript is loaded without --src). Run after `npm run build`:  node bench/check.mjs [runs=10]
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { writeOrg } from "./lib/org.mjs";
import { report, timeCli } from "./lib/timing.mjs";

const runs = Math.max(10, Number(process.argv[2] ?? 10));
const shop = fileURLToPath(new URL("../examples/shop/contracts", import.meta.url));
const dir = writeOrg({ services: 500, fields: 40, sinks: 5 });
try {
  // The generated org has findings (exit 1) by design: the rules run over real violations.
  const big = timeCli(["check", "--contracts", dir, "--as-of", "2026-11-21", "--format", "json"], { runs, okCodes: [0, 1] });
  const small = timeCli(["check", "--contracts", shop, "--as-of", "2026-11-21"], { runs });
  const bare = timeCli(["--version"], { runs });
  report("cordon check, 500 services × 40 fields × 5 sinks", big, 1000);
  report("cordon check, examples/shop", small, 300);
  report("node + cordon --version (start-up floor)", bare, 300);
  console.log(`  shop check / start-up floor: ${(small.median / bare.median).toFixed(2)}×`);
} finally {
  if (process.env.KEEP) console.log(dir);
  else rmSync(dir, { recursive: true, force: true });
}
