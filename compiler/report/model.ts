/**
 * The compliance report as plain data: what `cordon report --format json` prints, and what
 * the HTML and Markdown renderers read. Every number and verdict is computed here, once;
 * the renderers only lay it out, so the three formats can never disagree.
 */
import type { Severity } from "../../contracts/finding.js";
import type { Signal } from "../../contracts/model.js";

export const REPORT_SCHEMA_VERSION = 1;

export interface Report {
  readonly tool: "cordon";
  readonly reportVersion: typeof REPORT_SCHEMA_VERSION;
  readonly evidence: Evidence;
  readonly summary: ReportSummary;
  readonly inventory: readonly InventoryClass[];
  readonly flowGraph: FlowGraph;
  readonly residency: ResidencyMatrix;
  readonly tiers: readonly TierRow[];
  readonly findings: readonly ReportFindingRow[];
  readonly waivers: readonly WaiverRow[];
  readonly assumptions: EstimatorAssumptions;
}

/** What a reviewer needs to tie the report to exact inputs. */
export interface Evidence {
  /** "sha256:…" over the files' relative paths and bytes. */
  readonly contractsDigest: string;
  readonly cordonVersion: string;
  /** YYYY-MM-DD: the date drills and waivers were judged against. */
  readonly asOf: string;
  /** ISO-8601 time the report was generated. */
  readonly generatedAt: string;
  /** The contracts folder, relative to the working directory. */
  readonly contracts: string;
  /** HEAD of the git tree holding the contracts, when there is one. */
  readonly gitCommit?: string;
  /** True when the contracts differ from that commit (uncommitted changes). */
  readonly gitDirty?: boolean;
  /** Every contract file with its own digest, relative to the contracts folder. */
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
}

export interface ReportSummary {
  readonly services: number;
  readonly sinks: number;
  readonly classes: number;
  readonly jurisdictions: number;
  readonly errors: number;
  readonly warnings: number;
  readonly waived: number;
}

/** Where a field is emitted: one service, one signal, one place. */
export interface FieldUse {
  readonly service: string;
  readonly signal: Signal | "resource";
  /** `span:<name>`, `span:<name>/event:<event>`, `log`, `metric:<name>` or `resource`. */
  readonly where: string;
  /** The redaction written on the field, when it overrides the class's. */
  readonly override?: string;
  /** Sinks the field reaches raw / redacted / not at all (dropped). */
  readonly raw: readonly string[];
  readonly redacted: readonly string[];
  readonly dropped: readonly string[];
  /** Ids of the findings about this use (its flows to any sink), waived ones included. */
  readonly findings: readonly string[];
}

export interface InventoryField {
  readonly key: string;
  readonly type: string;
  readonly brief?: string;
  readonly fieldSet?: string;
  readonly uses: readonly FieldUse[];
}

export interface InventoryStore {
  readonly service: string;
  readonly store: string;
  readonly kind: string;
  readonly regions: readonly string[];
  /** Ids of the findings about this class in this store (residency/store), waived ones included. */
  readonly findings: readonly string[];
  /** With `--iac`: the resources behind the store and where each stands (`unknown` before apply). */
  readonly resources?: readonly InventoryResource[];
}

/** A service sending the class to a dependency, with the findings about that flow. */
export interface InventoryDependency {
  readonly from: string;
  readonly to: string;
  /** Ids of the findings about this class sent there (residency/dependency). */
  readonly findings: readonly string[];
}

export interface InventoryResource {
  readonly address: string;
  readonly region: string;
  /** Copies of its data other resources hold (replicas, backup copies, dead-letter queues). */
  readonly copies: readonly { readonly address: string; readonly region: string; readonly what: string }[];
}

export interface InventoryClass {
  readonly name: string;
  readonly level: number;
  /** The class's default action, as the contract language writes it. */
  readonly redaction: string;
  readonly rawInTelemetry: boolean;
  readonly detectors: readonly string[];
  readonly fields: readonly InventoryField[];
  readonly stores: readonly InventoryStore[];
  /** Services that send the class to a dependency: `checkout -> payments`. */
  readonly sentTo: readonly string[];
  /** The same flows, each with its findings (sentTo[i] is `${from} -> ${to}` of dependencies[i]). */
  readonly dependencies: readonly InventoryDependency[];
}

/** `service-group` and `store-group` appear only in a map summarised for size (see summarise.ts). */
export type NodeKind = "service" | "sink" | "store" | "region" | "service-group" | "store-group";

