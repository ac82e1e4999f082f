import type { RuleMeta } from "../finding.js";

export const rule: RuleMeta = {
  id: "contract/yaml",
  severity: "error",
  docs: {
    summary: "A contract file cannot be read as YAML.",
    what: "Syntax errors, files that are not UTF-8 text (binary files, invalid byte sequences), files over the size limit (5 MB, refused before reading), alias bombs (\"billion laughs\"), nesting deeper than 64 levels, complex mapping keys, a contracts folder that does not exist or holds no *.yaml/*.yml files.",
    why: "A file that cannot be read cannot be checked; and a hostile file must not exhaust the memory or time of the CI job that reads it.",
    fix: "Fix the syntax at the position shown; write values out instead of aliasing them; point --contracts at the folder of contract files.",
    example: "kind: Service\nname: checkout\n  tier: tier-0    # wrong indentation: not valid YAML here",
  },
};
