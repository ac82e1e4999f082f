/** Test helpers: copy the valid fixture set to a temp folder, mutate one file, load it. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadContractSet, type LoadResult } from "../../contracts/load.js";

export const VALID = fileURLToPath(new URL("../fixtures/contracts/valid", import.meta.url));
export const FIXTURES = fileURLToPath(new URL("../fixtures/contracts", import.meta.url));
export const REPO = fileURLToPath(new URL("../..", import.meta.url));

export function tempDir(prefix = "cordon-contracts-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A copy of the valid set with `edits` applied (file → [search, replacement] pairs). */
export function variant(edits: Record<string, readonly (readonly [string, string])[]>): { dir: string; cleanup: () => void } {
  const temp = tempDir();
  cpSync(VALID, temp.dir, { recursive: true });
  for (const [file, pairs] of Object.entries(edits)) {
    const path = join(temp.dir, file);
    let text = readFileSync(path, "utf8");
    for (const [from, to] of pairs) {
      if (!text.includes(from)) throw new Error(`fixture edit: ${JSON.stringify(from)} not in ${file}`);
      text = text.replace(from, to);
    }
    writeFileSync(path, text);
  }
  return temp;
}

export async function loadVariant(edits: Record<string, readonly (readonly [string, string])[]>): Promise<LoadResult & { dir: string }> {
  const temp = variant(edits);
  try {
    return { ...(await loadContractSet(temp.dir)), dir: temp.dir };
  } finally {
    temp.cleanup();
  }
}

/** Findings of one rule, as "subject @ line:col  message" lines (readable failures). */
export function findingsOf(result: LoadResult, rule: string): { subject: string; line?: number; column?: number; message: string; hint?: string }[] {
  return result.findings
    .filter((f) => f.rule === rule)
    .map((f) => ({ subject: f.subject, line: f.location?.line, column: f.location?.column, message: f.message, ...(f.hint ? { hint: f.hint } : {}) }));
}
