/**
 * The resolved model of a contract set: what every other part of cordon reads.
 *
 * The raw YAML shapes are derived from the JSON Schema (see ./schema); this file is
 * the *resolved* view built from them: references followed, durations in seconds,
 * regions mapped to jurisdictions, FieldSet refs inlined. Everything here is plain
 * data (maps keyed by name, arrays in declaration order) so that the flow table,
 * rules, code generator and report can all share one instance.
 */

/** Where a model element came from: file + YAML document + path inside that document. */
export interface NodeRef {
  /** Absolute path of the YAML file. */
  readonly file: string;
  /** Index of the YAML document inside the file (0-based). */
  readonly doc: number;
  /** Path from the document root, e.g. ["telemetry", "spans", 0, "attributes", "user.email"]. */
  readonly path: readonly (string | number)[];
}

export type Signal = "traces" | "logs" | "metrics";
export const SIGNALS: readonly Signal[] = ["traces", "logs", "metrics"];

export type AttributeType =
  | "string"
  | "int"
  | "double"
  | "boolean"
  | "string[]"
  | "int[]"
  | "double[]"
  | "boolean[]";

/** A redaction action (SPEC §1.2), resolved. */
export type RedactionAction =
  | { readonly kind: "keep" }
  | { readonly kind: "truncate"; readonly length: number }
  | { readonly kind: "mask"; readonly keepLast: number }
  | { readonly kind: "hash" }
  | { readonly kind: "replace"; readonly with: string }
  | { readonly kind: "drop" };

export type RedactionKind = RedactionAction["kind"];

/** Strictness order of SPEC §1.2: keep < truncate < mask < hash < replace < drop. */
export const STRICTNESS: Readonly<Record<RedactionKind, number>> = {
  keep: 0,
  truncate: 1,
  mask: 2,
  hash: 3,
  replace: 4,
  drop: 5,
};

export type BuiltinDetector = "pan" | "email" | "iban" | "ipv4" | "ipv6";
export type Detector =
  | { readonly kind: BuiltinDetector }
  | { readonly kind: "pattern"; readonly pattern: string };

export interface DataClass {
  readonly name: string;
  readonly level: number;
  /** The class's default action where raw values may not go (default drop). */
  readonly redaction: RedactionAction;
  /** false: telemetry always carries the redacted form, wherever the sink is. */
  readonly rawInTelemetry: boolean;
  readonly detectors: readonly Detector[];
  readonly ref: NodeRef;
}

export interface Region {
  readonly id: string;
  readonly jurisdiction: string;
  readonly ref: NodeRef;
}

export interface ResidencyRule {
  readonly class: string;
  /** Origin jurisdictions this rule governs; undefined = every origin no `from` rule covers. */
  readonly from?: readonly string[];
  /** Jurisdictions or region ids where raw values may be; "*" = anywhere. */
  readonly allowedIn: readonly string[];
  /** Telemetry only: where the redacted form may go (default ["*"]). */
  readonly redactedAllowedIn: readonly string[];
  readonly ref: NodeRef;
}

export interface Residency {
  readonly rules: readonly ResidencyRule[];
  readonly default: "deny" | "allow";
  /** Where `default` was written, if it was. */
  readonly defaultRef?: NodeRef;
}

export type Strategy = "active-active" | "warm-standby" | "pilot-light" | "backup-restore" | "none";
export const STRATEGIES: readonly Strategy[] = [
  "active-active",
  "warm-standby",
  "pilot-light",
  "backup-restore",
  "none",
];

export interface Tier {
  readonly name: string;
  /** Position in the Tiers list: 0 is the most critical. */
  readonly rank: number;
  /** Seconds. */
  readonly rto: number;
  /** Seconds. */
  readonly rpo: number;
  readonly minRegions?: number;
  /** Seconds. */
  readonly drillEvery?: number;
  readonly ref: NodeRef;
}

/** Estimator assumptions (SPEC §3.3), defaults merged with Tiers `assumptions`. */
export interface Assumptions {
  /** Seconds per strategy; null = unbounded (strategy `none`). */
  readonly strategyRto: Readonly<Record<Strategy, number | null>>;
  /** Where each value came from: "default" or the NodeRef of the override. */
  readonly overridden: Readonly<Partial<Record<Strategy, NodeRef>>>;
}

export interface Endpoint {
  /** As written in the contract. */
  readonly raw: string;
  readonly scheme: string;
  readonly host: string;
  /** Explicit port, or the scheme's default (443 for https, 80 for http). */
  readonly port: number;
  /** Path without trailing slash; "" for none. */
  readonly path: string;
}

export interface Sink {
  readonly name: string;
  readonly region: string;
  readonly jurisdiction: string;
  readonly endpoint: Endpoint;
  readonly signals: readonly Signal[];
  readonly ref: NodeRef;
}

