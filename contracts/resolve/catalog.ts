/**
 * The set-wide declarations (classes, regions, residency, tiers, assumptions, sinks, field
 * sets, waivers): split documents merged, names checked unique per kind, references
 * between them resolved. Services come after (service.ts) since they refer to all of these.
 */
import { parseEndpoint } from "../endpoint.js";
import type {
  Assumptions,
  DataClass,
  Field,
  FieldSet,
  NodeRef,
  Region,
  Residency,
  ResidencyRule,
  Sink,
  Strategy,
  Tier,
  Waiver,
} from "../model.js";
import { checkPattern } from "../safe-pattern.js";
import type { RawFieldDefinition } from "../schema/common.js";
import { describeRef, type CheckedDocument, type Context, type Path } from "./context.js";
import { resolveDetector, resolveRedaction } from "./redaction.js";

export interface Catalog {
  readonly classes: Map<string, DataClass>;
  readonly regions: Map<string, Region>;
  readonly jurisdictions: Set<string>;
  readonly residency: Residency;
  readonly tiers: Tier[];
  readonly tiersByName: Map<string, Tier>;
  readonly assumptions: Assumptions;
  readonly sinks: Map<string, Sink>;
  readonly fieldSets: Map<string, FieldSet>;
  readonly waivers: Waiver[];
}

export const DEFAULT_STRATEGY_RTO: Readonly<Record<Strategy, number | null>> = {
  "active-active": 60,
  "warm-standby": 15 * 60,
  "pilot-light": 60 * 60,
  "backup-restore": 24 * 60 * 60,
  none: null,
};

/** Names unique per kind across the whole set: the first one wins, later ones are reported. */
export class NameRegistry {
  private readonly seen = new Map<string, { document: CheckedDocument; path: Path }>();
  constructor(private readonly what: string, private readonly context: Context) {}

  claim(name: string, document: CheckedDocument, path: Path): boolean {
    const first = this.seen.get(name);
    if (first) {
      this.context.report(
        "contract/duplicate-name",
        this.context.ref(document, path),
        `${this.what} \`${name}\` is declared twice`,
        `the first is at ${describeRef(first.document, first.path)}; rename or remove one (names are unique per kind across the whole set)`,
      );
      return false;
    }
    this.seen.set(name, { document, path });
    return true;
  }
}

