import { readFileSync } from "node:fs";

/**
 * cordon's version, read from its package.json (one source of truth). Looked up from
 * both the source tree (cli/) and the build (dist/cli/).
 */
function readVersion(): string {
  for (const rel of ["../package.json", "../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "cordon" && pkg.version) return pkg.version;
    } catch {
      // not at this level
    }
  }
  return "0.0.0";
}

export const VERSION: string = readVersion();
