/**
 * `loadContractSet(dir)`: every file, every document, every problem in one run; the
 * resolved model only when nothing is wrong. Never throws for bad input: unreadable,
 * over-size, binary or malformed files are findings (contract/*), which make the CLI exit 2.
 */
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import type { Finding, Location } from "./finding.js";
import type { Issue } from "./issue.js";
import { DEFAULT_LIMITS, type LoadLimits } from "./limits.js";
import { lazyIndexedFile, locateExact, locateIn, locateOffset, type SourceIndex } from "./locate.js";
import type { ContractSet } from "./model.js";
import { resolveDocuments, type CheckedDocument } from "./resolve/index.js";
import { contractRules } from "./rules/index.js";
import { rule as insecureEndpoint } from "./rules/insecure-endpoint.js";
import { contractSubject } from "./subject.js";
import { compiledValidators, validateDocument } from "./validate.js";
import { CONTRACT_FILE, listContractFolder } from "./folder.js";
import { decodeAndParse, readContractFile, type ParsedFile, type ReadResult } from "./yaml.js";

export interface LoadResult {
  /** The resolved set, present only when no finding is an error. */
  readonly set?: ContractSet;
  readonly findings: Finding[];
  /** Text of every file that could be read (absolute path → text), for code frames. */
  readonly sources: ReadonlyMap<string, string>;
}

export interface LoadOptions {
  readonly limits?: LoadLimits;
}

export async function loadContractSet(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const root = resolve(dir);
  const folderProblem = await checkFolder(root, dir);
  if (folderProblem) return { findings: [folderProblem], sources: new Map() };

  const listing = listContractFolder(root);
  // Read one after the other, synchronously: thousands of small files read fastest that way,
  // and no file descriptor is held while another file waits.
  const reads = listing.files.map((file) => ({ path: file.path, relative: file.relative, read: readContractFile(file.path, limits, file.real) }));
  return assemble(root, dir, reads, limits, listing.issues);
}

/**
 * A contract set from files already in memory (e.g. read out of git by `cordon diff`):
 * `path` is relative to `root`, with `/` separators. The same guards apply as on disk.
 */
export async function loadContractFiles(
  root: string,
  files: readonly { readonly path: string; readonly bytes: Uint8Array }[],
  options: LoadOptions = {},
): Promise<LoadResult> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const absoluteRoot = resolve(root);
  const reads = [...files]
    .filter((file) => CONTRACT_FILE.test(file.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) => {
      const path = join(absoluteRoot, ...file.path.split("/"));
      const read: ReadResult =
        file.bytes.length > limits.maxFileBytes
          ? { issues: [{ rule: "contract/yaml", file: path, message: `file is over the ${limits.maxFileBytes} byte limit for a contract file; it was not read` }] }
          : { ...decodeAndParse(path, file.bytes, limits), bytes: file.bytes };
      return { path, relative: file.path, read };
    });
  return assemble(absoluteRoot, root, reads, limits);
}

/** Validate and resolve what was read: every problem of every file, the model only when none is an error. */
function assemble(
  root: string,
  dir: string,
  reads: readonly { path: string; relative: string; read: ReadResult }[],
  limits: LoadLimits,
  listingIssues: readonly Issue[] = [],
): LoadResult {
  const issues: Issue[] = [...listingIssues];
  const parsed: ParsedFile[] = [];
  const digest = createHash("sha256");
  /** Files with a reading or parsing problem. */
  const troubled = new Set<string>();
  const relativeOf = new Map<string, string>();
  for (const { path, relative: rel, read } of reads) {
    relativeOf.set(path, rel);
    digest.update(rel).update("\u0000").update(read.bytes ?? new Uint8Array()).update("\u0000");
    issues.push(...read.issues);
    if (read.issues.length > 0) troubled.add(path);
    if (read.file) parsed.push(read.file);
  }

  const validators = compiledValidators();
  const checked: CheckedDocument[] = [];
  /**
   * Every word of the documents that could not be used (not parsed, or not valid): the names
   * they may declare. A reference that none of them could declare is reported; one that a
   * broken document may well declare would be noise until that document is fixed (SPEC §1).
   */
  const unusable = new Set<string>();
  let documentCount = 0;
  for (const file of parsed) {
    const rel = relativeOf.get(file.path) ?? toPosix(relative(root, file.path));
    const nonEmpty = file.documents.filter((d) => d.data !== undefined || d.broken);
    documentCount += nonEmpty.length;
    if (troubled.has(file.path)) wordsOf(file.text, unusable);
    if (nonEmpty.length === 0 && !troubled.has(file.path)) {
      issues.push({
        rule: "contract/schema",
        file: file.path,
        message: "empty file: it declares nothing",
        hint: "add a document (apiVersion: cordon/v1, kind: …) or delete the file",
      });
      continue;
    }
    for (const document of file.documents) {
      if (document.data === undefined) continue;
      const result = validateDocument(validators, document.data, { file: file.path, doc: document.index });
      issues.push(...result.issues);
      if (result.checked.kind) checked.push({ file: file.path, relative: rel, doc: document.index, kind: result.checked.kind, data: result.checked.data });
      else stringsOf(document.data, unusable);
    }
  }
  if (documentCount === 0 && issues.length === 0) {
    issues.push({
      rule: "contract/yaml",
      message: `no contract files (*.yaml, *.yml) in ${dir}`,
      hint: "point --contracts at the folder of contract files, or run `cordon init` to start one",
    });
  }

  const resolved = resolveDocuments(checked);
  for (const issue of resolved.issues) {
    if (issue.rule === "contract/unknown-reference" && issue.reference !== undefined && unusable.has(issue.reference)) continue;
    issues.push(issue);
  }
  issues.push(...insecureEndpoint.check(resolved.model));

  const index: SourceIndex = {
    files: new Map(parsed.map((file) => [file.path, lazyIndexedFile(file.path, file.text, limits.maxDepth, file.trees)])),
  };
  const findings = toFindings(issues, root, index);
  const sources = new Map(parsed.map((file) => [file.path, file.text]));
  if (findings.some((f) => f.severity === "error")) return { findings, sources };

  const set: ContractSet = {
    ...resolved.model,
    root,
    digest: `sha256:${digest.digest("hex")}`,
    files: parsed.map((file) => ({ path: file.path, text: file.text })),
    locate: (ref) => locateExact(index, ref),
  };
  return { set, findings, sources };
}

