// Benchmark: `cordon validate` as a whole process (node start-up included) on a generated set
// of 500 services × 40 fields × 5 sinks. Target ≤ 1 s. Run after `npm run build`:
//   node bench/validate.mjs [runs=10]
import { rmSync } from "node:fs";
import { writeOrg } from "./lib/org.mjs";
import { report, timeCli } from "./lib/timing.mjs";

const runs = Math.max(10, Number(process.argv[2] ?? 10));
const dir = writeOrg({ services: 500, fields: 40, sinks: 5 });
try {
  report("cordon validate, 500 services × 40 fields × 5 sinks", timeCli(["validate", "--contracts", dir], { runs }), 1000);
} finally {
  if (process.env.KEEP) console.log(dir);
  else rmSync(dir, { recursive: true, force: true });
}
