/**
 * The one folder walk of `check --src`: what a `source:` entry (or a `--src` folder) holds,
 * and what under it could not be seen, with why.
 *
 * A gate must never pass what it did not see (SPEC §3.4): a symlinked file in a monorepo, a
 * folder the gate's user cannot list, a FIFO named `index.ts` — each is either read or named.
 * Links are followed to regular files and folders inside the project (the folder that holds
 * the contracts folder) or inside the walked folder itself; a link out of both, a dangling link,
 * a link loop and anything that is not a regular file or folder are reported, never opened
 * (a link to `/dev/zero` must not hang the gate, a link to a secret must not be printed).
 */
import { type Dirent, readdirSync, realpathSync, statSync } from "node:fs";
import { join, sep } from "node:path";

/** A path under a walked folder that the scan did not read, and why (a predicate: "could not be read"). */
export interface Unseen {
  readonly path: string;
  readonly why: string;
  /** Set when the path is a folder that could not be listed: what it holds is unknown, so a glob may match inside it. */
  readonly folder?: true;
}

export interface Listing {
  /** Files wanted, by the path they have under the walked folder (a link keeps its own name). */
  readonly files: string[];
  readonly unseen: Unseen[];
}

export interface WalkOptions {
  /** Which file names are worth reading (TypeScript sources, configuration files). */
  readonly wanted: (name: string) => boolean;
  /** Links are followed only to targets inside this folder (the project) or the walked folder. */
  readonly root: string;
}

const SKIPPED_FOLDER = (name: string): boolean => name === "node_modules" || name.startsWith(".");

/** Every wanted file under `dir` (node_modules and dot-folders skipped), and what could not be seen. */
export function walk(dir: string, options: WalkOptions): Listing {
  const listing: Listing = { files: [], unseen: [] };
  const start = realpathOrUndefined(dir);
  if (start === undefined) {
    listing.unseen.push({ path: dir, why: "could not be read", folder: true });
    return listing;
  }
  const roots = [realpathOrUndefined(options.root) ?? options.root, start];
  const inside = (real: string): boolean => roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep));
  /** Real paths of the folders and files already taken: two names of one place are read once, and a link back up ends there. */
  const taken = new Set<string>([start]);

  const visit = (folder: string, folderReal: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      listing.unseen.push({ path: folder, why: "could not be read", folder: true });
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDER(entry.name)) continue;
        const real = join(folderReal, entry.name);
        if (taken.has(real)) continue;
        taken.add(real);
        visit(path, real);
      } else if (entry.isFile()) {
        if (!options.wanted(entry.name)) continue;
        const real = join(folderReal, entry.name);
        if (taken.has(real)) continue;
        taken.add(real);
        listing.files.push(path);
      } else if (entry.isSymbolicLink()) {
        followLink(path, entry.name);
      } else if (options.wanted(entry.name)) {
        listing.unseen.push({ path, why: "is not a regular file (a FIFO, socket or device), not read" });
      }
    }
  };

  const followLink = (path: string, name: string): void => {
    let real: string;
    try {
      real = realpathSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ELOOP") listing.unseen.push({ path, why: "is a link loop, not followed" });
      else if (options.wanted(name)) listing.unseen.push({ path, why: "is a link to nothing" });
      return;
    }
    let isFolder = false;
    let isFile = false;
    try {
      const stats = statSync(real);
      isFolder = stats.isDirectory();
      isFile = stats.isFile();
    } catch {
      // unreadable target: judged below as neither file nor folder
    }
    if (!isFolder && !options.wanted(name)) return;
    if (!inside(real)) {
      listing.unseen.push({ path, why: "is a link out of the project, not followed" });
    } else if (isFolder) {
      // A folder already taken (an ancestor included) is read, or being read, under its other name.
      if (SKIPPED_FOLDER(name) || taken.has(real)) return;
      taken.add(real);
      visit(path, real);
    } else if (!isFile) {
      listing.unseen.push({ path, why: "is a link to something that is not a regular file, not read" });
    } else if (!taken.has(real)) {
      taken.add(real);
      listing.files.push(path);
    }
  };

  visit(dir, start);
  return listing;
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
