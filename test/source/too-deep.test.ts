/**
 * Found by test/robustness (shrunk): `check --src` on a file nested or chained too deeply for
 * the TypeScript compiler (objects ~500 deep, a 5,000-term string sum, a 5,000-call chain) threw
 * "Maximum call stack size exceeded" out of the parser, the binder or the scanner's walk, and
 * the CLI printed `cordon: internal error` (exit 2) instead of findings. Now the file is named
 * as not scanned (source/missing-source, so the gate fails: it never passes what it did not
 * read) and every other file's findings are still reported.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { loadContractSet } from "../../contracts/load.js";
import { scanSources } from "../../compiler/source/index.js";
import { VALID } from "../contracts/helpers.js";

const base = mkdtempSync(join(tmpdir(), "cordon-too-deep-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const HEAD = 'import { trace } from "@opentelemetry/api";\nconst span = trace.getTracer("t").startSpan("checkout.place_order");\n';
/** An undeclared key in an ordinary file beside the deep one: its finding must survive. */
const UNDECLARED = `${HEAD}span.setAttribute("user.phone", "1");\n`;

const DEEP: Record<string, string> = {
  "nested objects (parser)": `${HEAD}span.setAttribute("user.email", ${"{a:".repeat(5000)}1${"}".repeat(5000)});\n`,
  "a long string sum (the scanner's walk)": `${HEAD}span.setAttribute("user.email", ${Array(5000).fill('"x"').join("+")});\n`,
  "a long call chain (the binder)": `${HEAD}span${'.setAttribute("order.id", 1)'.repeat(5000)};\n`,
};

async function scan(deep: string) {
  const root = join(base, String(Object.keys(DEEP).indexOf(deep) + 1));
  cpSync(VALID, join(root, "contracts"), { recursive: true });
  const src = join(root, "services/checkout/src");
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, "deep.ts"), DEEP[deep]!);
  writeFileSync(join(src, "phone.ts"), UNDECLARED);
  const loaded = await loadContractSet(join(root, "contracts"));
  return scanSources(loaded.set!, { cwd: root, onNote: () => {} });
}

describe("check --src on code too deep for the TypeScript compiler", () => {
  for (const deep of Object.keys(DEEP)) {
    test(`${deep}: named as not scanned, the other files still checked`, async () => {
      const findings = await scan(deep);
      const missing = findings.filter((f) => f.rule === "source/missing-source");
      expect(missing.map((f) => f.message).join("\n")).toMatch(/`deep\.ts` is nested or chained too deeply to analyse/);
      expect(missing.map((f) => f.message).join("\n")).not.toMatch(/phone\.ts/);
      expect(findings.some((f) => f.rule === "source/undeclared-field" && f.subject.includes("user.phone"))).toBe(true);
    });
  }
});
