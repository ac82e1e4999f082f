import type { RuleMeta } from "../finding.js";

export const rule: RuleMeta = {
  id: "contract/unsafe-pattern",
  severity: "error",
  docs: {
    summary: "A detector pattern is invalid or prone to catastrophic backtracking.",
    what: "User detector patterns (`detectors: [{ pattern: … }]`) run on every string attribute value at run time. cordon refuses patterns that do not compile (JavaScript RegExp, `u` flag) and, conservatively, shapes that can backtrack exponentially or polynomially: nested quantifiers (`(a+)+`), a repeated group whose alternatives can start with the same character (`(a|ab)*`), two repetitions in a row that can match the same characters (`\\d+\\d+`, `\\w+\\s*\\w+`, `.*x.*`), and backreferences. At run time a pattern scans values of up to 4,096 characters; a longer value counts as a match (fail closed).",
    why: "A pattern that backtracks exponentially, or polynomially on a long value, lets one crafted attribute value stall the service's telemetry pipeline (ReDoS).",
    fix: "Rewrite the pattern without nested or ambiguous repetition, e.g. `(\\d+)+` → `\\d+`, `(a|ab)*` → `(ab?)*`, `\\d+\\d+` → `\\d{2,}`; drop a leading or trailing `.*` (detectors search the whole value); match fixed-width tokens where you can.",
    example: "detectors:\n  - { pattern: \"^(\\\\w+\\\\s?)*$\" }     # unsafe: nested quantifiers\n  - { pattern: \"^tok_[a-z0-9]{24}$\" }  # safe",
  },
};
