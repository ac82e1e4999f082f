import type { RuleMeta } from "../finding.js";

export const rule: RuleMeta = {
  id: "contract/yaml",
  severity: "error",
  docs: {
    summary: "A contract file or folder cannot be read, or cannot be read as YAML.",
    what:
      "Syntax errors (an unclosed bracket or quote is pointed at where it opened), raw control characters (YAML allows only printable ones), " +
      "files that are not UTF-8 text (binary files, invalid byte sequences), files over the size limit (5 MB, counted in bytes actually read), " +
      "alias bombs (\"billion laughs\"), nesting deeper than 64 levels, complex mapping keys; entries of the contracts folder that are not " +
      "regular files inside it (a symbolic link out of the folder, to a device or to nothing, a link loop, a FIFO, a socket), a sub-folder that " +
      "cannot be listed; a contracts folder that does not exist or holds no *.yaml/*.yml files.",
    why:
      "A file that cannot be read cannot be checked, and a gate must not pass what it did not see; a hostile pull request must not hang the CI " +
      "job (a link to /dev/zero, a FIFO), exhaust its memory, or get a file from outside the folder (a token in .git/config) quoted into the PR comment.",
    fix: "Fix the syntax at the position shown; write values out instead of aliasing them; replace links with the contract files themselves; point --contracts at the folder of contract files.",
    example: "kind: Service\nname: checkout\n  tier: tier-0    # wrong indentation: not valid YAML here",
  },
};
