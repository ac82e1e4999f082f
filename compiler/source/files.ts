/**
 * Which files `check --src` reads, and which service each one belongs to.
 *
 * A service's `source:` entries are folders, files or globs relative to the project root
 * (the contracts folder's parent). An entry that names an existing path is that path; only
 * an entry that names nothing is read as a glob (tinyglobby lists, picomatch matches).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { globSync, isDynamicPattern } from "tinyglobby";
import type { Finding } from "../../contracts/finding.js";
import type { ContractSet, Service } from "../../contracts/model.js";
import { missingSource, unreadableSource } from "../rules/source/missing-source.js";

const SCANNED = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION = /\.d\.[cm]?ts$/;

export function isScannable(path: string): boolean {
  return SCANNED.test(path) && !DECLARATION.test(path);
}

/**
 * Every scannable file under `dir`, skipping node_modules and dot-folders. A folder that cannot
 * be listed goes into `unreadable` (when given): its files were not seen, and the gate says so.
 */
export function walk(dir: string, out: string[] = [], unreadable?: string[]): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    unreadable?.push(dir);
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(path, out, unreadable);
    } else if (entry.isFile() && isScannable(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

/** A `source:` entry (or a `--src` argument) resolved against a base folder. */
export interface SourceEntry {
  /** Absolute folder or file, or the static prefix of a glob. */
  readonly base: string;
  /** Set for globs: the pattern (posix, relative to `globRoot`) and its matcher. */
  readonly glob?: { readonly pattern: string; readonly matches: (path: string) => boolean };
  readonly globRoot?: string;
}

/**
 * An entry that names an existing path is that path, whatever characters it holds (a
 * Next.js folder such as `app/[slug]` or `app/(shop)` included); glob syntax applies only
 * to an entry that names nothing (SPEC §3.4). Globs are picomatch's.
 */
export function sourceEntry(baseDir: string, entry: string): SourceEntry {
  const posix = entry.replaceAll("\\", "/");
  const literal = resolve(baseDir, posix);
  if (existsSync(literal) || !isDynamicPattern(posix)) return { base: literal };
  const absolute = isAbsolute(posix);
  const pattern = absolute ? posix.replace(/^\/+/, "") : posix;
  const { base } = picomatch.scan(pattern);
  const globRoot = absolute ? "/" : baseDir;
  return { base: resolve(globRoot, base || "."), glob: { pattern, matches: picomatch(pattern, { dot: false }) }, globRoot };
}

/** The files an entry designates: a file, the scannable files under a folder, or what a glob matches (and what is under the folders it matches). */
export function entryFiles(entry: SourceEntry, unreadable?: string[]): string[] {
  if (entry.glob) {
    const files = globSync([entry.glob.pattern, `${entry.glob.pattern}/**`], {
      cwd: entry.globRoot ?? "/",
      absolute: true,
      onlyFiles: true,
      expandDirectories: false,
      followSymbolicLinks: false,
      ignore: ["**/node_modules/**"],
    });
    return files.map((file) => resolve(file)).filter(isScannable);
  }
  let stats;
  try {
    stats = statSync(entry.base);
  } catch {
    return [];
  }
  if (stats.isFile()) return [entry.base];
  return walk(entry.base, [], unreadable);
}

/** Does the entry contain the file? A glob contains a file it matches or one under a folder it matches. */
export function entryContains(entry: SourceEntry, file: string): boolean {
  if (!entry.glob) return file === entry.base || file.startsWith(entry.base.endsWith(sep) ? entry.base : entry.base + sep);
  const rel = relative(entry.globRoot ?? "/", file).split(sep).join("/");
  if (rel.startsWith("..")) return false;
  const parts = rel.split("/");
  for (let n = parts.length; n > 0; n--) {
    if (entry.glob.matches(parts.slice(0, n).join("/"))) return true;
  }
  return false;
}

/** How specific an entry is, so a file in nested sources belongs to the innermost service. */
function specificity(entry: SourceEntry): number {
  return entry.base.length + (entry.glob ? 0 : 0.5);
}

export interface ServiceSources {
  readonly service: Service;
  readonly entries: readonly SourceEntry[];
}

export function serviceSources(services: Iterable<Service>, projectRoot: string): ServiceSources[] {
  return [...services].map((service) => ({
    service,
    entries: service.source.map((s) => sourceEntry(projectRoot, s)),
  }));
}

/** The service whose `source:` contains the file (the most specific entry wins). */
export function ownerOf(file: string, sources: readonly ServiceSources[]): Service | undefined {
  let best: { service: Service; score: number } | undefined;
  for (const { service, entries } of sources) {
    for (const entry of entries) {
      if (!entryContains(entry, file)) continue;
      const score = specificity(entry);
      if (!best || score > best.score) best = { service, score };
    }
  }
  return best?.service;
}

/** What one `source:` entry lists: its files, and the folders under it that could not be read. */
export interface EntryListing {
  readonly files: readonly string[];
  readonly unreadable: readonly string[];
}

/** The files of every `source:` entry, listed once. */
export function listEntries(sources: readonly ServiceSources[]): Map<SourceEntry, EntryListing> {
  return new Map(
    sources.flatMap(({ entries }) =>
      entries.map((entry) => {
        const unreadable: string[] = [];
        return [entry, { files: entryFiles(entry, unreadable), unreadable }] as const;
      }),
    ),
  );
}

/**
 * `source/missing-source` for every entry that lists no file, or under which a folder could
 * not be read (SPEC §3.4: the gate never passes by skipping what it could not see).
 */
export function missingSources(set: ContractSet, sources: readonly ServiceSources[], listed: ReadonlyMap<SourceEntry, EntryListing>): Finding[] {
  const findings: Finding[] = [];
  for (const { service, entries } of sources) {
    entries.forEach((entry, i) => {
      const listing = listed.get(entry);
      const unreadable = listing?.unreadable ?? [];
      if ((listing?.files.length ?? 0) > 0 && unreadable.length === 0) return;
      const location = set.locate({ ...service.ref, path: [...service.ref.path, "source", i] });
      const written = service.source[i] ?? "";
      const folders = unreadable.map((dir) => relative(entry.base, dir).split(sep).join("/") || ".");
      findings.push(folders.length > 0 ? unreadableSource(service.name, written, folders, location) : missingSource(service.name, written, location));
    });
  }
  return findings;
}
