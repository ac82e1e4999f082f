/** The failing contract set of test/fixtures/format/failing, checked as the CLI would. */
import { fileURLToPath } from "node:url";
import { loadContractSet } from "../../contracts/load.js";
import { checkContractSet } from "../../compiler/check.js";
import type { CheckResult } from "../../compiler/result.js";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const FIXTURE = fileURLToPath(new URL("../fixtures/format/failing", import.meta.url));
export const AS_OF = "2026-11-21";

export async function failingResult(): Promise<CheckResult> {
  const loaded = await loadContractSet(FIXTURE);
  if (!loaded.set) {
    throw new Error(`fixture did not load:\n${loaded.findings.map((f) => `${f.rule} ${f.message}`).join("\n")}`);
  }
  return checkContractSet(loaded.set, { asOf: AS_OF });
}
