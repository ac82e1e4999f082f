/**
 * Services: every reference (tier, region, class, sink, field set, dependency, `ref`)
 * followed, durations in seconds, FieldSet refs inlined, defaults applied.
 */
import type { Deployment, Dependency, EventDecl, Field, MetricDecl, NodeRef, Service, SpanDecl, Store, Telemetry } from "../model.js";
import type { RawServiceField } from "../schema/common.js";
import type { RawDeployment, RawTelemetry } from "../schema/service.js";
import type { Catalog, NameRegistry } from "./catalog.js";
import { isCalendarDate, resolveFieldDefinition } from "./catalog.js";
import { describeRef, type CheckedDocument, type Context, type Path } from "./context.js";

const DECLARE_REGION = "declare it under Residency `regions`";
const DECLARE_CLASS = "declare it in a DataClasses document";

export function resolveService(
  document: CheckedDocument<"Service">,
  catalog: Catalog,
  serviceNames: ReadonlySet<string>,
  storeNames: NameRegistry,
  context: Context,
): Service {
  const raw = document.data;
  const at = (path: Path): NodeRef => context.ref(document, path);
  const region = (id: string, path: Path) => context.known(id, catalog.regions, "region", at(path), DECLARE_REGION);
  const dataClass = (name: string, path: Path) => context.known(name, catalog.classes, "data class", at(path), DECLARE_CLASS);

  context.known(raw.tier, catalog.tiersByName, "tier", at(["tier"]), "declare it in a Tiers document");
  region(raw.region, ["region"]);

  const stores: Store[] = (raw.stores ?? []).map((store, i) => {
    storeNames.claim(store.name, document, ["stores", i, "name"]);
    store.regions.forEach((r, j) => region(r, ["stores", i, "regions", j]));
    store.classes.forEach((c, j) => dataClass(c, ["stores", i, "classes", j]));
    return {
      name: store.name,
      kind: store.kind,
      regions: store.regions,
      classes: store.classes,
      ...(store.iac !== undefined ? { iac: store.iac } : {}),
      ref: at(["stores", i]),
    };
  });

  const dependencyNames = new Set<string>();
  const dependencies: Dependency[] = (raw.dependencies ?? []).map((dependency, i) => {
    const path = ["dependencies", i];
    if (dependency.service === raw.name) {
      context.report("contract/conflict", at([...path, "service"]), `service \`${raw.name}\` depends on itself`, "remove the dependency");
    } else {
      context.known(dependency.service, serviceNames, "service", at([...path, "service"]), "declare it in a Service document");
    }
    if (dependencyNames.has(dependency.service)) {
      context.report("contract/duplicate-name", at([...path, "service"]), `dependency on \`${dependency.service}\` is listed twice`, "merge the two entries");
    }
    dependencyNames.add(dependency.service);
    (dependency.sends ?? []).forEach((c, j) => dataClass(c, [...path, "sends", j]));
    return { service: dependency.service, hard: dependency.hard ?? true, sends: dependency.sends ?? [], ref: at(path) };
  });

  return {
    name: raw.name,
    ...(raw.owner !== undefined ? { owner: raw.owner } : {}),
    tier: raw.tier,
    region: raw.region,
    jurisdiction: catalog.regions.get(raw.region)?.jurisdiction ?? "",
    source: raw.source ?? [],
    deployment: resolveDeployment(document, raw.deployment, raw.region, catalog, context),
    stores,
    dependencies,
    telemetry: resolveTelemetry(document, raw.telemetry, catalog, context),
    ref: at([]),
  };
}

