import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

interface Package {
  /** The folder holding cordon's package.json (the installed package, or the source tree). */
  readonly root: string | undefined;
  readonly version: string;
}

/**
 * cordon's package.json (one source of truth for the version), looked up from both the
 * source tree (cli/) and the build (dist/cli/).
 */
function readPackage(): Package {
  for (const rel of ["../package.json", "../../package.json"]) {
    try {
      const url = new URL(rel, import.meta.url);
      const pkg = JSON.parse(readFileSync(url, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "cordon" && pkg.version) return { root: dirname(fileURLToPath(url)), version: pkg.version };
    } catch {
      // not at this level
    }
  }
  return { root: undefined, version: "0.0.0" };
}

const PACKAGE = readPackage();

export const VERSION: string = PACKAGE.version;

/** Where this cordon is installed (the folder of its package.json), when it can be found. */
export const PACKAGE_ROOT: string | undefined = PACKAGE.root;
