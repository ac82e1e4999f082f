/**
 * Which files `check --src` reads, and which service each one belongs to.
 *
 * A service's `source:` entries are folders, files or globs relative to the project root
 * (the contracts folder's parent). Node 20 has no fs.glob, so globs are compiled to a
 * regular expression and matched while walking from their static prefix.
 */
import { readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Service } from "../../contracts/model.js";

const SCANNED = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION = /\.d\.[cm]?ts$/;
const GLOB_CHARS = /[*?[{]/;

export function isScannable(path: string): boolean {
  return SCANNED.test(path) && !DECLARATION.test(path);
}

/** Every scannable file under `dir`, skipping node_modules and dot-folders. */
export function walk(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(path, out);
    } else if (entry.isFile() && isScannable(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

/** A `source:` entry (or a `--src` argument) resolved against a base folder. */
export interface SourceEntry {
  /** Absolute folder, file or the static prefix of a glob. */
  readonly base: string;
  /** Set for globs: matches posix paths relative to `globRoot`. */
  readonly glob?: RegExp;
  readonly globRoot?: string;
}

export function sourceEntry(baseDir: string, entry: string): SourceEntry {
  const posix = entry.replaceAll("\\", "/");
  if (!GLOB_CHARS.test(posix)) return { base: resolve(baseDir, posix) };
  const parts = posix.split("/");
  const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
  const prefix = parts.slice(0, firstGlob).join("/");
  const globRoot = isAbsolute(posix) ? "/" : baseDir;
  return { base: resolve(baseDir, prefix || "."), glob: globToRegExp(posix.replace(/^\/+/, "")), globRoot };
}

/** The files an entry designates. */
export function entryFiles(entry: SourceEntry): string[] {
  let stats;
  try {
    stats = statSync(entry.base);
  } catch {
    return [];
  }
  if (stats.isFile()) return entry.glob ? [] : [entry.base];
  const files = walk(entry.base);
  return entry.glob ? files.filter((f) => entryContains(entry, f)) : files;
}

/** Does the entry contain the file? A glob contains a file it matches or one under a folder it matches. */
export function entryContains(entry: SourceEntry, file: string): boolean {
  if (!entry.glob) return file === entry.base || file.startsWith(entry.base.endsWith(sep) ? entry.base : entry.base + sep);
  const rel = relative(entry.globRoot ?? "/", file).split(sep).join("/");
  if (rel.startsWith("..")) return false;
  const parts = rel.split("/");
  for (let n = parts.length; n > 0; n--) {
    if (entry.glob.test(parts.slice(0, n).join("/"))) return true;
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

/** `**` any depth, `*` and `?` within one segment, `{a,b}` alternatives, `[...]` classes. */
export function globToRegExp(glob: string): RegExp {
  let out = "";
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const slash = glob[i + 2] === "/";
        out += slash ? "(?:.*/)?" : ".*";
        i += slash ? 2 : 1;
      } else out += "[^/]*";
    } else if (c === "?") out += "[^/]";
    else if (c === "{") {
      out += "(?:";
      depth++;
    } else if (c === "}" && depth > 0) {
      out += ")";
      depth--;
    } else if (c === "," && depth > 0) out += "|";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) out += "\\[";
      else {
        out += "[" + glob.slice(i + 1, end).replace(/^!/, "^").replaceAll("\\", "\\\\") + "]";
        i = end;
      }
    } else out += c.replace(/[.+^$()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}
