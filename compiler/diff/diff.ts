/** Assemble a DiffResult from two snapshots, with the list of widenings. */
import {
  compareClasses,
  compareEstimates,
  compareFindings,
  comparePlacements,
  compareTelemetry,
  compareTiers,
  compareTopology,
} from "./compare.js";
import type { ClassChange, DiffResult, PlacementChange, TelemetryChange } from "./model.js";
import type { Snapshot } from "./snapshot.js";

export interface DiffMeta {
  readonly version: string;
  readonly asOf: string;
  readonly baseRef: string;
  readonly baseCommit: string;
  /** Why the base is compared as empty, when it is. */
  readonly baseNote?: string;
}

function telemetryWidening(c: TelemetryChange): string {
  const flow = `${c.subject} (${c.jurisdiction})`;
  return c.before === undefined ? `new flow ${flow}: ${c.after}` : `${flow}: ${c.before} → ${c.after}`;
}

function placementWidening(c: PlacementChange): string {
  const what = c.kind === "dependency" ? "dependency receives" : c.kind === "store" ? "store holds" : `${c.kind} region holds`;
  return `new: ${c.subject} (${c.jurisdiction}): ${what} ${c.class}${c.allowed ? "" : " — not allowed by residency"}`;
}

function classWidenings(c: ClassChange): string[] {
  const lines: string[] = [];
  for (const detail of c.details) {
    if (/^(redaction|raw_in_telemetry)/.test(detail)) lines.push(`class ${c.class}: ${detail}`);
  }
  for (const o of c.origins) {
    if (o.rawWidened.length > 0) lines.push(`class ${c.class} from ${o.origin}: raw now allowed in ${o.rawWidened.join(", ")}`);
    if (o.redactedWidened.length > 0) lines.push(`class ${c.class} from ${o.origin}: redacted form now allowed in ${o.redactedWidened.join(", ")}`);
  }
  return c.widening ? lines : [];
}

export function diffSnapshots(base: Snapshot, head: Snapshot, meta: DiffMeta): DiffResult {
  const telemetry = compareTelemetry(base, head);
  const placements = comparePlacements(base, head);
  const classes = compareClasses(base, head);
  const widenings = [
    ...[...telemetry.added, ...telemetry.changed].filter((c) => c.widening).map(telemetryWidening),
    ...placements.added.filter((c) => c.widening).map(placementWidening),
    ...classes.flatMap(classWidenings),
  ];
  return {
    tool: "cordon",
    version: meta.version,
    base: {
      ref: meta.baseRef,
      commit: meta.baseCommit,
      ...(base.digest ? { contractsDigest: base.digest } : {}),
      ...(meta.baseNote ? { note: meta.baseNote } : {}),
    },
    head: { contractsDigest: head.digest ?? "" },
    asOf: meta.asOf,
    telemetry,
    placements,
    classes,
    tiers: compareTiers(base, head),
    topology: compareTopology(base, head),
    estimates: compareEstimates(base, head),
    findings: compareFindings(base, head),
    widenings,
  };
}
