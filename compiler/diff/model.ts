/** The result of `cordon diff`: what a change does, as plain data every format reads. */
import type { FindingFact } from "./snapshot.js";

/** What reaches a sink: "raw", a redaction ("hash", "mask (keep_last 4)", …) or "dropped". */
export type Exposure = string;

export interface TelemetryChange {
  readonly subject: string;
  readonly service: string;
  readonly where: string;
  readonly key: string;
  readonly class: string;
  readonly sink: string;
  readonly region: string;
  readonly jurisdiction: string;
  /** Absent for an added flow. */
  readonly before?: Exposure;
  /** Absent for a removed flow. */
  readonly after?: Exposure;
  readonly widening: boolean;
}

export interface PlacementChange {
  readonly subject: string;
  readonly kind: "store" | "deployment" | "backup" | "dependency";
  readonly service: string;
  readonly class: string;
  readonly region: string;
  readonly jurisdiction: string;
  /** Allowed by residency (in the snapshot it belongs to). */
  readonly allowed: boolean;
  readonly widening: boolean;
}

export interface OriginResidencyChange {
  readonly origin: string;
  /** Regions, or whole jurisdictions, where raw values may now go / no longer go. */
  readonly rawWidened: readonly string[];
  readonly rawNarrowed: readonly string[];
  readonly redactedWidened: readonly string[];
  readonly redactedNarrowed: readonly string[];
}

export type Change = "added" | "removed" | "changed";

export interface ClassChange {
  readonly class: string;
  readonly change: Change;
  readonly details: readonly string[];
  readonly origins: readonly OriginResidencyChange[];
  readonly widening: boolean;
}

export interface TierChange {
  readonly tier: string;
  readonly change: Change;
  readonly details: readonly string[];
}

export interface TopologyChange {
  readonly kind: "service" | "sink";
  readonly name: string;
  readonly change: Change;
  readonly details: readonly string[];
}

export interface EstimateChange {
  readonly service: string;
  readonly tier?: string;
  readonly rtoBefore?: string;
  readonly rtoAfter?: string;
  readonly rpoBefore?: string;
  readonly rpoAfter?: string;
  readonly rtoBasis?: string;
  readonly rpoBasis?: string;
  /** The tier's targets after the change, and whether the estimates meet them. */
  readonly rtoTarget?: string;
  readonly rpoTarget?: string;
  readonly rtoMet?: boolean;
  readonly rpoMet?: boolean;
}

export interface DiffResult {
  readonly tool: "cordon";
  readonly version: string;
  readonly base: { readonly ref: string; readonly commit: string; readonly contractsDigest?: string; readonly note?: string };
  readonly head: { readonly contractsDigest: string };
  readonly asOf: string;
  readonly telemetry: {
    readonly added: readonly TelemetryChange[];
    readonly removed: readonly TelemetryChange[];
    readonly changed: readonly TelemetryChange[];
  };
  readonly placements: { readonly added: readonly PlacementChange[]; readonly removed: readonly PlacementChange[] };
  readonly classes: readonly ClassChange[];
  readonly tiers: readonly TierChange[];
  readonly topology: readonly TopologyChange[];
  readonly estimates: readonly EstimateChange[];
  readonly findings: { readonly introduced: readonly FindingFact[]; readonly cleared: readonly FindingFact[] };
  /** Every way the change makes a flow less restricted, one line each. Empty: nothing widened. */
  readonly widenings: readonly string[];
}

export function isEmptyDiff(diff: DiffResult): boolean {
  return (
    diff.telemetry.added.length + diff.telemetry.removed.length + diff.telemetry.changed.length +
      diff.placements.added.length + diff.placements.removed.length + diff.classes.length + diff.tiers.length +
      diff.topology.length + diff.estimates.length + diff.findings.introduced.length + diff.findings.cleared.length ===
    0
  );
}
