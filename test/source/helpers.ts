import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { expect } from "vitest";
import type { Finding } from "../../contracts/finding.js";
import { loadContractSet } from "../../contracts/load.js";
import type { ContractSet } from "../../contracts/model.js";
import { scanSources, type ScanOptions } from "../../compiler/source/index.js";

export const FIXTURES = resolve(import.meta.dirname, "../fixtures/source");

export async function loadFixture(root: string): Promise<ContractSet> {
  const loaded = await loadContractSet(join(root, "contracts"));
  expect(loaded.findings.filter((f) => f.severity === "error")).toEqual([]);
  expect(loaded.set).toBeDefined();
  return loaded.set!;
}

/** A finding reduced to what the tests pin: rule, file (relative to the fixture), line, column, subject. */
export interface Seen {
  readonly rule: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly subject: string;
}

export function seen(root: string, findings: readonly Finding[]): Seen[] {
  return findings.map((f) => ({
    rule: f.rule,
    file: relative(root, f.location?.file ?? "").split("\\").join("/"),
    line: f.location?.line ?? 0,
    column: f.location?.column ?? 0,
    subject: f.subject,
  }));
}

export async function scanFixture(name: string, options: Partial<ScanOptions> = {}, root = join(FIXTURES, name)) {
  const set = await loadFixture(root);
  const findings = await scanSources(set, { cwd: root, ...options });
  return { set, findings, seen: seen(root, findings) };
}

/** A copy of a fixture outside the repository, where no node_modules can be found by walking up. */
export function isolatedCopy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cordon-src-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/**
 * The expected finding of `service` at file:line:column: its subject as the scanner writes it,
 * `<service>/<subject> @ <file>`, a repeat's ` #n` kept after the file.
 */
export function seenIn(service: string): (rule: string, file: string, line: number, column: number, subject: string) => Seen {
  return (rule, file, line, column, subject) => ({
    rule,
    file,
    line,
    column,
    subject: `${service}/${subject.replace(/ #\d+$/, "")} @ ${file}${/ #\d+$/.exec(subject)?.[0] ?? ""}`,
  });
}

/** The message of `service`'s first finding whose subject starts with `subject` ("" if none). */
export function messageOf(findings: readonly Finding[], service: string, subject: string): string {
  return findings.find((f) => f.subject.startsWith(`${service}/${subject} @`))?.message ?? "";
}
