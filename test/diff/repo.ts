/** A temporary git repository with two commits of a contract set, for diff tests. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { analyse } from "../../compiler/check.js";
import { diffSnapshots, EMPTY_SNAPSHOT, snapshotOf, withContractsAt, type DiffResult } from "../../compiler/diff/index.js";
import { loadContractSet } from "../../contracts/load.js";
import { AS_OF } from "../helpers/check-files.js";

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } });
}

function writeSet(dir: string, files: Record<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}

/**
 * A repository whose `contracts/` is `before` in commit 1 (null: no contracts folder yet)
 * and `after` in commit 2 (HEAD).
 */
export function twoCommits(before: Record<string, string> | null, after: Record<string, string>): string {
  const repo = mkdtempSync(join(tmpdir(), "cordon-diff-repo-"));
  git(repo, "init", "-q");
  writeFileSync(join(repo, "README.md"), "a repository\n");
  if (before) writeSet(join(repo, "contracts"), before);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "before");
  writeSet(join(repo, "contracts"), after);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "after");
  return repo;
}

/** The diff of the work tree (HEAD) against HEAD~1, through the library. */
export async function diffAgainstParent(repo: string): Promise<DiffResult> {
  const root = join(repo, "contracts");
  const loaded = await loadContractSet(root);
  if (!loaded.set) throw new Error(loaded.findings.map((f) => f.message).join("\n"));
  const head = snapshotOf(loaded.set, analyse(loaded.set, { asOf: AS_OF }));
  return withContractsAt(root, "HEAD~1", (at) => {
    const set = at.loaded?.set;
    const base = set ? snapshotOf(set, analyse(set, { asOf: AS_OF })) : EMPTY_SNAPSHOT;
    return diffSnapshots(base, head, { version: "test", asOf: AS_OF, baseRef: "HEAD~1", baseCommit: at.commit });
  });
}
