/**
 * Compare the meaning of two contract sets (as snapshots). A change is a *widening* when it
 * makes any flow less restricted: raw where it was redacted, a weaker redaction, redacted
 * where it was dropped, a new sink/region/dependency receiving a class, allowed_in widened,
 * raw_in_telemetry lifted or a class's redaction weakened.
 */
import { STRICTNESS, type RedactionAction } from "../../contracts/model.js";
import { describeAction } from "../describe.js";
import { exceeds, formatBound, type Bound } from "../estimate.js";
import { formatDuration } from "../duration-format.js";
import type {
  ClassChange,
  EstimateChange,
  OriginResidencyChange,
  PlacementChange,
  TelemetryChange,
  TierChange,
  TopologyChange,
} from "./model.js";
import type { FindingFact, PlacementFact, ServiceFact, Snapshot, TelemetryFact } from "./snapshot.js";

export function exposureOf(action: RedactionAction): string {
  if (action.kind === "keep") return "raw";
  if (action.kind === "drop") return "dropped";
  return describeAction(action);
}

/** Less restricted: a lower strictness, or the same kind with weaker parameters. */
export function lessRestricted(after: RedactionAction, before: RedactionAction): boolean {
  if (STRICTNESS[after.kind] !== STRICTNESS[before.kind]) return STRICTNESS[after.kind] < STRICTNESS[before.kind];
  if (after.kind === "mask" && before.kind === "mask") return after.keepLast > before.keepLast;
  if (after.kind === "truncate" && before.kind === "truncate") return after.length > before.length;
  return false;
}

const sameAction = (a: RedactionAction, b: RedactionAction): boolean => exposureOf(a) === exposureOf(b);

function telemetryChange(fact: TelemetryFact, extra: { before?: RedactionAction; after?: RedactionAction; widening: boolean }): TelemetryChange {
  return {
    subject: fact.subject,
    service: fact.service,
    where: fact.where,
    key: fact.key,
    class: fact.class,
    sink: fact.sink,
    region: fact.region,
    jurisdiction: fact.jurisdiction,
    ...(extra.before ? { before: exposureOf(extra.before) } : {}),
    ...(extra.after ? { after: exposureOf(extra.after) } : {}),
    widening: extra.widening,
  };
}

export function compareTelemetry(base: Snapshot, head: Snapshot) {
  const added: TelemetryChange[] = [];
  const removed: TelemetryChange[] = [];
  const changed: TelemetryChange[] = [];
  for (const [key, after] of head.telemetry) {
    const before = base.telemetry.get(key);
    // A new flow widens unless all it carries is dropped.
    if (!before) added.push(telemetryChange(after, { after: after.action, widening: after.action.kind !== "drop" }));
    else if (!sameAction(before.action, after.action) || before.class !== after.class) {
      changed.push(telemetryChange(after, { before: before.action, after: after.action, widening: lessRestricted(after.action, before.action) }));
    }
  }
  for (const [key, before] of base.telemetry) {
    if (!head.telemetry.has(key)) removed.push(telemetryChange(before, { before: before.action, widening: false }));
  }
  return { added, removed, changed };
}

function placementChange(fact: PlacementFact, widening: boolean): PlacementChange {
  return {
    subject: fact.subject,
    kind: fact.kind,
    service: fact.service,
    class: fact.class,
    region: fact.region,
    jurisdiction: fact.jurisdiction,
    allowed: fact.allowed,
    widening,
  };
}

export function comparePlacements(base: Snapshot, head: Snapshot) {
  const added = [...head.placements].filter(([key]) => !base.placements.has(key)).map(([, f]) => placementChange(f, true));
  const removed = [...base.placements].filter(([key]) => !head.placements.has(key)).map(([, f]) => placementChange(f, false));
  return { added, removed };
}

/** Regions grouped back into jurisdictions where a list covers all of one. */
function compress(regions: readonly string[], universe: ReadonlyMap<string, string>): string[] {
  const byJurisdiction = new Map<string, string[]>();
  for (const [region, jurisdiction] of universe) {
    const list = byJurisdiction.get(jurisdiction);
    if (list) list.push(region);
    else byJurisdiction.set(jurisdiction, [region]);
  }
  const chosen = new Set(regions);
  const out: string[] = [];
  for (const [jurisdiction, members] of byJurisdiction) {
    const inList = members.filter((r) => chosen.has(r));
    if (inList.length === 0) continue;
    if (inList.length === members.length) out.push(jurisdiction);
    else out.push(...inList);
  }
  return out;
}

