/**
 * The contract set at a git ref, loaded through the same loader as the working tree's.
 *
 * The loader reads a folder, so the files read out of git are written to a private
 * temporary folder (never the work tree) and removed afterwards. A loader entry point that
 * takes in-memory files would make this step unnecessary.
 */
import { mkdtemp, mkdir, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { loadContractSet, type LoadResult } from "../../contracts/load.js";
import { gitToplevel, readFolderAt, resolveCommit } from "./git.js";

export interface AtRef {
  readonly commit: string;
  /** The contracts folder relative to the top of the work tree ("" for the top). */
  readonly folder: string;
  /** Undefined when the folder does not exist at the ref. */
  readonly loaded?: LoadResult;
}

/**
 * Load the contracts folder `contractsDir` as it was at `ref` and hand the result to `use`
 * while its (temporary) files still exist, so that locations can still be read.
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

  const scratch = await mkdtemp(join(tmpdir(), "cordon-diff-"));
  try {
    const root = join(scratch, "contracts");
    await mkdir(root, { recursive: true });
    for (const file of files) {
      const target = join(root, ...file.path.split("/"));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.bytes);
    }
    return await use({ commit, folder, loaded: await loadContractSet(root) });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
