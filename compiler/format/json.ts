/**
 * SPEC §2.1 JSON: exactly its fields, in its order (plus `hint` where a finding has one).
 * Control characters in user text are escaped as in every format (control.ts).
 */
import type { CheckResult } from "../result.js";
import { escapeControl } from "./control.js";
import { relativePath } from "./paths.js";

export interface JsonOptions {
  readonly cwd: string;
  readonly version: string;
  readonly exitCode?: number;
  readonly strict?: boolean;
}

export interface JsonFinding {
  readonly id: string;
  readonly rule: string;
  readonly severity: "error" | "warning";
  readonly waived: boolean;
  readonly subject: string;
  readonly message: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly hint?: string;
}

export interface JsonReport {
  readonly tool: "cordon";
  readonly version: string;
  readonly contractsDigest: string | null;
  readonly summary: { readonly errors: number; readonly warnings: number; readonly waived: number };
  readonly findings: readonly JsonFinding[];
}

export function toJsonReport(result: CheckResult, options: JsonOptions): JsonReport {
  return {
    tool: "cordon",
    version: options.version,
    contractsDigest: result.contractsDigest ?? null,
    summary: { errors: result.summary.errors, warnings: result.summary.warnings, waived: result.summary.waived },
    findings: result.findings.map((finding) => ({
      id: finding.id,
      rule: finding.rule,
      severity: finding.severity,
      waived: finding.waived,
      subject: escapeControl(finding.subject),
      message: escapeControl(finding.message),
      file: finding.location ? escapeControl(relativePath(finding.location.file, options.cwd)) : null,
      line: finding.location?.line ?? null,
      column: finding.location?.column ?? null,
      ...(finding.hint ? { hint: escapeControl(finding.hint) } : {}),
      ...(finding.resource ? { resource: finding.resource } : {}),
    })),
  };
}

export function formatJson(result: CheckResult, options: JsonOptions): string {
  return JSON.stringify(toJsonReport(result, options), null, 2) + "\n";
}
