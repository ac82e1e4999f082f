/**
 * The YAML libraries, each loaded on first use. `yaml` keeps every node's position, so it
 * reads the files the faster readers decline and locates findings; js-yaml reads what the
 * plain reader (plain-yaml.ts) declines and finds positions quickly. A contract set of
 * ordinary files needs neither. Imported statically, `yaml` cost every run its 72 modules (a
 * tenth of `validate` on 10,000 small files, measured with --cpu-prof) and js-yaml ~20 ms of
 * a 240 ms `check` of examples/shop; required here, only the runs that use them pay.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export type YamlLibrary = typeof import("yaml");
export type JsYamlLibrary = typeof import("js-yaml");

export function yamlLibrary(): YamlLibrary {
  return require("yaml") as YamlLibrary;
}

export function jsYamlLibrary(): JsYamlLibrary {
  return require("js-yaml") as JsYamlLibrary;
}