/** A telemetry field as a service declares it (FieldSet refs already inlined). */
export interface Field {
  /** OpenTelemetry attribute key. */
  readonly key: string;
  readonly class: string;
  readonly type: AttributeType;
  /** A per-field override of the class's action (SPEC §1.2), if given. */
  readonly redaction?: RedactionAction;
  readonly brief?: string;
  readonly examples?: readonly unknown[];
  readonly required: boolean;
  /** The FieldSet this field came from through `{ ref }`, if any. */
  readonly fieldSet?: string;
  /** Where the field is used (the service's attribute entry). */
  readonly ref: NodeRef;
  /** Where the field is defined (the FieldSet entry) when it came through a ref. */
  readonly definitionRef?: NodeRef;
}

export interface EventDecl {
  readonly name: string;
  readonly attributes: readonly Field[];
  readonly ref: NodeRef;
}

export interface SpanDecl {
  readonly name: string;
  readonly attributes: readonly Field[];
  readonly events: readonly EventDecl[];
  readonly ref: NodeRef;
}

export type Instrument = "counter" | "up-down-counter" | "histogram" | "gauge";

export interface MetricDecl {
  readonly name: string;
  readonly instrument: Instrument;
  readonly attributes: readonly Field[];
  readonly ref: NodeRef;
}

export interface LogDecl {
  readonly attributes: readonly Field[];
  readonly ref?: NodeRef;
}

export interface Telemetry {
  readonly sinks: readonly string[];
  readonly undeclared: "drop" | "keep";
  readonly uses: readonly string[];
  readonly resource: readonly Field[];
  readonly spans: readonly SpanDecl[];
  readonly logs: LogDecl;
  readonly metrics: readonly MetricDecl[];
  readonly ref?: NodeRef;
}

export type StoreKind = "database" | "cache" | "queue" | "dead-letter" | "object-store" | "backup";

export interface Store {
  readonly name: string;
  readonly kind: StoreKind;
  readonly regions: readonly string[];
  readonly classes: readonly string[];
  /** Terraform resource addresses behind the store (SPEC §7); absent when the store names none. */
  readonly iac?: readonly string[];
  readonly ref: NodeRef;
}

export interface Dependency {
  readonly service: string;
  readonly hard: boolean;
  readonly sends: readonly string[];
  readonly ref: NodeRef;
}

export type ReplicationMode = "sync" | "async" | "none";

export interface Drill {
  /** YYYY-MM-DD. */
  readonly date: string;
  /** Measured, seconds. */
  readonly rto?: number;
  /** Measured, seconds. */
  readonly rpo?: number;
  readonly result: "passed" | "failed";
  readonly ref: NodeRef;
}

export interface Deployment {
  readonly regions: readonly string[];
  readonly strategy: Strategy;
  readonly replication: { readonly mode: ReplicationMode; readonly maxLag?: number; readonly ref?: NodeRef };
  readonly backup?: { readonly interval: number; readonly regions: readonly string[]; readonly ref: NodeRef };
  readonly drill?: Drill;
  readonly ref?: NodeRef;
}

export interface Service {
  readonly name: string;
  readonly owner?: string;
  readonly tier: string;
  /** Home region: the origin of its data. */
  readonly region: string;
  /** Jurisdiction of the home region. */
  readonly jurisdiction: string;
  /** As written (relative to the contracts folder's parent). */
  readonly source: readonly string[];
  readonly deployment: Deployment;
  readonly stores: readonly Store[];
  readonly dependencies: readonly Dependency[];
  readonly telemetry: Telemetry;
  readonly ref: NodeRef;
}

export interface FieldSet {
  readonly name: string;
  readonly fields: readonly Field[];
  readonly ref: NodeRef;
}

export interface Waiver {
  readonly rule: string;
  readonly subject: string;
  readonly reason: string;
  readonly approvedBy: string;
  /** YYYY-MM-DD. */
  readonly expires: string;
  readonly ref: NodeRef;
}

/** A source file of the set, kept so findings can be located and framed. */
export interface SourceFile {
  /** Absolute path. */
  readonly path: string;
  readonly text: string;
}

/** The whole resolved contract set. */
export interface ContractSet {
  /**
   * The line and column of a node of the set, or undefined when the path does not exist
   * (callers fall back to a parent node). A scalar value is located at the scalar; a
   * mapping or sequence under a key, at its key.
   */
  readonly locate: (ref: NodeRef) => import("./finding.js").Location | undefined;
  /** Absolute path of the contracts folder. */
  readonly root: string;
  /** "sha256:<hex>" over the files' relative paths and bytes, in sorted order. */
  readonly digest: string;
  readonly files: readonly SourceFile[];
  readonly classes: ReadonlyMap<string, DataClass>;
  readonly regions: ReadonlyMap<string, Region>;
  readonly residency: Residency;
  /** Most critical first. */
  readonly tiers: readonly Tier[];
  readonly tiersByName: ReadonlyMap<string, Tier>;
  readonly assumptions: Assumptions;
  readonly sinks: ReadonlyMap<string, Sink>;
  readonly services: ReadonlyMap<string, Service>;
  readonly fieldSets: ReadonlyMap<string, FieldSet>;
  readonly waivers: readonly Waiver[];
}
