/**
 * The `yaml` library, loaded on first use. It keeps every node's position, so it reads the
 * files the faster readers decline and locates findings; a contract set of ordinary files
 * needs neither. Imported statically it cost every run its 72 modules (a tenth of
 * `validate` on 10,000 small files, measured with --cpu-prof); required here, only the
 * runs that use it pay.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export type YamlLibrary = typeof import("yaml");

export function yamlLibrary(): YamlLibrary {
  return require("yaml") as YamlLibrary;
}