function resolveDeployment(
  document: CheckedDocument<"Service">,
  raw: RawDeployment | undefined,
  home: string,
  catalog: Catalog,
  context: Context,
): Deployment {
  const at = (path: Path): NodeRef => context.ref(document, ["deployment", ...path]);
  const regions = raw?.regions ?? [home];
  raw?.regions?.forEach((r, j) => context.known(r, catalog.regions, "region", at(["regions", j]), DECLARE_REGION));
  // An undeclared home region is its own finding: the conflict would only follow from it.
  if (raw?.regions && !raw.regions.includes(home) && catalog.regions.has(home)) {
    context.report("contract/conflict", at(["regions"]), `deployment regions do not include the home region \`${home}\``, `add \`${home}\` to deployment.regions, or change the service's \`region\``);
  }
  const replication = raw?.replication;
  let maxLag: number | undefined;
  if (replication) {
    if (replication.mode === "async" && replication.max_lag === undefined) {
      context.report("contract/schema", at(["replication"]), "async replication needs `max_lag`", "add `max_lag:` (e.g. `max_lag: 5s`): the RPO estimate is the replication lag");
    }
    if (replication.mode !== "async" && replication.max_lag !== undefined) {
      context.report("contract/conflict", at(["replication", "max_lag"]), `\`max_lag\` only applies to async replication, not \`${replication.mode}\``, "remove `max_lag`, or set `mode: async`");
    }
    if (replication.max_lag !== undefined) maxLag = context.duration(replication.max_lag, at(["replication", "max_lag"]));
  }
  const backup = raw?.backup;
  let backupModel: Deployment["backup"];
  if (backup) {
    backup.regions?.forEach((r, j) => context.known(r, catalog.regions, "region", at(["backup", "regions", j]), DECLARE_REGION));
    const interval = context.duration(backup.interval, at(["backup", "interval"]));
    backupModel = { interval: interval ?? 0, regions: backup.regions ?? [home], ref: at(["backup"]) };
  }
  const drill = raw?.drill;
  let drillModel: Deployment["drill"];
  if (drill) {
    if (!isCalendarDate(drill.date)) context.report("contract/schema", at(["drill", "date"]), `"${drill.date}" is not a calendar date`, "write YYYY-MM-DD");
    const rto = drill.rto === undefined ? undefined : context.duration(drill.rto, at(["drill", "rto"]));
    const rpo = drill.rpo === undefined ? undefined : context.duration(drill.rpo, at(["drill", "rpo"]));
    drillModel = { date: drill.date, ...(rto !== undefined ? { rto } : {}), ...(rpo !== undefined ? { rpo } : {}), result: drill.result, ref: at(["drill"]) };
  }
  return {
    regions,
    strategy: raw?.strategy ?? "none",
    replication: {
      mode: replication?.mode ?? "none",
      ...(maxLag !== undefined ? { maxLag } : {}),
      ...(replication ? { ref: at(["replication"]) } : {}),
    },
    ...(backupModel ? { backup: backupModel } : {}),
    ...(drillModel ? { drill: drillModel } : {}),
    ...(raw ? { ref: at([]) } : {}),
  };
}

