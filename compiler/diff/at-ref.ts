/**
 * The contract set at a git ref, read out of git (never the work tree) and loaded from
 * memory through the same loader as the working tree's.
 */
import { realpath } from "node:fs/promises";
import { relative, sep } from "node:path";
import { loadContractFiles, type LoadResult } from "../../contracts/load.js";
import { gitToplevel, readFolderAt, resolveCommit } from "./git.js";

export interface AtRef {
  readonly commit: string;
  /** The contracts folder relative to the top of the work tree ("" for the top). */
  readonly folder: string;
  /** Undefined when the folder does not exist at the ref. */
  readonly loaded?: LoadResult;
}

/**
 * Load the contracts folder `contractsDir` as it was at `ref` and hand the result to `use`.
 */
export async function withContractsAt<T>(contractsDir: string, ref: string, use: (at: AtRef) => Promise<T> | T): Promise<T> {
  const real = await realpath(contractsDir).catch(() => contractsDir);
  const top = await gitToplevel(real);
  const commit = await resolveCommit(top, ref);
  const rel = relative(await realpath(top), real);
  const folder = rel === "" ? "" : rel.split(sep).join("/");
  if (folder.startsWith("..")) return use({ commit, folder });
  const files = await readFolderAt(top, commit, folder);
  if (files === undefined) return use({ commit, folder });

  // Paths of the base set are those the folder has in the work tree, so findings compare.
  return use({ commit, folder, loaded: await loadContractFiles(real, files) });
}
