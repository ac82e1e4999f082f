/** File paths as every output format prints them: relative to the working directory, with `/`. */
import { isAbsolute, relative, sep } from "node:path";

/** `file` relative to `cwd` with forward slashes; a file outside `cwd` keeps its absolute path. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  const inside = rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  return toPosix(inside ? rel : file);
}

export function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
