import type { RuleMeta } from "../finding.js";

export const rule: RuleMeta = {
  id: "contract/unsafe-pattern",
  severity: "error",
  docs: {
    summary: "A detector pattern is invalid or prone to catastrophic backtracking.",
    what: "User detector patterns (`detectors: [{ pattern: … }]`) run on every string attribute value at run time. cordon refuses patterns that do not compile (JavaScript RegExp, `u` flag) and, conservatively, shapes that can backtrack exponentially: nested quantifiers (`(a+)+`), a repeated group whose alternatives can start with the same character (`(a|ab)*`), and backreferences.",
    why: "A pattern that backtracks exponentially lets one crafted attribute value stall the service's telemetry pipeline (ReDoS) on the hot path.",
    fix: "Rewrite the pattern without nested or ambiguous repetition, e.g. `(\\d+)+` → `\\d+`, `(a|ab)*` → `(ab?)*`; match fixed-width tokens where you can.",
    example: "detectors:\n  - { pattern: \"^(\\\\w+\\\\s?)*$\" }     # unsafe: nested quantifiers\n  - { pattern: \"^tok_[a-z0-9]{24}$\" }  # safe",
  },
};
