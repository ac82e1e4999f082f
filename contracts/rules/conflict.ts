import type { RuleMeta } from "../finding.js";

export const rule: RuleMeta = {
  id: "contract/conflict",
  severity: "error",
  docs: {
    summary: "Two parts of the contracts contradict each other.",
    what: "Two residency rules apply to the same class and origin; `default` (Residency) or `assumptions` (Tiers) is given in more than one document; a field set key is defined by two field sets a service uses; a `{ ref }` under a different key; a service that depends on itself; deployment regions without the home region; `max_lag` on replication that is not async.",
    why: "When two statements disagree cordon would have to pick one silently, and the one it picked might be the one the author did not mean.",
    fix: "Keep one statement: merge the two rules (list both origins in one `from`), give `default`/`assumptions` once, define each field in one field set.",
    example: "rules:\n  - { class: personal, from: [EU], allowed_in: [EU] }\n  - { class: personal, from: [EU], allowed_in: [EU, US] }   # conflict: which one holds for EU?",
  },
};