export function buildCatalog(documents: readonly CheckedDocument[], context: Context): Catalog {
  const of = <K extends CheckedDocument["kind"]>(kind: K) => documents.filter((d): d is CheckedDocument<K> => d.kind === kind);

  const classes = new Map<string, DataClass>();
  const classNames = new NameRegistry("data class", context);
  for (const document of of("DataClasses")) {
    document.data.classes.forEach((raw, i) => {
      const path = ["classes", i];
      if (!classNames.claim(raw.name, document, [...path, "name"])) return;
      const detectors = (raw.detectors ?? []).map((detector, j) => {
        if (typeof detector !== "string") {
          const verdict = checkPattern(detector.pattern);
          if (!verdict.safe) context.report("contract/unsafe-pattern", context.ref(document, [...path, "detectors", j, "pattern"]), `detector pattern is unsafe: ${verdict.reason}`, verdict.hint);
        }
        return resolveDetector(detector);
      });
      classes.set(raw.name, {
        name: raw.name,
        level: raw.level,
        redaction: raw.redaction === undefined ? { kind: "drop" } : resolveRedaction(raw.redaction),
        rawInTelemetry: raw.raw_in_telemetry ?? true,
        detectors,
        ref: context.ref(document, path),
      });
    });
  }

  // Regions first: residency rules, sinks and services refer to them.
  const regions = new Map<string, Region>();
  const regionNames = new NameRegistry("region", context);
  for (const document of of("Residency")) {
    for (const [id, entry] of Object.entries(document.data.regions ?? {})) {
      if (!regionNames.claim(id, document, ["regions", id])) continue;
      regions.set(id, { id, jurisdiction: entry.jurisdiction, ref: context.ref(document, ["regions", id]) });
    }
  }
  const jurisdictions = new Set([...regions.values()].map((r) => r.jurisdiction));
  const places = new Set<string>(["*", ...jurisdictions, ...regions.keys()]);

  const rules: ResidencyRule[] = [];
  let residencyDefault: { value: "deny" | "allow"; ref: NodeRef; document: CheckedDocument } | undefined;
  for (const document of of("Residency")) {
    const raw = document.data;
    if (raw.default !== undefined) {
      const ref = context.ref(document, ["default"]);
      if (residencyDefault) context.report("contract/conflict", ref, "`default` is given twice", `it is already given at ${describeRef(residencyDefault.document, ["default"])}; give it once across all Residency documents`);
      else residencyDefault = { value: raw.default, ref, document };
    }
    (raw.rules ?? []).forEach((rule, i) => {
      const path = ["rules", i];
      const ref = context.ref(document, path);
      context.known(rule.class, classes, "data class", context.ref(document, [...path, "class"]), "declare it in a DataClasses document");
      rule.from?.forEach((origin, j) =>
        context.known(origin, jurisdictions, "jurisdiction", context.ref(document, [...path, "from", j]), "`from` lists jurisdictions of the regions declared under Residency `regions`"),
      );
      const checkPlaces = (list: readonly string[], key: string) =>
        list.forEach((place, j) => context.known(place, places, "jurisdiction or region", context.ref(document, [...path, key, j]), 'list a jurisdiction or region id declared under Residency `regions`, or "*"'));
      checkPlaces(rule.allowed_in, "allowed_in");
      checkPlaces(rule.redacted_allowed_in ?? [], "redacted_allowed_in");
      rules.push({
        class: rule.class,
        ...(rule.from ? { from: rule.from } : {}),
        allowedIn: rule.allowed_in,
        redactedAllowedIn: rule.redacted_allowed_in ?? ["*"],
        ref,
      });
    });
  }
  reportRuleConflicts(rules, documents, context);

  const tiers: Tier[] = [];
  const tiersByName = new Map<string, Tier>();
  const tierNames = new NameRegistry("tier", context);
  let assumptionsAt: { document: CheckedDocument } | undefined;
  const strategyRto: Record<Strategy, number | null> = { ...DEFAULT_STRATEGY_RTO };
  const overridden: Partial<Record<Strategy, NodeRef>> = {};
  for (const document of of("Tiers")) {
    (document.data.tiers ?? []).forEach((raw, i) => {
      const path = ["tiers", i];
      if (!tierNames.claim(raw.name, document, [...path, "name"])) return;
      const rto = context.duration(raw.rto, context.ref(document, [...path, "rto"]));
      const rpo = context.duration(raw.rpo, context.ref(document, [...path, "rpo"]));
      const drillEvery = raw.drill_every === undefined ? undefined : context.duration(raw.drill_every, context.ref(document, [...path, "drill_every"]));
      const tier: Tier = {
        name: raw.name,
        rank: tiers.length,
        rto: rto ?? 0,
        rpo: rpo ?? 0,
        ...(raw.min_regions !== undefined ? { minRegions: raw.min_regions } : {}),
        ...(drillEvery !== undefined ? { drillEvery } : {}),
        ref: context.ref(document, path),
      };
      tiers.push(tier);
      tiersByName.set(tier.name, tier);
    });
    const assumptions = document.data.assumptions;
    if (assumptions !== undefined) {
      if (assumptionsAt) {
        context.report("contract/conflict", context.ref(document, ["assumptions"]), "`assumptions` is given twice", `it is already given at ${describeRef(assumptionsAt.document, ["assumptions"])}; give it once across all Tiers documents`);
        continue;
      }
      assumptionsAt = { document };
      for (const [strategy, value] of Object.entries(assumptions.strategy_rto ?? {}) as [Strategy, string | number][]) {
        const ref = context.ref(document, ["assumptions", "strategy_rto", strategy]);
        const seconds = context.duration(value, ref);
        if (seconds === undefined) continue;
        strategyRto[strategy] = seconds;
        overridden[strategy] = ref;
      }
    }
  }

  const sinks = new Map<string, Sink>();
  const sinkNames = new NameRegistry("sink", context);
  for (const document of of("Sink")) {
    const raw = document.data;
    if (!sinkNames.claim(raw.name, document, ["name"])) continue;
    const region = regions.get(raw.region);
    context.known(raw.region, regions, "region", context.ref(document, ["region"]), "declare it under Residency `regions`");
    const endpoint = parseEndpoint(raw.endpoint);
    if (!endpoint.ok) context.report("contract/schema", context.ref(document, ["endpoint"]), endpoint.message, endpoint.hint);
    sinks.set(raw.name, {
      name: raw.name,
      region: raw.region,
      jurisdiction: region?.jurisdiction ?? "",
      endpoint: endpoint.ok ? endpoint.endpoint : { raw: raw.endpoint, scheme: "", host: "", port: 0, path: "" },
      signals: raw.signals,
      ref: context.ref(document, []),
    });
  }

  const fieldSets = new Map<string, FieldSet>();
  const fieldSetNames = new NameRegistry("field set", context);
  for (const document of of("FieldSet")) {
    const raw = document.data;
    if (!fieldSetNames.claim(raw.name, document, ["name"])) continue;
    const fields = Object.entries(raw.fields).map(([key, definition]) =>
      resolveFieldDefinition(key, definition, context.ref(document, ["fields", key]), classes, context),
    );
    fieldSets.set(raw.name, { name: raw.name, fields, ref: context.ref(document, []) });
  }

  const waivers: Waiver[] = [];
  for (const document of of("Waiver")) {
    const raw = document.data;
    if (!isCalendarDate(raw.expires)) context.report("contract/schema", context.ref(document, ["expires"]), `"${raw.expires}" is not a calendar date`, "write YYYY-MM-DD");
    waivers.push({ rule: raw.rule, subject: raw.subject, reason: raw.reason, approvedBy: raw.approved_by, expires: raw.expires, ref: context.ref(document, []) });
  }

  return {
    classes,
    regions,
    jurisdictions,
    residency: { rules, default: residencyDefault?.value ?? "deny", ...(residencyDefault ? { defaultRef: residencyDefault.ref } : {}) },
    tiers,
    tiersByName,
    assumptions: { strategyRto, overridden },
    sinks,
    fieldSets,
    waivers,
  };
}