export function compareClasses(base: Snapshot, head: Snapshot): ClassChange[] {
  const universe = new Map<string, string>([...base.regions, ...head.regions]);
  const origins = [...new Set(universe.values())];
  const changes: ClassChange[] = [];
  for (const [name, after] of head.classes) {
    const before = base.classes.get(name);
    if (!before) {
      changes.push({ class: name, change: "added", details: [`level ${after.level}, redaction ${describeAction(after.redaction)}`], origins: [], widening: false });
      continue;
    }
    const details: string[] = [];
    let widening = false;
    if (before.level !== after.level) details.push(`level ${before.level} → ${after.level}`);
    if (!sameAction(before.redaction, after.redaction)) {
      details.push(`redaction ${describeAction(before.redaction)} → ${describeAction(after.redaction)}`);
      if (lessRestricted(after.redaction, before.redaction)) widening = true;
    }
    if (before.rawInTelemetry !== after.rawInTelemetry) {
      details.push(`raw_in_telemetry ${before.rawInTelemetry} → ${after.rawInTelemetry}`);
      if (after.rawInTelemetry) widening = true;
    }
    const originChanges: OriginResidencyChange[] = [];
    for (const origin of origins) {
      const rawWidened: string[] = [];
      const rawNarrowed: string[] = [];
      const redactedWidened: string[] = [];
      const redactedNarrowed: string[] = [];
      for (const [region, jurisdiction] of universe) {
        const was = base.admits(name, origin, region, base.regions.get(region) ?? jurisdiction);
        const now = head.admits(name, origin, region, head.regions.get(region) ?? jurisdiction);
        if (now.raw && !was.raw) rawWidened.push(region);
        if (!now.raw && was.raw) rawNarrowed.push(region);
        if (now.redacted && !was.redacted) redactedWidened.push(region);
        if (!now.redacted && was.redacted) redactedNarrowed.push(region);
      }
      if (rawWidened.length + rawNarrowed.length + redactedWidened.length + redactedNarrowed.length === 0) continue;
      if (rawWidened.length + redactedWidened.length > 0) widening = true;
      originChanges.push({
        origin,
        rawWidened: compress(rawWidened, universe),
        rawNarrowed: compress(rawNarrowed, universe),
        redactedWidened: compress(redactedWidened, universe),
        redactedNarrowed: compress(redactedNarrowed, universe),
      });
    }
    if (details.length > 0 || originChanges.length > 0) changes.push({ class: name, change: "changed", details, origins: originChanges, widening });
  }
  for (const name of base.classes.keys()) {
    if (!head.classes.has(name)) changes.push({ class: name, change: "removed", details: [], origins: [], widening: false });
  }
  return changes;
}

export function compareTiers(base: Snapshot, head: Snapshot): TierChange[] {
  const changes: TierChange[] = [];
  const optional = (seconds: number | undefined): string => (seconds === undefined ? "none" : formatDuration(seconds));
  for (const [name, after] of head.tiers) {
    const before = base.tiers.get(name);
    if (!before) {
      changes.push({ tier: name, change: "added", details: [`rto ${formatDuration(after.rto)}, rpo ${formatDuration(after.rpo)}`] });
      continue;
    }
    const details: string[] = [];
    if (before.rto !== after.rto) details.push(`rto ${formatDuration(before.rto)} → ${formatDuration(after.rto)}`);
    if (before.rpo !== after.rpo) details.push(`rpo ${formatDuration(before.rpo)} → ${formatDuration(after.rpo)}`);
    if (before.minRegions !== after.minRegions) details.push(`min_regions ${before.minRegions ?? "none"} → ${after.minRegions ?? "none"}`);
    if (before.drillEvery !== after.drillEvery) details.push(`drill_every ${optional(before.drillEvery)} → ${optional(after.drillEvery)}`);
    if (before.rank !== after.rank) details.push(`position ${before.rank + 1} → ${after.rank + 1}`);
    if (details.length > 0) changes.push({ tier: name, change: "changed", details });
  }
  for (const name of base.tiers.keys()) if (!head.tiers.has(name)) changes.push({ tier: name, change: "removed", details: [] });
  return changes;
}

