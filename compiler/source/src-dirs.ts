/**
 * `check --src DIR…`: the files those folders hold (sources and configuration files), each to be checked against the service whose
 * `source:` contains it. A folder that does not exist is a usage error (a typo must not pass the
 * gate by scanning nothing); files that belong to no service are said so on the side, since
 * nothing in the contracts can judge them.
 */
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { SourceUsageError } from "./errors.js";
import { entryListing, isScannable, ownersOf, sourceEntry, type ServiceSources } from "./files.js";
import type { Listing, Unseen } from "./walk.js";

export function srcDirFiles(
  srcDirs: readonly string[],
  cwd: string,
  root: string,
  sources: readonly ServiceSources[],
  note: (message: string) => void,
): Listing {
  const out: string[] = [];
  const unseen: Unseen[] = [];
  for (const dir of srcDirs) {
    const entry = sourceEntry(cwd, dir);
    const shown = relative(cwd, entry.base) || ".";
    if (!existsSync(entry.base)) {
      throw new SourceUsageError(`--src ${shown}: no such file or folder`);
    }
    const listing = entryListing(entry, root);
    unseen.push(...listing.unseen);
    out.push(...listing.files);
    const files = listing.files.filter(isScannable);
    const orphans = files.filter((f) => ownersOf(f, sources).length === 0);
    if (files.length === 0) {
      note(`--src ${shown}: no TypeScript or JavaScript files there, nothing scanned`);
    } else if (orphans.length > 0) {
      const some = orphans.slice(0, 3).map((f) => relative(cwd, f)).join(", ");
      const more = orphans.length > 3 ? `, and ${orphans.length - 3} more` : "";
      note(`--src ${shown}: ${orphanCount(orphans.length, files.length)} to no service's \`source:\`, so not scanned (${some}${more})`);
    }
  }
  return { files: out, unseen };
}

function orphanCount(orphans: number, files: number): string {
  if (orphans < files) return `${orphans} of its ${files} files belong`;
  return files === 1 ? "its only file belongs" : `all ${files} of its files belong`;
}
