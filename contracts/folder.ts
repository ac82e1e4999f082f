/**
 * Which files of a contracts folder are contracts (SPEC §1): every `*.yaml`/`*.yml` below
 * it, read recursively, dot-folders and node_modules skipped. A symbolic link is followed
 * only when its real target is a regular file or a folder inside the contracts folder.
 * Every entry that would be read but must not be — a link out of the folder, a FIFO, a
 * socket, a device, a broken link, a link loop — and every folder that cannot be listed is
 * a problem naming the entry, never a silent skip: a gate must not pass what it did not see.
 * Nothing of a refused target is named or read.
 */
import { readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";
import type { Issue } from "./issue.js";
import { kindOf } from "./read-file.js";

export const CONTRACT_FILE = /\.ya?ml$/i;

export interface ContractFile {
  /** The path as found in the folder (what findings name). */
  readonly path: string;
  /** Its real path, checked to be inside the folder: what is opened. */
  readonly real: string;
  /** `path` relative to the root, with `/`. */
  readonly relative: string;
}

export interface FolderListing {
  /** Sorted by path relative to the root; each real file once. */
  readonly files: readonly ContractFile[];
  readonly issues: readonly Issue[];
}

/** Folders the loader never descends into (by name). */
export function isSkippedFolder(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

export function listContractFolder(root: string): FolderListing {
  const realRoot = realpathSync(root);
  const files: ContractFile[] = [];
  const issues: Issue[] = [];
  const seenFiles = new Set<string>();
  const seenFolders = new Set<string>([realRoot]);
  const rel = (path: string) => toPosix(relative(root, path));
  const problem = (path: string, message: string, hint: string, folder = false) =>
    issues.push({ rule: "contract/yaml", file: path, message, hint, ...(folder ? { folder } : {}) });
  const addFile = (path: string, relativePath: string, real: string) => {
    if (seenFiles.has(real)) return; // the same file reached under a second name inside the folder
    seenFiles.add(real);
    files.push({ path, real, relative: relativePath });
  };

  // Relative paths are built while walking (`path.relative` per file costs more than the walk).
  const pending: { path: string; real: string; relative: string }[] = [{ path: root, real: realRoot, relative: "" }];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(folder.path, { withFileTypes: true });
    } catch (error) {
      problem(
        folder.path,
        `the folder ${folder.path === root ? "." : rel(folder.path)} could not be read (${errorCode(error)}): its contracts would go unchecked`,
        "make the folder readable by the user that runs cordon, or move it out of the contracts folder",
        true,
      );
      continue;
    }
    for (const entry of entries) {
      const path = childPath(folder.path, entry.name);
      const relativePath = folder.relative === "" ? entry.name : `${folder.relative}/${entry.name}`;
      const wanted = CONTRACT_FILE.test(entry.name);
      if (entry.isDirectory()) {
        const real = childPath(folder.real, entry.name);
        if (!isSkippedFolder(entry.name) && !seenFolders.has(real)) {
          seenFolders.add(real);
          pending.push({ path, real, relative: relativePath });
        }
      } else if (entry.isFile()) {
        if (wanted) addFile(path, relativePath, childPath(folder.real, entry.name));
      } else if (entry.isSymbolicLink()) {
        followLink(path, relativePath, entry.name, wanted, folder.real);
      } else if (wanted) {
        problem(path, `${rel(path)} is a ${kindOf(entry)}, not a regular file; it was not read`, "contract files are regular files: remove this entry from the contracts folder");
      }
    }
  }

  function followLink(path: string, relativePath: string, name: string, wanted: boolean, parentReal: string): void {
    let real: string;
    let info;
    try {
      real = realpathSync(path);
      info = statSync(real);
    } catch (error) {
      // A dangling link that is not named like a contract reads nothing either way.
      if (!wanted) return;
      const loop = errorCode(error) === "ELOOP";
      problem(
        path,
        loop ? `${rel(path)} is a symbolic link loop; it was not read` : `${rel(path)} is a symbolic link to nothing (${errorCode(error)}); it was not read`,
        "replace the link with the contract file itself",
      );
      return;
    }
    const inside = isInside(real, realRoot);
    if (info.isDirectory()) {
      if (isSkippedFolder(name)) return;
      if (!inside) {
        problem(
          path,
          `${rel(path)} is a symbolic link to a folder outside the contracts folder; it was not read`,
          "cordon reads only what is inside the contracts folder: move the contracts in, or point --contracts at a folder that holds them all",
          true,
        );
      } else if (isInside(parentReal, real)) {
        problem(path, `${rel(path)} is a symbolic link to a folder that contains it (a loop); it was not read`, "remove the link", true);
      } else if (!seenFolders.has(real)) {
        seenFolders.add(real);
        pending.push({ path, real, relative: relativePath });
      }
      return;
    }
    if (!wanted) return;
    if (!inside) {
      problem(
        path,
        `${rel(path)} is a symbolic link to a file outside the contracts folder; it was not read`,
        "cordon reads only what is inside the contracts folder: copy the contract in instead of linking to it",
      );
    } else if (!info.isFile()) {
      problem(path, `${rel(path)} is a symbolic link to a ${kindOf(info)}, not a regular file; it was not read`, "contract files are regular files: remove the link");
    } else {
      addFile(path, relativePath, real);
    }
  }

  files.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  return { files, issues };
}

/**
 * `join(folder, name)` for a name read from the folder (never `.`, `..` or a separator):
 * `path.join` normalises the whole path again, which on 10,000 files cost more than the rest
 * of the walk.
 */
function childPath(folder: string, name: string): string {
  return folder.endsWith(sep) ? folder + name : folder + sep + name;
}

/** Is `path` the folder itself or inside it? (Both real paths.) */
function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
