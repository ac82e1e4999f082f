import type { RuleMeta } from "../finding.js";

export const rule: RuleMeta = {
  id: "contract/unknown-reference",
  severity: "error",
  docs: {
    summary: "A reference names a class, tier, sink, service, region, field set or field that is not declared.",
    what: "Every name a contract refers to must be declared somewhere in the set: classes (fields, stores, `sends`, residency rules), tiers, sinks, services (dependencies), regions and jurisdictions (sinks, services, stores, deployments, backups, `from`, `allowed_in`), field sets (`uses`) and `{ ref: <key> }` fields, which must come from a field set the service `uses`.",
    why: "A misspelt reference would make a flow, a store or a dependency invisible to the residency, egress and tier rules.",
    fix: "Fix the spelling (the hint suggests the nearest declared name), declare the missing thing, or add the field set to the service's `telemetry.uses`.",
    example: "telemetry:\n  sinks: [eu-colector]   # unknown sink: did you mean `eu-collector`?",
  },
};