async function checkFolder(root: string, given: string): Promise<Finding | undefined> {
  try {
    const info = await stat(root);
    if (info.isDirectory()) return undefined;
    return {
      rule: "contract/yaml",
      severity: "error",
      subject: ".",
      message: `the contracts path ${given} is a file, not a folder`,
      hint: "pass the folder that holds the contract files with --contracts",
    };
  } catch {
    return {
      rule: "contract/yaml",
      severity: "error",
      subject: ".",
      message: `the contracts folder ${given} does not exist`,
      hint: "pass the folder of contract files with --contracts DIR, or run `cordon init` to create one",
    };
  }
}

function toFindings(issues: readonly Issue[], root: string, index: SourceIndex): Finding[] {
  const severities = new Map(contractRules.map((rule) => [rule.id, rule.severity]));
  const counts = new Map<string, number>();
  const relatives = new Map<string, string>();
  const relativeOf = (file: string) => {
    let rel = relatives.get(file);
    if (rel === undefined) relatives.set(file, (rel = toPosix(relative(root, file))));
    return rel;
  };
  return issues.map((issue) => {
    const rel = issue.file ? relativeOf(issue.file) : ".";
    const path = issue.subjectPath ?? issue.path ?? [];
    const base = issue.file ? contractSubject(rel, { doc: issue.doc ?? 0, path }) : ".";
    const key = `${issue.rule}\u0000${base}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    const location = locationOf(issue, index);
    return {
      rule: issue.rule,
      severity: severities.get(issue.rule) ?? "error",
      subject: n === 1 ? base : `${base} #${n}`,
      message: issue.message,
      ...(issue.hint ? { hint: issue.hint } : {}),
      ...(location ? { location } : {}),
    } satisfies Finding;
  });
}

function locationOf(issue: Issue, index: SourceIndex): Location | undefined {
  if (!issue.file || issue.folder) return undefined;
  const file = index.files.get(issue.file);
  if (!file) return { file: issue.file, line: 1, column: 1 };
  if (issue.offset !== undefined) return locateOffset(file, issue.offset, issue.endOffset);
  if (issue.path !== undefined && issue.doc !== undefined) {
    return locateIn(index, { file: issue.file, doc: issue.doc, path: issue.path }, { atKey: issue.atKey ?? false });
  }
  return { file: issue.file, line: 1, column: 1 };
}

/** Every name-like word of a text (names, region ids, field keys). */
function wordsOf(text: string, into: Set<string>): void {
  for (const match of text.matchAll(/[A-Za-z0-9_.-]+/g)) into.add(match[0]);
}

/** Every string (keys included) of plain data. */
function stringsOf(data: unknown, into: Set<string>): void {
  const pending: unknown[] = [data];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === "string") into.add(value);
    else if (Array.isArray(value)) pending.push(...value);
    else if (typeof value === "object" && value !== null) {
      for (const key of Object.keys(value)) {
        into.add(key);
        pending.push((value as Record<string, unknown>)[key]);
      }
    }
  }
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
