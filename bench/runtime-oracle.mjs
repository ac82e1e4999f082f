/**
 * The leak oracle at bench scale: test/runtime/oracle.test.ts over ≥ 1,000,000 spans and log
 * records (CI runs 200,000). `node bench/runtime-oracle.mjs [records=1000000]`; prints vitest's
 * verdict (0 leaks, over-redaction < 0.1%) and the time it took.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const records = Number(process.argv[2] ?? 1_000_000);
const start = process.hrtime.bigint();
const run = spawnSync("npx", ["vitest", "run", "test/runtime/oracle.test.ts", "--testTimeout", "3600000"], {
  cwd: REPO,
  env: { ...process.env, CORDON_ORACLE_RECORDS: String(records) },
  stdio: "inherit",
});
console.log(`oracle over ${records} records: exit ${run.status}, ${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(1)} s`);
process.exit(run.status ?? 1);