/**
 * What crosses an edge: raw values of a restricted class (one whose residency rule does not
 * allow it anywhere), only the redacted form of restricted classes, only unrestricted data or
 * nothing ("none"), a violation (an unwaived finding on the flow), or a waived violation.
 */
export type EdgeStatus = "raw" | "redacted" | "none" | "violation" | "waived";

export type EdgeKind = "telemetry" | "store" | "deployment" | "backup" | "dependency";

export interface GraphNode {
  /** `service:<name>`, `sink:<name>`, `store:<service>/<store>@<jurisdiction>`, `region:<id>`. */
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  /** A second line: tier and region for services, region and signals for sinks, … */
  readonly detail: string;
  readonly jurisdiction: string;
  /** True when an unwaived finding is about the node itself (tier rules, for services). */
  readonly flagged: boolean;
  /** For services: the tier. */
  readonly tier?: string;
}

export interface GraphEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly status: EdgeStatus;
  /** Classes crossing raw, and in redacted form. */
  readonly rawClasses: readonly string[];
  readonly redactedClasses: readonly string[];
  /** Soft dependency (has a fallback). */
  readonly soft?: boolean;
  /** Ids of the findings about this edge. */
  readonly findings: readonly string[];
}

export interface FlowGraph {
  /** Jurisdictions in display order, each with its regions. */
  readonly jurisdictions: readonly { readonly id: string; readonly regions: readonly string[] }[];
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export type CellStatus = "raw" | "redacted" | "denied";

export interface ResidencyCell {
  readonly jurisdiction: string;
  /** The most permissive state anywhere in the jurisdiction. */
  readonly status: CellStatus;
  /** When raw is allowed only in some of the jurisdiction's regions: those regions. */
  readonly rawOnlyIn?: readonly string[];
  /** When the redacted form is allowed only in some of the jurisdiction's regions. */
  readonly redactedOnlyIn?: readonly string[];
}

export interface ResidencyRow {
  readonly class: string;
  readonly origin: string;
  /** "rule (from EU)", "rule (every origin)" or "default deny" / "default allow". */
  readonly governedBy: string;
  /** file:line of the governing rule, relative to the working directory. */
  readonly ruleLocation?: string;
  /** Telemetry always carries the redacted form (raw_in_telemetry: false). */
  readonly telemetryAlwaysRedacted: boolean;
  readonly cells: readonly ResidencyCell[];
}

export interface ResidencyMatrix {
  readonly jurisdictions: readonly string[];
  /** Origins with at least one service, in display order. */
  readonly origins: readonly string[];
  readonly rows: readonly ResidencyRow[];
}

export interface DrillRow {
  readonly date: string;
  readonly ageDays: number;
  readonly result: "passed" | "failed";
  readonly measuredRto?: string;
  readonly measuredRpo?: string;
  /** Older than the tier's drill_every. */
  readonly stale: boolean;
}

export interface TierRow {
  readonly service: string;
  readonly owner?: string;
  readonly tier: string;
  readonly strategy: string;
  readonly regions: readonly string[];
  readonly minRegions?: number;
  readonly targetRto: string;
  readonly targetRpo: string;
  readonly estimatedRto: string;
  readonly estimatedRpo: string;
  /** The assumption (or dependency chain) that produced the estimate. */
  readonly rtoBasis: string;
  readonly rpoBasis: string;
  readonly rtoMet: boolean;
  readonly rpoMet: boolean;
  /** Required by the tier (`drill_every`). */
  readonly drillRequired: boolean;
  readonly drill?: DrillRow;
}

export interface WaiverRef {
  readonly approvedBy: string;
  readonly reason: string;
  readonly expires: string;
  /** Negative once expired. */
  readonly daysToExpiry: number;
}

export interface ReportFindingRow {
  readonly id: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly waived: boolean;
  readonly subject: string;
  readonly message: string;
  readonly hint?: string;
  /** file:line:column relative to the working directory. */
  readonly location?: string;
  readonly waiver?: WaiverRef;
}

export type WaiverState = "in use" | "unused" | "expired";

export interface WaiverRow extends WaiverRef {
  readonly rule: string;
  readonly subject: string;
  readonly state: WaiverState;
  readonly location?: string;
}

export interface EstimatorAssumptions {
  readonly strategyRto: readonly {
    readonly strategy: string;
    readonly rto: string;
    /** "default" or the file:line of the contract override. */
    readonly source: string;
  }[];
  /** How RPO and the effective RTO are estimated, in words. */
  readonly rules: readonly string[];
}
