/** Paths as a report prints them: relative to the working directory, POSIX separators. */
import { isAbsolute, relative, sep } from "node:path";
import type { Location } from "../../contracts/finding.js";

export function displayPath(path: string, cwd: string): string {
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  const shown = rel === "" ? "." : rel;
  return sep === "/" ? shown : shown.split(sep).join("/");
}

export function displayLocation(location: Location | undefined, cwd: string): string | undefined {
  if (!location) return undefined;
  return `${displayPath(location.file, cwd)}:${location.line}:${location.column}`;
}
