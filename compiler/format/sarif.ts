/**
 * `check --format sarif`: a SARIF 2.1.0 log as GitHub code scanning takes it
 * (github/codeql-action/upload-sarif). Every rule of the registry is described; every
 * finding is a result pointing into the YAML (or TypeScript) it is about, with GitHub's
 * `primaryLocationLineHash` and cordon's own stable id as fingerprints; a waived finding
 * carries the waiver as an accepted external suppression. No timestamps and no absolute
 * paths, so two runs over the same input give the same bytes.
 *
 * Paths are relative to `%SRCROOT%`, which code scanning takes as the repository root: the
 * caller passes the git top level as `sourceRoot`, whatever folder cordon ran in. The run
 * has no `automationDetails`: upload-sarif only applies its `category` to a run without
 * one, so the Action's category (not cordon) names the analysis.
 */
import { pathToFileURL } from "node:url";
import type { RuleMeta } from "../../contracts/finding.js";
import type { CheckResult, ReportedFinding } from "../result.js";
import { lineHashes } from "./line-hash.js";
import { escapeControl } from "./control.js";
import { displayPath } from "./paths.js";
import { sarifRule, unknownRule, type SarifRule } from "./sarif-rules.js";

export const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
export const SOURCE_ROOT = "%SRCROOT%";
/** The key of cordon's own fingerprint (rule + subject): `<name>/v<version>` as SARIF advises. */
export const ID_FINGERPRINT = "cordonFindingId/v1";

export interface SarifOptions {
  /** The working directory: the root when no `sourceRoot` is given. */
  readonly cwd: string;
  /** `%SRCROOT%`: paths are written relative to it (the git top level). */
  readonly sourceRoot?: string;
  /** Every rule cordon knows (the registry): each is described in `tool.driver.rules`. */
  readonly rules: readonly RuleMeta[];
  readonly version: string;
  /** The exit code of the run, recorded in `invocations`. */
  readonly exitCode: number;
  readonly strict?: boolean;
  /** A documentation address per rule, when there is one. */
  readonly helpUri?: (ruleId: string) => string | undefined;
}

export function formatSarif(result: CheckResult, options: SarifOptions): string {
  return `${JSON.stringify(sarifLog(result, options), null, 2)}\n`;
}

/** The log as a plain object (what `formatSarif` serialises). */
export function sarifLog(result: CheckResult, options: SarifOptions) {
  const { descriptors, indexOf } = describeRules(options.rules, result.findings, options.helpUri);
  const hashes = new LineHashCache(result.sources);
  const root = options.sourceRoot ?? options.cwd;
  const contractsFolder = displayPath(result.contractsRoot, root);
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "cordon",
            semanticVersion: options.version,
            version: options.version,
            rules: descriptors,
          },
        },
        invocations: [
          {
            executionSuccessful: options.exitCode !== 2,
            exitCode: options.exitCode,
            properties: { strict: options.strict === true },
          },
        ],
        columnKind: "utf16CodeUnits",
        results: result.findings.map((finding) =>
          sarifResult(finding, indexOf.get(finding.rule)!, hashes, contractsFolder, root),
        ),
        properties: {
          ...(result.contractsDigest ? { contractsDigest: result.contractsDigest } : {}),
          summary: result.summary,
        },
      },
    ],
  };
}

function describeRules(
  rules: readonly RuleMeta[],
  findings: readonly ReportedFinding[],
  helpUri: SarifOptions["helpUri"],
): { descriptors: SarifRule[]; indexOf: Map<string, number> } {
  const descriptors: SarifRule[] = [];
  const indexOf = new Map<string, number>();
  const add = (descriptor: SarifRule): void => {
    if (indexOf.has(descriptor.id)) return;
    indexOf.set(descriptor.id, descriptors.length);
    descriptors.push(descriptor);
  };
  for (const rule of rules) add(sarifRule(rule, helpUri));
  // A finding of a rule missing from the registry would otherwise point nowhere.
  for (const finding of findings) if (!indexOf.has(finding.rule)) add(unknownRule(finding.rule, finding.severity));
  return { descriptors, indexOf };
}

function sarifResult(
  finding: ReportedFinding,
  ruleIndex: number,
  hashes: LineHashCache,
  contractsFolder: string,
  root: string,
) {
  const location = finding.location;
  const lineHash = location ? hashes.of(location.file, location.line) : undefined;
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: finding.severity,
    message: { text: escapeControl(finding.hint ? `${finding.message}\nHint: ${finding.hint}` : finding.message) },
    locations: [
      location
        ? {
            physicalLocation: {
              artifactLocation: artifactLocation(location.file, root),
              region: {
                startLine: location.line,
                startColumn: location.column,
                ...(location.endLine !== undefined ? { endLine: location.endLine } : {}),
                ...(location.endColumn !== undefined ? { endColumn: location.endColumn } : {}),
              },
            },
          }
        : // GitHub wants a location on every result: the contracts folder, when the finding
          // has no place in a file (a folder that cannot be read, say).
          { physicalLocation: { artifactLocation: { uri: `${encodePath(contractsFolder)}/`, uriBaseId: SOURCE_ROOT } } },
    ].map((place) =>
      // The Terraform resource a finding of `check --iac` is about, beside the YAML it points at.
      finding.resource ? { ...place, logicalLocations: [{ fullyQualifiedName: finding.resource, kind: "resource" }] } : place,
    ),
    ...(lineHash ? { partialFingerprints: { primaryLocationLineHash: lineHash } } : {}),
    fingerprints: { [ID_FINGERPRINT]: finding.id },
    ...(finding.waiver
      ? {
          suppressions: [
            {
              kind: "external",
              status: "accepted",
              justification: escapeControl(finding.waiver.reason),
              properties: {
                approvedBy: escapeControl(finding.waiver.approvedBy),
                expires: finding.waiver.expires,
                ...(finding.waiver.ref ? { waiverFile: displayPath(finding.waiver.ref.file, root) } : {}),
              },
            },
          ],
        }
      : {}),
    properties: { subject: escapeControl(finding.subject) },
  };
}

/** Relative to `%SRCROOT%` (the root); a file outside it gets an absolute `file:` URI. */
function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  const path = displayPath(file, root);
  if (path.startsWith("/") || /^[A-Za-z]:\//.test(path)) return { uri: pathToFileURL(file).href };
  return { uri: encodePath(path), uriBaseId: SOURCE_ROOT };
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** Hashes each file at most once, and only files a finding points into. */
class LineHashCache {
  private readonly byFile = new Map<string, Map<number, string>>();
  constructor(private readonly sources: ReadonlyMap<string, string>) {}

  of(file: string, line: number): string | undefined {
    let hashes = this.byFile.get(file);
    if (!hashes) {
      const text = this.sources.get(file);
      // No text (unreadable, oversized): leave the hash to GitHub rather than guess.
      hashes = text ? lineHashes(text) : new Map();
      this.byFile.set(file, hashes);
    }
    return hashes.get(line);
  }
}
