/**
 * What must hold of every run on hostile input, whatever the input: the engineering rules
 * (SPEC §2 exit codes; "bad input: a clear finding and exit 2, never a stack trace, never a
 * byte of a file outside the contracts folder printed") as checks on one outcome.
 */
import { lstatSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { parseAllDocuments } from "yaml";
import type { CheckResult } from "../../compiler/result.js";
import type { Files } from "./mutations.js";

/** Planted in files outside every contracts folder; no output or written file may contain it. */
export const SECRET = "ghp_ROBUSTNESSplanted0secret7Qz";

/** What a crash looks like in output: a stack frame, a JS error class, the catch-all message. */
const CRASH = /^\s+at (?:async )?(?:\S+ \()?(?:file:\/\/|node:)?[^\s()]*:\d+:\d+\)?$|\b(?:TypeError|RangeError|ReferenceError|SyntaxError|Maximum call stack)\b|internal error|\[object Object\]|\bundefined is not\b/m;

export function problemsOfText(label: string, text: string): string[] {
  const problems: string[] = [];
  if (text.includes(SECRET)) problems.push(`${label}: prints the planted secret`);
  const crash = CRASH.exec(text);
  if (crash) problems.push(`${label}: looks like a crash: ${JSON.stringify(text.slice(Math.max(0, crash.index - 80), crash.index + 160))}`);
  return problems;
}

function isFolderEntry(root: string, subject: string): boolean {
  const entry = /^(.*)#( #\d+)?$/.exec(subject)?.[1];
  if (entry === undefined) return false;
  try {
    return lstatSync(join(root, entry)).isSymbolicLink() || lstatSync(join(root, entry)).isDirectory();
  } catch {
    return false;
  }
}

function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * A check's result against its exit code: 2 iff a contract/* (or iac/unreadable) error; 1 iff
 * otherwise an unwaived error; 0 only when no unwaived error. The summary counts what the
 * findings say; contract findings point at a position inside the contracts folder.
 */
export function problemsOfResult(result: CheckResult, exitCode: number, root: string): string[] {
  const problems: string[] = [];
  const unwaived = result.findings.filter((f) => !f.waived);
  const inputError = result.findings.some((f) => (f.rule.startsWith("contract/") || f.rule === "iac/unreadable") && f.severity === "error");
  const errors = unwaived.filter((f) => f.severity === "error").length;
  const expected = inputError ? 2 : errors > 0 ? 1 : 0;
  if (exitCode !== expected) problems.push(`exit code ${exitCode}, expected ${expected} from the findings`);
  if (result.summary.errors !== errors) problems.push(`summary.errors ${result.summary.errors} but ${errors} unwaived errors`);
  for (const f of result.findings) {
    const at = `${f.rule} ${f.subject}`;
    if (typeof f.message !== "string" || f.message === "") problems.push(`${at}: no message`);
    if (f.severity !== "error" && f.severity !== "warning") problems.push(`${at}: severity ${String(f.severity)}`);
    if (!f.rule.startsWith("contract/")) continue;
    const location = f.location;
    if (!location) {
      // only an entry that is a folder has no position (SARIF then points at the contracts folder)
      if (!isFolderEntry(root, f.subject)) problems.push(`${at}: a contract finding without a location`);
      continue;
    }
    if (!inside(location.file, root)) problems.push(`${at}: location ${location.file} is outside the contracts folder ${root}`);
    if (!(Number.isInteger(location.line) && location.line >= 1 && Number.isInteger(location.column) && location.column >= 1)) {
      problems.push(`${at}: location ${location.line}:${location.column} is not 1-based`);
    }
  }
  return problems;
}

/**
 * Does any YAML file of the set fail to read as a YAML 1.2 stream (the `yaml` library, as the
 * reference), or hold bytes that are not UTF-8 text? Then the gate cannot have seen it whole:
 * the run must exit 2 (a contract/yaml, contract/duplicate-key… finding), never 0 or 1.
 */
export function unreadableFiles(files: Files): string[] {
  const broken: string[] = [];
  for (const [name, bytes] of files) {
    if (!/\.ya?ml$/.test(name)) continue;
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      broken.push(`${name} (not UTF-8)`);
      continue;
    }
    if (text.includes("\0")) {
      broken.push(`${name} (NUL)`);
      continue;
    }
    const docs = parseAllDocuments(text, { version: "1.2", uniqueKeys: true });
    const list = Array.isArray(docs) ? docs : [docs];
    if (list.some((doc) => doc.errors.length > 0)) broken.push(`${name} (YAML errors: ${list.flatMap((d) => d.errors.map((e) => e.code)).join(", ")})`);
  }
  return broken;
}