/** A field defined in place (FieldSet entry or service attribute). */
export function resolveFieldDefinition(
  key: string,
  raw: RawFieldDefinition,
  ref: NodeRef,
  classes: ReadonlyMap<string, DataClass>,
  context: Context,
): Field {
  context.known(raw.class, classes, "data class", { ...ref, path: [...ref.path, "class"] }, "declare it in a DataClasses document");
  return {
    key,
    class: raw.class,
    type: raw.type ?? "string",
    ...(raw.redaction !== undefined ? { redaction: resolveRedaction(raw.redaction) } : {}),
    ...(raw.brief !== undefined ? { brief: raw.brief } : {}),
    ...(raw.examples !== undefined ? { examples: raw.examples } : {}),
    required: raw.required ?? false,
    ref,
  };
}

/** Two rules for the same class and origin (SPEC §1.3) cannot both apply. */
function reportRuleConflicts(rules: readonly ResidencyRule[], documents: readonly CheckedDocument[], context: Context): void {
  const seen = new Map<string, ResidencyRule>();
  const docOf = (ref: NodeRef) => documents.find((d) => d.file === ref.file && d.doc === ref.doc);
  for (const rule of rules) {
    const origins = rule.from ?? ["\u0000every other origin"];
    rule.from?.forEach((origin, j) => {
      if (rule.from!.indexOf(origin) !== j) context.report("contract/conflict", { ...rule.ref, path: [...rule.ref.path, "from", j] }, `\`from\` lists \`${origin}\` twice`, "remove the repeat");
    });
    for (const origin of new Set(origins)) {
      const key = `${rule.class}\u0000${origin}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, rule);
        continue;
      }
      const firstDoc = docOf(first.ref);
      const where = firstDoc ? describeRef(firstDoc, first.ref.path) : "another rule";
      const which = rule.from ? `origin \`${origin}\`` : "origins no `from` rule covers";
      context.report(
        "contract/conflict",
        rule.from ? { ...rule.ref, path: [...rule.ref.path, "from"] } : { ...rule.ref, path: [...rule.ref.path, "class"] },
        `two residency rules apply to class \`${rule.class}\` for ${which}`,
        `the other is ${where}; merge them into one rule`,
      );
    }
  }
}

export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
