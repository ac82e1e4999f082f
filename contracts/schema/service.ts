import { Type, type Static } from "@sinclair/typebox";
import {
  AttributeMap,
  Duration,
  IsoDate,
  Name,
  RegionId,
  ServiceField,
  StringEnum,
  Strict,
  described,
  header,
} from "./common.js";

/** SPEC §1.6 */
const SpanName = Type.String({ minLength: 1, maxLength: 255 });
const MetricName = Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_./-]{0,254}$", description: "instrument name" });
const Attributes = AttributeMap(ServiceField);
const Classes = (description: string) => Type.Array(Name, { description });

export const STRATEGY_VALUES = ["active-active", "warm-standby", "pilot-light", "backup-restore", "none"] as const;

export const Replication = Strict(
  {
    mode: StringEnum(["sync", "async", "none"] as const, {
      description: "sync (no data loss), async (max_lag required) or none",
    }),
    max_lag: Type.Optional(described(Duration, "how far an async replica may lag: the data lost in a failover, e.g. 5s")),
  },
  { description: "how data reaches the other deployment regions: { mode, max_lag }" },
);

export const Backup = Strict(
  {
    interval: described(Duration, "how often a backup is taken: the data lost in a restore, e.g. 1h"),
    regions: Type.Optional(
      Type.Array(RegionId, { description: "where backups are kept (residency rules apply: they hold raw data)" }),
    ),
  },
  { description: "backups: { interval, regions }" },
);

export const Drill = Strict(
  {
    date: described(IsoDate, "when the last disaster-recovery drill ran (YYYY-MM-DD)"),
    rto: Type.Optional(described(Duration, "the recovery time the drill measured")),
    rpo: Type.Optional(described(Duration, "the data loss (as time) the drill measured")),
    result: StringEnum(["passed", "failed"] as const, { description: "the drill's outcome: passed or failed" }),
  },
  { description: "evidence of the last disaster-recovery drill: { date, rto, rpo, result }" },
);

export const Deployment = Strict(
  {
    regions: Type.Optional(
      Type.Array(RegionId, {
        minItems: 1,
        description: "the regions the service runs in; failover regions receive raw data, so residency rules apply",
      }),
    ),
    strategy: Type.Optional(
      StringEnum(STRATEGY_VALUES, {
        description: "disaster-recovery strategy: active-active, warm-standby, pilot-light, backup-restore or none",
      }),
    ),
    replication: Type.Optional(Replication),
    backup: Type.Optional(Backup),
    drill: Type.Optional(Drill),
  },
  {
    description:
      "where and how the service runs and recovers: regions, strategy, replication, backup and the last drill (what the RTO/RPO estimate and the failover residency check read)",
  },
);

export const StoreEntry = Strict(
  {
    name: described(Name, "the store's name, e.g. orders-db"),
    kind: StringEnum(["database", "cache", "queue", "dead-letter", "object-store", "backup"] as const, {
      description: "database, cache, queue, dead-letter, object-store or backup",
    }),
    regions: Type.Array(RegionId, {
      minItems: 1,
      description: "the regions the store keeps data in: each must be allowed for every class it holds",
    }),
    classes: Classes("the data classes the store holds raw"),
    iac: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 1024 }), {
        description: "Terraform resource addresses behind the store (module paths allowed), checked by `check --iac`",
      }),
    ),
  },
  { description: "a data store the service writes to: where it is and which classes it holds" },
);

export const DependencyEntry = Strict(
  {
    service: described(Name, "the service called (a Service's name)"),
    hard: Type.Optional(
      Type.Boolean({ description: "true (default): no fallback, an outage of the dependency stops this service; false: it degrades" }),
    ),
    sends: Type.Optional(Classes("the data classes sent to it raw: its home region must be allowed for each")),
  },
  { description: "a service this one calls: { service, hard, sends }" },
);

export const EventEntry = Strict(
  {
    name: described(SpanName, "the span event's name"),
    attributes: Type.Optional(described(Attributes, "the event's attributes by OpenTelemetry key")),
  },
  { description: "a span event and its attributes" },
);
export const SpanEntry = Strict(
  {
    name: described(SpanName, "the span's name, e.g. checkout.place_order"),
    attributes: Type.Optional(described(Attributes, "the span's attributes by OpenTelemetry key")),
    events: Type.Optional(Type.Array(EventEntry, { description: "the span's events" })),
  },
  { description: "a span the service emits and its attributes" },
);
export const MetricEntry = Strict(
  {
    name: described(MetricName, "the instrument's name, e.g. checkout.orders"),
    instrument: StringEnum(["counter", "up-down-counter", "histogram", "gauge"] as const, {
      description: "counter, up-down-counter, histogram or gauge",
    }),
    attributes: Type.Optional(described(Attributes, "the metric's attributes by OpenTelemetry key")),
  },
  { description: "a metric instrument and its attributes" },
);

export const TelemetryEntry = Strict(
  {
    sinks: Type.Optional(
      Type.Array(Name, { description: "the sinks the service exports to; each gets the signals it lists in `signals`" }),
    ),
    undeclared: Type.Optional(
      StringEnum(["drop", "keep"] as const, {
        description: "attributes not declared here: drop (default, fail closed) or keep",
      }),
    ),
    uses: Type.Optional(Type.Array(Name, { description: "FieldSets whose fields this service may emit with { ref: <key> }" })),
    resource: Type.Optional(described(Attributes, "resource attributes (service.name, …) by OpenTelemetry key")),
    spans: Type.Optional(Type.Array(SpanEntry, { description: "the spans the service emits" })),
    logs: Type.Optional(
      Strict(
        { attributes: Type.Optional(described(Attributes, "log record attributes by OpenTelemetry key")) },
        { description: "the attributes of the service's log records" },
      ),
    ),
    metrics: Type.Optional(Type.Array(MetricEntry, { description: "the metric instruments the service records" })),
  },
  { description: "what the service emits (spans, logs, metrics, resource), with each field's class, and where it sends it" },
);

export const ServiceDocument = Strict(
  {
    ...header("Service"),
    name: described(Name, "the service's name, e.g. checkout (its OpenTelemetry service.name)"),
    owner: Type.Optional(Type.String({ minLength: 1, description: "the team that owns the service, e.g. team-payments" })),
    tier: described(
      Name,
      "the tier the service is held to (a name from Tiers): its RTO, RPO, minimum regions and drill interval apply",
    ),
    region: described(RegionId, "the home region: its jurisdiction is the origin of the service's data"),
    source: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), { description: "folders or globs of the service's TypeScript, scanned by `cordon check --src`" }),
    ),
    deployment: Type.Optional(Deployment),
    stores: Type.Optional(Type.Array(StoreEntry, { description: "the data stores the service writes to" })),
    dependencies: Type.Optional(Type.Array(DependencyEntry, { description: "the services this one calls" })),
    telemetry: Type.Optional(TelemetryEntry),
  },
  { title: "cordon Service", description: "A service: its tier, home region, deployment, stores, dependencies and telemetry (SPEC §1.6)." },
);
export type RawServiceDocument = Static<typeof ServiceDocument>;
export type RawDeployment = Static<typeof Deployment>;
export type RawTelemetry = Static<typeof TelemetryEntry>;
