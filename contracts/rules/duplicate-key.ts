import type { RuleMeta } from "../finding.js";

export const rule: RuleMeta = {
  id: "contract/duplicate-key",
  severity: "error",
  docs: {
    summary: "A YAML mapping gives the same key twice.",
    what: "Within one mapping, each key may appear once. The finding points at the second occurrence.",
    why: "YAML tools disagree on which of two values wins (the first, the last, or an error), so the contract could mean one thing to cordon and another to a reviewer or another tool.",
    fix: "Remove one of the two entries, or merge their values.",
    example: "name: checkout\ntier: tier-0\ntier: tier-1      # duplicate key `tier`",
  },
};
