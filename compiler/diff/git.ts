/**
 * Reading a contract folder as it was at a git ref, through git itself: nothing in the work
 * tree, the index or the refs is touched. Every call has a time limit and an output bound.
 */
import { spawn } from "node:child_process";
import { posix } from "node:path";

export class GitError extends Error {}

const MAX_LISTING = 16 * 1024 * 1024;
/** The contracts at a ref, all files together. */
export const MAX_CONTRACT_BYTES = 256 * 1024 * 1024;
const TIMEOUT_MS = 60_000;

interface GitRun {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

function git(args: readonly string[], cwd: string, options: { input?: string; maxBytes?: number } = {}): Promise<GitRun> {
  const maxBytes = options.maxBytes ?? MAX_LISTING;
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-c", "core.quotepath=off", ...args], {
      cwd,
      stdio: ["pipe", "pipe", "pipe"],
      windowsHide: true,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0" },
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = "";
    let failed: Error | undefined;
    const timer = setTimeout(() => {
      failed = new GitError(`git ${args[0]} took longer than ${TIMEOUT_MS / 1000}s`);
      child.kill();
    }, TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        failed ??= new GitError(`git ${args[0]} printed more than ${Math.round(maxBytes / 1024 / 1024)} MB; refusing to read on`);
        child.kill();
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < 8192) stderr += chunk.toString("utf8");
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new GitError(error.code === "ENOENT" ? "git is not installed (or not on PATH)" : `git could not run: ${error.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (failed) reject(failed);
      else resolve({ code: code ?? 1, stdout: Buffer.concat(chunks), stderr: stderr.trim() });
    });
    child.stdin.on("error", () => {}); // git may exit before reading all input; the exit code tells
    child.stdin.end(options.input ?? "");
  });
}

/** The top of the git work tree holding `dir`. */
export async function gitToplevel(dir: string): Promise<string> {
  const run = await git(["rev-parse", "--show-toplevel"], dir);
  if (run.code !== 0) throw new GitError(`${dir} is not inside a git work tree, so there is no base to compare with`);
  return run.stdout.toString("utf8").trim();
}

/** The commit a ref names; a clear GitError when it names none. */
export async function resolveCommit(top: string, ref: string): Promise<string> {
  if (ref === "" || ref.startsWith("-") || /[\u0000-\u001f]/.test(ref)) throw new GitError(`--base ${JSON.stringify(ref)} is not a git ref`);
  const run = await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], top);
  const commit = run.stdout.toString("utf8").trim();
  if (run.code !== 0 || !/^[0-9a-f]{40,64}$/.test(commit)) {
    throw new GitError(`--base ${ref}: no such commit, branch or tag in ${top} (in CI, fetch it first, e.g. \`git fetch origin main\` with enough depth)`);
  }
  return commit;
}

export interface TreeFile {
  /** Relative to the folder that was read, POSIX separators. */
  readonly path: string;
  readonly bytes: Buffer;
}

const CONTRACT_FILE = /\.ya?ml$/i;

/** Would the loader read this path (relative to the contracts folder)? Same skips as loadContractSet. */
function loaderReads(path: string): boolean {
  const parts = path.split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) return false;
  return CONTRACT_FILE.test(path) && parts.slice(0, -1).every((p) => !p.startsWith(".") && p !== "node_modules");
}

/**
 * The files that links under the folder name, as the loader follows them on disk (SPEC §1): a
 * link to a regular file inside the folder is read under the link's name, unless the loader
 * reads the target itself (each file once). Links out of the folder, to folders, to other links
 * or to nothing are not read (on disk they are contract/yaml findings of the work tree).
 * Without this the base of a set that links a file in was read without it: "everything new".
 */
