/** Flag handling shared by the commands: dates, output files, colour. */
import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, relative, resolve, isAbsolute } from "node:path";
import type { Finding } from "../../contracts/finding.js";
import { readRegularFile } from "../../contracts/read-file.js";
import { isValidDate, today } from "../../compiler/dates.js";
import { SourceUsageError } from "../../compiler/source/errors.js";
import { writeProblem } from "./write-problem.js";

export class UsageError extends Error {}

/** The message of an error that is the user's to fix (a bad flag or --src path), else undefined. */
export function usageProblem(error: unknown): string | undefined {
  return error instanceof UsageError || error instanceof SourceUsageError ? error.message : undefined;
}

/** `--as-of`: a real calendar date, default today (UTC). */
export function asOfDate(value: unknown): string {
  if (value === undefined) return today();
  if (typeof value !== "string" || !isValidDate(value)) {
    throw new UsageError(`--as-of takes a date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Is `path` inside `folder` (or the folder itself)? */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** cordon never writes into the contracts folder (SPEC §2): an --out there is a usage error. */
function refuseInsideContracts(out: string, target: string, contractsRoot: string): void {
  if (isInside(target, contractsRoot)) throw new UsageError(`--out ${out} is inside the contracts folder; cordon never writes there`);
}

/**
 * Write a command's output to `--out` (never into the contracts folder: check, report and
 * diff only read contracts) or to stdout.
 */
export async function emit(output: string, out: unknown, contractsRoot: string): Promise<void> {
  if (typeof out !== "string" || out === "" || out === "-") {
    process.stdout.write(output.endsWith("\n") ? output : `${output}\n`);
    return;
  }
  const target = resolve(out);
  refuseInsideContracts(out, target, contractsRoot);
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, output);
  } catch (error) {
    const problem = writeProblem(error);
    throw problem === undefined ? error : new UsageError(problem);
  }
}

/**
 * Whether `--out` can be written, asked before a command that cannot redo its work (live-check
 * has received a whole session's telemetry by the time it writes): a folder where the file
 * goes, or a file where a folder of its path must be, is the usage error `emit` would give,
 * given now. Permissions and a full disk still surface only at the write.
 */
export async function assertWritableOut(out: unknown, contractsRoot: string): Promise<void> {
  if (typeof out !== "string" || out === "" || out === "-") return;
  const target = resolve(out);
  refuseInsideContracts(out, target, contractsRoot);
  const kind = async (path: string) => (await stat(path).catch(() => undefined))?.isDirectory();
  if ((await kind(target)) === true) throw new UsageError(`cannot write ${out}: it is a folder (EISDIR); choose another --out`);
  for (let folder = dirname(target); ; folder = dirname(folder)) {
    const isFolder = await kind(folder);
    if (isFolder === false) {
      throw new UsageError(`cannot create the folder ${dirname(out)}: a part of the path is a file, not a folder (ENOTDIR); choose another --out`);
    }
    if (isFolder === true || dirname(folder) === folder) return;
  }
}

/** Colour only on a TTY, and never with NO_COLOR; FORCE_COLOR forces it. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

const MAX_FRAMED_FILE = 5 * 1024 * 1024;

/** Texts of the files findings point into that `known` does not have yet (for code frames). */
export async function withSourcesOf(
  findings: readonly Finding[],
  known: ReadonlyMap<string, string>,
): Promise<Map<string, string>> {
  const sources = new Map(known);
  for (const finding of findings) {
    const file = finding.location?.file;
    if (!file || sources.has(file)) continue;
    // Only a regular file, not through a link, of a sane size (contracts/read-file.ts): a
    // finding about an entry that was refused unread must not print its target in a frame.
    const read = readRegularFile(file, MAX_FRAMED_FILE);
    sources.set(file, read.ok ? Buffer.from(read.bytes).toString("utf8") : "");
  }
  return sources;
}
