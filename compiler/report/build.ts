/** Assemble the report's data from a contract set and the analysis `cordon check` made of it. */
import { createHash } from "node:crypto";
import { relative, sep } from "node:path";
import type { ContractSet } from "../../contracts/model.js";
import type { Analysis } from "../check.js";
import { indexBySubject } from "./finding-index.js";
import { buildFindingRows, buildWaiverRows } from "./findings.js";
import { buildFlowGraph } from "./flow-graph.js";
import { buildInventory } from "./inventory.js";
import { REPORT_SCHEMA_VERSION, type Report } from "./model.js";
import { displayPath } from "./paths.js";
import { buildResidencyMatrix } from "./residency-matrix.js";
import { buildAssumptions, buildTierTable } from "./tier-table.js";

export interface ReportOptions {
  /** cordon's version (the compiler does not import the CLI, so it is handed in). */
  readonly version: string;
  /** YYYY-MM-DD the analysis was made as of. */
  readonly asOf: string;
  /** ISO-8601 generation time. */
  readonly generatedAt: string;
  /** Paths in the report are relative to this folder. */
  readonly cwd: string;
  readonly git?: { readonly commit: string; readonly dirty: boolean };
}

const posix = (path: string): string => (sep === "/" ? path : path.split(sep).join("/"));

export function buildReport(set: ContractSet, analysis: Analysis, options: ReportOptions): Report {
  const { findings, summary } = analysis.result;
  const index = indexBySubject(findings);
  const flowGraph = buildFlowGraph(set, analysis.flows, index);
  return {
    tool: "cordon",
    reportVersion: REPORT_SCHEMA_VERSION,
    evidence: {
      contractsDigest: set.digest,
      cordonVersion: options.version,
      asOf: options.asOf,
      generatedAt: options.generatedAt,
      contracts: displayPath(set.root, options.cwd),
      ...(options.git ? { gitCommit: options.git.commit, gitDirty: options.git.dirty } : {}),
      files: set.files
        .map((file) => ({
          path: posix(relative(set.root, file.path)),
          sha256: createHash("sha256").update(file.text).digest("hex"),
        }))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    },
    summary: {
      services: set.services.size,
      sinks: set.sinks.size,
      classes: set.classes.size,
      jurisdictions: flowGraph.jurisdictions.length,
      ...summary,
    },
    inventory: buildInventory(set, analysis.flows, index, analysis.iac),
    flowGraph,
    residency: buildResidencyMatrix(set, options.cwd),
    tiers: buildTierTable(set, analysis.estimates, options.asOf),
    findings: buildFindingRows(findings, options.asOf, options.cwd),
    waivers: buildWaiverRows(set, findings, options.asOf, options.cwd),
    assumptions: buildAssumptions(set, options.cwd),
  };
}