async function linkedFiles(
  top: string,
  links: readonly { oid: string; path: string }[],
  blobs: ReadonlyMap<string, { oid: string; size: number }>,
): Promise<{ oid: string; path: string; size: number }[]> {
  if (links.length === 0) return [];
  const batch = await git(["cat-file", "--batch"], top, { input: links.map((l) => l.oid).join("\n") + "\n", maxBytes: links.length * (4096 + 128) });
  if (batch.code !== 0) throw new GitError(`git cat-file failed: ${batch.stderr}`);
  const out: { oid: string; path: string; size: number }[] = [];
  let at = 0;
  for (const link of links) {
    const newline = batch.stdout.indexOf(0x0a, at);
    const size = Number(batch.stdout.subarray(at, newline).toString("utf8").split(" ")[2]);
    if (!Number.isSafeInteger(size)) throw new GitError(`git cat-file: unexpected output for ${link.path}`);
    const target = batch.stdout.subarray(newline + 1, newline + 1 + size).toString("utf8");
    at = newline + 1 + size + 1;
    if (target.startsWith("/")) continue;
    const resolved = posix.normalize(posix.join(posix.dirname(link.path), target));
    if (resolved.startsWith("../") || resolved === "..") continue;
    const blob = blobs.get(resolved);
    if (blob && !loaderReads(resolved)) out.push({ oid: blob.oid, path: link.path, size: blob.size });
  }
  return out;
}

/**
 * The contract files under `folder` (relative to the top of the work tree, POSIX; "" for
 * the top itself) at `commit`, read with `git ls-tree` and `git cat-file --batch`.
 * Returns undefined when the folder does not exist at that commit.
 */
export async function readFolderAt(top: string, commit: string, folder: string): Promise<TreeFile[] | undefined> {
  const args = ["ls-tree", "-r", "-l", "-z", "--full-tree", commit];
  if (folder !== "") args.push("--", folder);
  const listing = await git(args, top);
  if (listing.code !== 0) throw new GitError(`git ls-tree failed: ${listing.stderr}`);
  const prefix = folder === "" ? "" : `${folder}/`;
  const entries: { oid: string; path: string; size: number }[] = [];
  /** Every regular file under the folder (read or not), by path relative to it: what links may name. */
  const blobs = new Map<string, { oid: string; size: number }>();
  const links: { oid: string; path: string }[] = [];
  let total = 0;
  for (const line of listing.stdout.toString("utf8").split("\u0000")) {
    const tab = line.indexOf("\t");
    if (tab < 0) continue;
    const [mode, type, oid, size] = line.slice(0, tab).split(/ +/);
    const fullPath = line.slice(tab + 1);
    // A submodule has no blob; a symlink's blob is its target's name (followed below).
    if (type !== "blob" || !oid || !fullPath.startsWith(prefix)) continue;
    const path = fullPath.slice(prefix.length);
    if (mode === "120000") {
      if (loaderReads(path)) links.push({ oid, path });
      continue;
    }
    blobs.set(path, { oid, size: Number(size) });
    if (!loaderReads(path)) continue;
    const bytes = Number(size);
    total += bytes;
    entries.push({ oid, path, size: bytes });
  }
  for (const link of await linkedFiles(top, links, blobs)) {
    total += link.size;
    entries.push(link);
  }
  if (entries.length === 0) {
    const exists = await git(["cat-file", "-e", `${commit}:${folder === "" ? "" : folder}`], top);
    if (exists.code !== 0) return undefined;
    return [];
  }
  if (total > MAX_CONTRACT_BYTES) throw new GitError(`the contracts at ${commit.slice(0, 12)} are ${Math.round(total / 1024 / 1024)} MB, over the ${MAX_CONTRACT_BYTES / 1024 / 1024} MB limit`);

  const batch = await git(["cat-file", "--batch"], top, {
    input: entries.map((e) => e.oid).join("\n") + "\n",
    maxBytes: total + entries.length * 128 + 1024,
  });
  if (batch.code !== 0) throw new GitError(`git cat-file failed: ${batch.stderr}`);
  const files: TreeFile[] = [];
  let at = 0;
  for (const entry of entries) {
    const newline = batch.stdout.indexOf(0x0a, at);
    const header = batch.stdout.subarray(at, newline).toString("utf8").split(" ");
    const size = Number(header[2]);
    if (header[0] !== entry.oid || header[1] !== "blob" || !Number.isSafeInteger(size)) throw new GitError(`git cat-file: unexpected output for ${entry.path}`);
    files.push({ path: entry.path, bytes: batch.stdout.subarray(newline + 1, newline + 1 + size) });
    at = newline + 1 + size + 1;
  }
  return files;
}
