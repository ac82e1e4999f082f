/** The git commit the contracts come from, when they live in a git work tree. */
import { execFile } from "node:child_process";

function git(args: readonly string[], cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      execFile("git", args, { cwd, maxBuffer: 1024 * 1024, timeout: 10_000, windowsHide: true }, (error, stdout) => {
        resolve(error ? undefined : stdout.trim());
      });
    } catch {
      // spawn throws at once when cwd is not a folder (--contracts naming a file or a FIFO): no
      // evidence, and the loader reports the folder; left to reject, it crashed the process
      resolve(undefined);
    }
  });
}

/** HEAD's commit and whether the contracts folder has uncommitted changes; undefined outside git. */
export async function gitEvidence(dir: string): Promise<{ commit: string; dirty: boolean } | undefined> {
  const commit = await git(["rev-parse", "--verify", "--quiet", "HEAD"], dir);
  if (!commit || !/^[0-9a-f]{40,64}$/.test(commit)) return undefined;
  const status = await git(["status", "--porcelain", "--untracked-files=all", "--", "."], dir);
  return { commit, dirty: status === undefined ? false : status.length > 0 };
}
