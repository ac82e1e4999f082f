/**
 * A write the file system refused (`--out` is a folder, a file stands where cordon must make a
 * folder, no permission, a full or read-only disk) as the message a user can act on: a usage
 * error (exit 2), never `internal error`. Any other error is not a write problem (undefined).
 */
import { relative } from "node:path";

const REASONS: Readonly<Record<string, string>> = {
  EISDIR: "it is a folder",
  EEXIST: "a file of that name is in the way",
  ENOTDIR: "a part of the path is a file, not a folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exhausted",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links in the path",
};

export function writeProblem(error: unknown, cwd: string = process.cwd()): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  if (typeof code !== "string" || typeof path !== "string" || !["open", "mkdir", "write", "rename"].includes(syscall ?? "")) return undefined;
  const rel = relative(cwd, path);
  const shown = rel === "" ? "." : rel.startsWith("..") ? path : rel;
  const what = syscall === "mkdir" ? `cannot create the folder ${shown}` : `cannot write ${shown}`;
  return `${what}: ${REASONS[code] ?? code} (${code}); remove what is in the way or choose another --out`;
}
