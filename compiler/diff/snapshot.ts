/**
 * What a contract set *means*, reduced to the facts a diff compares: every telemetry flow
 * with its effective action, every place raw data is put, each class's residency, the tiers,
 * the topology with its estimates, and the findings. An empty snapshot stands for "no
 * contracts" (a base before cordon was adopted).
 */
import type { ContractSet, RedactionAction } from "../../contracts/model.js";
import type { Analysis } from "../check.js";
import { formatBound, type Bound } from "../estimate.js";
import type { ResidencyFlowKind } from "../flows.js";
import { allowance, listAdmits } from "../residency.js";

export interface TelemetryFact {
  readonly subject: string;
  readonly service: string;
  readonly where: string;
  readonly key: string;
  readonly class: string;
  readonly sink: string;
  readonly region: string;
  readonly jurisdiction: string;
  readonly action: RedactionAction;
}

export interface PlacementFact {
  readonly subject: string;
  readonly kind: ResidencyFlowKind;
  readonly service: string;
  readonly class: string;
  readonly region: string;
  readonly jurisdiction: string;
  readonly allowed: boolean;
}

export interface ClassFact {
  readonly level: number;
  readonly redaction: RedactionAction;
  readonly rawInTelemetry: boolean;
}

export interface TierFact {
  readonly rank: number;
  readonly rto: number;
  readonly rpo: number;
  readonly minRegions?: number;
  readonly drillEvery?: number;
}

export interface ServiceFact {
  readonly tier: string;
  readonly region: string;
  readonly strategy: string;
  readonly regions: readonly string[];
  readonly replication: string;
  readonly backup: string;
  readonly dependencies: ReadonlyMap<string, { readonly hard: boolean; readonly sends: readonly string[] }>;
  readonly sinks: readonly string[];
  readonly rto: Bound;
  readonly rpo: Bound;
  readonly rtoBasis: string;
  readonly rpoBasis: string;
}

export interface SinkFact {
  readonly region: string;
  readonly jurisdiction: string;
  readonly endpoint: string;
  readonly signals: readonly string[];
}

export interface FindingFact {
  readonly id: string;
  readonly rule: string;
  readonly severity: string;
  readonly subject: string;
  readonly message: string;
  readonly waived: boolean;
}

export interface Snapshot {
  readonly digest?: string;
  /** Keyed by `<subject> @ <region>`: a sink that moves is a flow to a new place. */
  readonly telemetry: ReadonlyMap<string, TelemetryFact>;
  /** Keyed by `<subject> @ <region>`. */
  readonly placements: ReadonlyMap<string, PlacementFact>;
  readonly classes: ReadonlyMap<string, ClassFact>;
  /** Region id → jurisdiction. */
  readonly regions: ReadonlyMap<string, string>;
  /** May `className` from `origin` go raw / redacted to `region` (in `jurisdiction`)? */
  readonly admits: (className: string, origin: string, region: string, jurisdiction: string) => { raw: boolean; redacted: boolean };
  readonly tiers: ReadonlyMap<string, TierFact>;
  readonly services: ReadonlyMap<string, ServiceFact>;
  readonly sinks: ReadonlyMap<string, SinkFact>;
  readonly findings: ReadonlyMap<string, FindingFact>;
}

export const EMPTY_SNAPSHOT: Snapshot = {
  telemetry: new Map(),
  placements: new Map(),
  classes: new Map(),
  regions: new Map(),
  admits: () => ({ raw: false, redacted: false }),
  tiers: new Map(),
  services: new Map(),
  sinks: new Map(),
  findings: new Map(),
};

export function snapshotOf(set: ContractSet, analysis: Analysis): Snapshot {
  const telemetry = new Map<string, TelemetryFact>();
  for (const f of analysis.flows.telemetry) {
    telemetry.set(`${f.subject} @ ${f.region}`, {
      subject: f.subject,
      service: f.service,
      where: f.where,
      key: f.field.key,
      class: f.field.class,
      sink: f.sink,
      region: f.region,
      jurisdiction: f.jurisdiction,
      action: f.action,
    });
  }
  const placements = new Map<string, PlacementFact>();
  for (const f of analysis.flows.residency) {
    placements.set(`${f.subject} @ ${f.region}`, {
      subject: f.subject,
      kind: f.kind,
      service: f.service,
      class: f.class,
      region: f.region,
      jurisdiction: f.jurisdiction,
      allowed: f.allowed,
    });
  }
  const services = new Map<string, ServiceFact>();
  for (const s of set.services.values()) {
    const estimate = analysis.estimates.get(s.name);
    const { replication, backup } = s.deployment;
    services.set(s.name, {
      tier: s.tier,
      region: s.region,
      strategy: s.deployment.strategy,
      regions: [...s.deployment.regions],
      replication: replication.mode === "async" && replication.maxLag !== undefined ? `async (max_lag ${formatBound(replication.maxLag)})` : replication.mode,
      backup: backup ? `every ${formatBound(backup.interval)} to ${backup.regions.join(", ")}` : "none",
      dependencies: new Map(s.dependencies.map((d) => [d.service, { hard: d.hard, sends: [...d.sends] }])),
      sinks: [...s.telemetry.sinks],
      rto: estimate?.rto ?? null,
      rpo: estimate?.rpo ?? null,
      rtoBasis: estimate?.rtoBasis ?? "",
      rpoBasis: estimate?.rpoBasis ?? "",
    });
  }
  return {
    digest: set.digest,
    telemetry,
    placements,
    classes: new Map(
      [...set.classes.values()].map((c) => [c.name, { level: c.level, redaction: c.redaction, rawInTelemetry: c.rawInTelemetry }]),
    ),
    regions: new Map([...set.regions.values()].map((r) => [r.id, r.jurisdiction])),
    admits: (className, origin, region, jurisdiction) => {
      const allowed = allowance(set, className, origin);
      return {
        raw: listAdmits(allowed.allowedIn, region, jurisdiction),
        redacted: listAdmits(allowed.redactedAllowedIn, region, jurisdiction),
      };
    },
    tiers: new Map(
      set.tiers.map((t) => [
        t.name,
        {
          rank: t.rank,
          rto: t.rto,
          rpo: t.rpo,
          ...(t.minRegions !== undefined ? { minRegions: t.minRegions } : {}),
          ...(t.drillEvery !== undefined ? { drillEvery: t.drillEvery } : {}),
        },
      ]),
    ),
    services,
    sinks: new Map(
      [...set.sinks.values()].map((s) => [
        s.name,
        { region: s.region, jurisdiction: s.jurisdiction, endpoint: s.endpoint.raw, signals: [...s.signals] },
      ]),
    ),
    findings: new Map(
      analysis.result.findings.map((f) => [
        f.id,
        { id: f.id, rule: f.rule, severity: f.severity, subject: f.subject, message: f.message, waived: f.waived },
      ]),
    ),
  };
}
