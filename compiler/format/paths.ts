/** File paths as every output format prints them: relative to the working directory, with `/`. */
import { isAbsolute, relative, sep } from "node:path";

/** `file` relative to `cwd` with forward slashes; a file outside `cwd` keeps its absolute path. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  const inside = rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  return toPosix(inside ? rel : file);
}

/**
 * `file` relative to `cwd` with forward slashes, `../` included (SPEC §2.1: JSON paths are
 * relative to the working directory, wherever the contracts are); absolute only where no
 * relative path exists (another drive on Windows).
 */
export function relativePath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return toPosix(rel === "" || isAbsolute(rel) ? file : rel);
}

export function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
