/**
 * The folder SARIF paths are relative to: the top of the git work tree, whatever folder
 * cordon runs in (GitHub code scanning resolves `%SRCROOT%` to the repository root, so a
 * path relative to a `working-directory:` would point at a file that does not exist).
 */
import { realpath } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { gitToplevel } from "../../compiler/diff/git.js";

/** The git top level holding `cwd`, spelt from `cwd` (symlinks kept); `cwd` itself outside git. */
export async function sourceRoot(cwd: string): Promise<string> {
  try {
    const top = await gitToplevel(cwd);
    // git prints the real path; findings carry paths resolved from the cwd as given, so the
    // top is re-expressed from the cwd (a symlinked /tmp, say, must still prefix them).
    return resolve(cwd, relative(await realpath(cwd), top));
  } catch {
    // Not a git work tree, or no git: the working directory is the best root there is.
    return cwd;
  }
}
