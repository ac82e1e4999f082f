import type { RuleMeta } from "../finding.js";

export const rule: RuleMeta = {
  id: "contract/schema",
  severity: "error",
  docs: {
    summary: "A contract document does not have the shape its kind requires.",
    what: "A document is checked against the JSON Schema of its `kind` (apiVersion cordon/v1): missing or unknown properties, wrong types, values outside their set, names and keys that break the patterns of the contract language, malformed endpoints and dates, empty files, async replication without `max_lag`, a `{ ref }` attribute with other keys.",
    why: "A typo such as `rto_traget` would otherwise pass silently and the rule it meant to state would never be enforced. Every later check reads the validated model, so a shape error stops the run (exit 2).",
    fix: "Follow the message and its hint: rename the property (\"did you mean\"), add the missing one, or change the value's type. `cordon schema` prints the JSON Schema, which editors use to complete and check contracts as you type.",
    example: "# wrong\nkind: Tiers\ntiers:\n  - name: tier-0\n    rto_traget: 15m   # unknown property: did you mean `rto`?\n    rpo: 0s\n# right\n  - name: tier-0\n    rto: 15m\n    rpo: 0s",
  },
};
