/**
 * Which files `check --src` reads, and which service each one belongs to.
 *
 * A service's `source:` entries are folders, files or globs relative to the project root
 * (the contracts folder's parent). An entry that names an existing path is that path; only
 * an entry that names nothing is read as a glob (walked from its static prefix, picomatch matches).
 */
import { existsSync, statSync } from "node:fs";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { isDynamicPattern } from "tinyglobby";
import type { Finding } from "../../contracts/finding.js";
import type { ContractSet, Service } from "../../contracts/model.js";
import { missingSource, unseenSource } from "../rules/source/missing-source.js";
import { isConfigFile } from "./config.js";
import { walk, type Listing, type Unseen } from "./walk.js";

const SCANNED = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION = /\.d\.[cm]?ts$/;

export function isScannable(path: string): boolean {
  return SCANNED.test(path) && !DECLARATION.test(path);
}

/** What the scan reads: sources, and the configuration files that start exporters. One walk lists both. */
export function isReadByScan(name: string): boolean {
  return isScannable(name) || isConfigFile(name);
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

/**
 * What an entry designates: a file, the wanted files under a folder, or what a glob matches (and
 * what is under the folders it matches) — and what under it could not be seen. Globs are walked
 * by `walk` from their static prefix and matched with picomatch, so links, FIFOs and unreadable
 * folders are judged the same way for every kind of entry (a glob library silently leaves them out).
 */
export function entryListing(entry: SourceEntry, root: string, wanted: (name: string) => boolean = isReadByScan): Listing {
  let stats;
  try {
    stats = statSync(entry.base);
  } catch {
    return { files: [], unseen: [] };
  }
  if (stats.isFile()) return { files: entry.glob || !wanted(basename(entry.base)) ? [] : [entry.base], unseen: [] };
  if (!stats.isDirectory()) return { files: [], unseen: entry.glob ? [] : [{ path: entry.base, why: "is not a regular file or folder, not read" }] };
  const listing = walk(entry.base, { wanted, root });
  if (!entry.glob) return listing;
  return {
    files: listing.files.filter((file) => entryContains(entry, file)),
    unseen: listing.unseen.filter((u) => entryHolds(entry, u)),
  };
}

/** Does the entry hold what could not be seen: a path it contains, or a folder a glob may match inside? */
function entryHolds(entry: SourceEntry, unseen: Unseen): boolean {
  return entryContains(entry, unseen.path) || (unseen.folder === true && globMayMatchInside(entry, unseen.path));
}

/**
 * Could the glob match something inside this folder? Asked of a folder that could not be listed:
 * its contents are unknown, so unless its path already departs from the pattern, a match may be
 * hidden there (the glob `services/<any>/src` and an unreadable `services/payments`) and it must be named.
 * Compared segment by segment; a brace or extglob that spans a `/` is answered "yes" (never a silent skip).
 */
function globMayMatchInside(entry: SourceEntry, folder: string): boolean {
  if (!entry.glob) return false;
  const rel = relative(entry.globRoot ?? "/", folder).split(sep).join("/");
  if (rel.startsWith("..")) return false;
  if (/[{(][^})]*\/[^})]*[})]/.test(entry.glob.pattern)) return true;
  const segments = entry.glob.pattern.split("/");
  const parts = rel === "" ? [] : rel.split("/");
  for (const [i, part] of parts.entries()) {
    const segment = segments[i];
    if (segment === undefined) return false;
    if (segment.includes("**")) return true;
    if (!picomatch(segment, { dot: false })(part)) return false;
  }
  return parts.length < segments.length;
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

/**
 * The services whose `source:` contains the file: the most specific entry wins, and services
 * whose entries hold it equally specifically (a shared folder both list) each own it, so the
 * file is checked against every one of them, not only the first.
 */
export function ownersOf(file: string, sources: readonly ServiceSources[]): Service[] {
  let owners: Service[] = [];
  let best = -1;
  for (const { service, entries } of sources) {
    for (const entry of entries) {
      if (!entryContains(entry, file)) continue;
      const score = specificity(entry);
      if (score > best) {
        best = score;
        owners = [service];
      } else if (score === best && !owners.includes(service)) owners.push(service);
    }
  }
  return owners;
}

/** The files of every `source:` entry, listed once, with what under each could not be seen. */
export function listEntries(sources: readonly ServiceSources[], root: string): Map<SourceEntry, Listing> {
  return new Map(sources.flatMap(({ entries }) => entries.map((entry) => [entry, entryListing(entry, root)] as const)));
}

/** The entry, of any service, that holds the unseen path most specifically (its owner's entry). */
function ownerEntryOf(unseen: Unseen, sources: readonly ServiceSources[]): { service: Service; index: number; entry: SourceEntry } | undefined {
  let best: { service: Service; index: number; entry: SourceEntry } | undefined;
  for (const { service, entries } of sources) {
    entries.forEach((entry, index) => {
      if (entryHolds(entry, unseen) && (!best || specificity(entry) > specificity(best.entry))) best = { service, index, entry };
    });
  }
  return best;
}

/** `source/missing-source` for every entry that lists no file and holds nothing unseen (SPEC §3.4). */
export function missingSources(set: ContractSet, sources: readonly ServiceSources[], listed: ReadonlyMap<SourceEntry, Listing>): Finding[] {
  const findings: Finding[] = [];
  for (const { service, entries } of sources) {
    entries.forEach((entry, i) => {
      const listing = listed.get(entry);
      if (listing && (listing.files.some(isScannable) || listing.unseen.length > 0)) return;
      const location = set.locate({ ...service.ref, path: [...service.ref.path, "source", i] });
      findings.push(missingSource(service.name, service.source[i] ?? "", location));
    });
  }
  return findings;
}

/**
 * `source/missing-source` naming what could not be seen under a service's entry — unreadable
 * folders and files, links out of the project, loops, FIFOs — one finding per entry, at the
 * entry: the gate never passes by skipping what it could not see. Paths that belong to no
 * service are returned for a note instead, since no contract can judge them.
 */
export function unseenSources(set: ContractSet, sources: readonly ServiceSources[], unseen: readonly Unseen[]): { findings: Finding[]; orphans: Unseen[] } {
  const byEntry = new Map<SourceEntry, { service: Service; index: number; items: Unseen[] }>();
  const orphans: Unseen[] = [];
  const seen = new Set<string>();
  for (const item of unseen) {
    if (seen.has(item.path)) continue;
    seen.add(item.path);
    const owner = ownerEntryOf(item, sources);
    if (!owner) {
      orphans.push(item);
      continue;
    }
    const group = byEntry.get(owner.entry) ?? { service: owner.service, index: owner.index, items: [] };
    group.items.push(item);
    byEntry.set(owner.entry, group);
  }
  const findings = [...byEntry].map(([entry, { service, index, items }]) => {
    const location = set.locate({ ...service.ref, path: [...service.ref.path, "source", index] });
    const shown = items.map((u) => ({ path: relative(entry.base, u.path).split(sep).join("/") || ".", why: u.why }));
    return unseenSource(service.name, service.source[index] ?? "", shown, location);
  });
  return { findings, orphans };
}