function resolveTelemetry(document: CheckedDocument<"Service">, raw: RawTelemetry | undefined, catalog: Catalog, context: Context): Telemetry {
  const at = (path: Path): NodeRef => context.ref(document, ["telemetry", ...path]);
  const sinks = raw?.sinks ?? [];
  sinks.forEach((sink, j) => {
    context.known(sink, catalog.sinks, "sink", at(["sinks", j]), "declare it in a Sink document");
    if (sinks.indexOf(sink) !== j) context.report("contract/duplicate-name", at(["sinks", j]), `sink \`${sink}\` is listed twice`, "remove the repeat");
  });
  const uses = raw?.uses ?? [];
  uses.forEach((set, j) => context.known(set, catalog.fieldSets, "field set", at(["uses", j]), "declare it in a FieldSet document"));

  const attributes = (map: Readonly<Record<string, RawServiceField>> | undefined, path: Path): Field[] =>
    Object.entries(map ?? {}).flatMap(([key, field]) => {
      const ref = at([...path, key]);
      if (!("ref" in field)) return [resolveFieldDefinition(key, field, ref, catalog.classes, context)];
      const resolved = resolveFieldRef(key, field.ref, ref, uses, document, catalog, context);
      return resolved ? [resolved] : [];
    });

  const uniqueNames = (names: readonly string[], what: string, path: (i: number) => Path) => {
    const seen = new Set<string>();
    names.forEach((name, i) => {
      if (seen.has(name)) context.report("contract/duplicate-name", at(path(i)), `${what} \`${name}\` is declared twice in this service`, "merge the two declarations");
      seen.add(name);
    });
  };

  const spans: SpanDecl[] = (raw?.spans ?? []).map((span, i) => {
    const events: EventDecl[] = (span.events ?? []).map((event, j) => ({
      name: event.name,
      attributes: attributes(event.attributes, ["spans", i, "events", j, "attributes"]),
      ref: at(["spans", i, "events", j]),
    }));
    uniqueNames(events.map((e) => e.name), `event of span \`${span.name}\``, (j) => ["spans", i, "events", j, "name"]);
    return { name: span.name, attributes: attributes(span.attributes, ["spans", i, "attributes"]), events, ref: at(["spans", i]) };
  });
  uniqueNames(spans.map((s) => s.name), "span", (i) => ["spans", i, "name"]);
  const metrics: MetricDecl[] = (raw?.metrics ?? []).map((metric, i) => ({
    name: metric.name,
    instrument: metric.instrument,
    attributes: attributes(metric.attributes, ["metrics", i, "attributes"]),
    ref: at(["metrics", i]),
  }));
  uniqueNames(metrics.map((m) => m.name), "metric", (i) => ["metrics", i, "name"]);

  return {
    sinks,
    undeclared: raw?.undeclared ?? "drop",
    uses,
    resource: attributes(raw?.resource, ["resource"]),
    spans,
    logs: { attributes: attributes(raw?.logs?.attributes, ["logs", "attributes"]), ...(raw?.logs ? { ref: at(["logs"]) } : {}) },
    metrics,
    ...(raw ? { ref: at([]) } : {}),
  };
}

/** `{ ref: key }`: the key must be defined by exactly one FieldSet the service `uses`. */
function resolveFieldRef(
  key: string,
  target: string,
  ref: NodeRef,
  uses: readonly string[],
  document: CheckedDocument<"Service">,
  catalog: Catalog,
  context: Context,
): Field | undefined {
  const refAt: NodeRef = { ...ref, path: [...ref.path, "ref"] };
  const defining = [...catalog.fieldSets.values()].filter((set) => set.fields.some((f) => f.key === target));
  const usable = defining.filter((set) => uses.includes(set.name));
  if (usable.length === 0) {
    if (defining.length > 0) {
      const names = defining.map((s) => `\`${s.name}\``).join(", ");
      context.report("contract/unknown-reference", refAt, `field \`${target}\` comes from field set ${names}, which this service does not use`, `add ${defining[0]!.name} to telemetry.uses`, target);
      return undefined;
    }
    const knownKeys = new Set(uses.flatMap((name) => catalog.fieldSets.get(name)?.fields.map((f) => f.key) ?? []));
    context.known(target, knownKeys, "field", refAt, uses.length === 0 ? "the service uses no field set: add one to telemetry.uses" : `define it in one of the field sets this service uses (${uses.join(", ")})`);
    return undefined;
  }
  if (usable.length > 1) {
    context.report("contract/conflict", refAt, `field \`${target}\` is defined by more than one field set this service uses (${usable.map((s) => s.name).join(", ")})`, "define each key in one field set only");
    return undefined;
  }
  const set = usable[0]!;
  const definition = set.fields.find((f) => f.key === target)!;
  if (key !== target) {
    context.report("contract/conflict", refAt, `attribute \`${key}\` refers to field \`${target}\` of field set \`${set.name}\``, `write \`${target}: { ref: ${target} }\`: a field keeps its key wherever it is used (see ${describeRef(document, [])})`);
    return undefined;
  }
  return { ...definition, key, fieldSet: set.name, ref, definitionRef: definition.ref };
}
