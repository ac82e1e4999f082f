import { Type, type Static } from "@sinclair/typebox";
import {
  AttributeMap,
  Duration,
  IsoDate,
  Name,
  NameList,
  RegionId,
  ServiceField,
  StringEnum,
  Strict,
  header,
} from "./common.js";

/** SPEC §1.6 */
const SpanName = Type.String({ minLength: 1, maxLength: 255 });
const MetricName = Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_./-]{0,254}$", description: "instrument name" });
const Attributes = AttributeMap(ServiceField);

export const STRATEGY_VALUES = ["active-active", "warm-standby", "pilot-light", "backup-restore", "none"] as const;

export const Replication = Strict({
  mode: StringEnum(["sync", "async", "none"] as const),
  max_lag: Type.Optional(Duration),
});

export const Backup = Strict({ interval: Duration, regions: Type.Optional(Type.Array(RegionId)) });

export const Drill = Strict({
  date: IsoDate,
  rto: Type.Optional(Duration),
  rpo: Type.Optional(Duration),
  result: StringEnum(["passed", "failed"] as const),
});

export const Deployment = Strict({
  regions: Type.Optional(Type.Array(RegionId, { minItems: 1 })),
  strategy: Type.Optional(StringEnum(STRATEGY_VALUES)),
  replication: Type.Optional(Replication),
  backup: Type.Optional(Backup),
  drill: Type.Optional(Drill),
});

export const StoreEntry = Strict({
  name: Name,
  kind: StringEnum(["database", "cache", "queue", "dead-letter", "object-store", "backup"] as const),
  regions: Type.Array(RegionId, { minItems: 1 }),
  classes: NameList,
  iac: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 1024 }), {
      description: "Terraform resource addresses behind the store (module paths allowed), checked by `check --iac`",
    }),
  ),
});

export const DependencyEntry = Strict({
  service: Name,
  hard: Type.Optional(Type.Boolean({ description: "no fallback (default true)" })),
  sends: Type.Optional(NameList),
});

export const EventEntry = Strict({ name: SpanName, attributes: Type.Optional(Attributes) });
export const SpanEntry = Strict({
  name: SpanName,
  attributes: Type.Optional(Attributes),
  events: Type.Optional(Type.Array(EventEntry)),
});
export const MetricEntry = Strict({
  name: MetricName,
  instrument: StringEnum(["counter", "up-down-counter", "histogram", "gauge"] as const),
  attributes: Type.Optional(Attributes),
});

export const TelemetryEntry = Strict({
  sinks: Type.Optional(NameList),
  undeclared: Type.Optional(StringEnum(["drop", "keep"] as const)),
  uses: Type.Optional(NameList),
  resource: Type.Optional(Attributes),
  spans: Type.Optional(Type.Array(SpanEntry)),
  logs: Type.Optional(Strict({ attributes: Type.Optional(Attributes) })),
  metrics: Type.Optional(Type.Array(MetricEntry)),
});

export const ServiceDocument = Strict(
  {
    ...header("Service"),
    name: Name,
    owner: Type.Optional(Type.String({ minLength: 1 })),
    tier: Name,
    region: RegionId,
    source: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    deployment: Type.Optional(Deployment),
    stores: Type.Optional(Type.Array(StoreEntry)),
    dependencies: Type.Optional(Type.Array(DependencyEntry)),
    telemetry: Type.Optional(TelemetryEntry),
  },
  { title: "cordon Service" },
);
export type RawServiceDocument = Static<typeof ServiceDocument>;
export type RawDeployment = Static<typeof Deployment>;
export type RawTelemetry = Static<typeof TelemetryEntry>;
