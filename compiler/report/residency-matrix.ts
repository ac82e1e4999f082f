/**
 * The residency matrix: for each class and each origin jurisdiction that has services, where
 * its raw values may be and where only its redacted form may go, jurisdiction by jurisdiction.
 */
import type { ContractSet } from "../../contracts/model.js";
import { allowance, listAdmits } from "../residency.js";
import type { CellStatus, ResidencyCell, ResidencyMatrix, ResidencyRow } from "./model.js";
import { displayLocation } from "./paths.js";

export function jurisdictionsOf(set: ContractSet): Map<string, string[]> {
  const regions = new Map<string, string[]>();
  for (const region of set.regions.values()) {
    const list = regions.get(region.jurisdiction);
    if (list) list.push(region.id);
    else regions.set(region.jurisdiction, [region.id]);
  }
  return regions;
}

export function buildResidencyMatrix(set: ContractSet, cwd: string): ResidencyMatrix {
  const regionsOf = jurisdictionsOf(set);
  const jurisdictions = [...regionsOf.keys()];
  const origins = [...new Set([...set.services.values()].map((s) => s.jurisdiction))];
  const classes = [...set.classes.values()].sort((a, b) => b.level - a.level || a.name.localeCompare(b.name));

  const rows: ResidencyRow[] = [];
  for (const dataClass of classes) {
    for (const origin of origins) {
      const allowed = allowance(set, dataClass.name, origin);
      const cells: ResidencyCell[] = jurisdictions.map((jurisdiction) => {
        const regions = regionsOf.get(jurisdiction) ?? [];
        const raw = regions.filter((r) => listAdmits(allowed.allowedIn, r, jurisdiction));
        const redacted = regions.filter((r) => listAdmits(allowed.redactedAllowedIn, r, jurisdiction));
        const status: CellStatus = raw.length > 0 ? "raw" : redacted.length > 0 ? "redacted" : "denied";
        return {
          jurisdiction,
          status,
          ...(raw.length > 0 && raw.length < regions.length ? { rawOnlyIn: raw } : {}),
          ...(status === "redacted" && redacted.length < regions.length ? { redactedOnlyIn: redacted } : {}),
        };
      });
      const rule = allowed.rule;
      const location = rule ? displayLocation(set.locate(rule.ref), cwd) : undefined;
      rows.push({
        class: dataClass.name,
        origin,
        governedBy: rule
          ? rule.from
            ? `rule (from ${rule.from.join(", ")})`
            : "rule (every origin)"
          : `default ${set.residency.default}`,
        ...(location ? { ruleLocation: location } : {}),
        telemetryAlwaysRedacted: !dataClass.rawInTelemetry,
        cells,
      });
    }
  }
  return { jurisdictions, origins, rows };
}