function serviceDetails(before: ServiceFact, after: ServiceFact): string[] {
  const details: string[] = [];
  const field = (label: string, a: string, b: string): void => {
    if (a !== b) details.push(`${label} ${a} → ${b}`);
  };
  field("tier", before.tier, after.tier);
  field("home region", before.region, after.region);
  field("strategy", before.strategy, after.strategy);
  field("deployment regions", before.regions.join(", ") || "none", after.regions.join(", ") || "none");
  field("replication", before.replication, after.replication);
  field("backup", before.backup, after.backup);
  for (const [dep, now] of after.dependencies) {
    const was = before.dependencies.get(dep);
    if (!was) details.push(`new ${now.hard ? "hard" : "soft"} dependency on ${dep}${now.sends.length > 0 ? ` (sends ${now.sends.join(", ")})` : ""}`);
    else {
      if (was.hard !== now.hard) details.push(`dependency on ${dep}: ${was.hard ? "hard" : "soft"} → ${now.hard ? "hard" : "soft"}`);
      if (was.sends.join() !== now.sends.join()) details.push(`dependency on ${dep}: sends ${was.sends.join(", ") || "nothing"} → ${now.sends.join(", ") || "nothing"}`);
    }
  }
  for (const dep of before.dependencies.keys()) if (!after.dependencies.has(dep)) details.push(`dependency on ${dep} removed`);
  const addedSinks = after.sinks.filter((s) => !before.sinks.includes(s));
  const removedSinks = before.sinks.filter((s) => !after.sinks.includes(s));
  if (addedSinks.length > 0) details.push(`telemetry sinks added: ${addedSinks.join(", ")}`);
  if (removedSinks.length > 0) details.push(`telemetry sinks removed: ${removedSinks.join(", ")}`);
  return details;
}

export function compareTopology(base: Snapshot, head: Snapshot): TopologyChange[] {
  const changes: TopologyChange[] = [];
  for (const [name, after] of head.services) {
    const before = base.services.get(name);
    if (!before) changes.push({ kind: "service", name, change: "added", details: [`${after.tier}, ${after.region}, ${after.strategy}`] });
    else {
      const details = serviceDetails(before, after);
      if (details.length > 0) changes.push({ kind: "service", name, change: "changed", details });
    }
  }
  for (const name of base.services.keys()) if (!head.services.has(name)) changes.push({ kind: "service", name, change: "removed", details: [] });
  for (const [name, after] of head.sinks) {
    const before = base.sinks.get(name);
    if (!before) changes.push({ kind: "sink", name, change: "added", details: [`${after.region} (${after.jurisdiction}), ${after.signals.join(", ")}`] });
    else {
      const details: string[] = [];
      if (before.region !== after.region) details.push(`region ${before.region} (${before.jurisdiction}) → ${after.region} (${after.jurisdiction})`);
      if (before.endpoint !== after.endpoint) details.push(`endpoint ${before.endpoint} → ${after.endpoint}`);
      if (before.signals.join() !== after.signals.join()) details.push(`signals ${before.signals.join(", ")} → ${after.signals.join(", ")}`);
      if (details.length > 0) changes.push({ kind: "sink", name, change: "changed", details });
    }
  }
  for (const name of base.sinks.keys()) if (!head.sinks.has(name)) changes.push({ kind: "sink", name, change: "removed", details: [] });
  return changes;
}

/** Services whose estimate changed, or whose tier targets changed, with the new verdict. */
export function compareEstimates(base: Snapshot, head: Snapshot): EstimateChange[] {
  const changes: EstimateChange[] = [];
  const same = (a: Bound, b: Bound): boolean => a === b;
  for (const [name, after] of head.services) {
    const before = base.services.get(name);
    const tier = head.tiers.get(after.tier);
    const beforeTier = before ? base.tiers.get(before.tier) : undefined;
    const targetsMoved = !!before && (beforeTier?.rto !== tier?.rto || beforeTier?.rpo !== tier?.rpo);
    if (before && same(before.rto, after.rto) && same(before.rpo, after.rpo) && !targetsMoved) continue;
    changes.push({
      service: name,
      tier: after.tier,
      ...(before ? { rtoBefore: formatBound(before.rto), rpoBefore: formatBound(before.rpo) } : {}),
      rtoAfter: formatBound(after.rto),
      rpoAfter: formatBound(after.rpo),
      rtoBasis: after.rtoBasis,
      rpoBasis: after.rpoBasis,
      ...(tier
        ? {
            rtoTarget: formatDuration(tier.rto),
            rpoTarget: formatDuration(tier.rpo),
            rtoMet: !exceeds(after.rto, tier.rto),
            rpoMet: !exceeds(after.rpo, tier.rpo),
          }
        : {}),
    });
  }
  return changes;
}

const byRuleSubject = (a: FindingFact, b: FindingFact): number => a.rule.localeCompare(b.rule) || a.subject.localeCompare(b.subject);

export function compareFindings(base: Snapshot, head: Snapshot) {
  return {
    introduced: [...head.findings.values()].filter((f) => !base.findings.has(f.id)).sort(byRuleSubject),
    cleared: [...base.findings.values()].filter((f) => !head.findings.has(f.id)).sort(byRuleSubject),
  };
}
