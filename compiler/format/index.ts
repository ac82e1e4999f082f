/**
 * One entry point for every output format of `validate` and `check`: the command picks a
 * format, this picks the formatter. Formatters are pure functions of a CheckResult and
 * their options; none of them reads the clock, so outputs can be diffed between runs.
 */
import type { RuleMeta } from "../../contracts/finding.js";
import { exitCodeOf } from "../check.js";
import type { CheckResult } from "../result.js";
import { ruleDocsUrl } from "../docs/links.js";
import { allRules } from "../rules/index.js";
import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatMarkdown } from "./markdown.js";
import { formatSarif } from "./sarif.js";
import { formatText } from "./text.js";

export const OUTPUT_FORMATS = ["text", "json", "sarif", "github", "markdown"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface FormatOptions {
  /** Paths are printed relative to this folder. */
  readonly cwd: string;
  /** ANSI colour (text only). */
  readonly color?: boolean;
  readonly strict?: boolean;
  /** The run's exit code; computed from the result and `strict` when not given. */
  readonly exitCode?: number;
  /** cordon's version, for the formats that name the tool (json, sarif). */
  readonly version?: string;
  /** YYYY-MM-DD the run judged waivers against (markdown's "days left"). */
  readonly asOf?: string;
  /** SARIF's `%SRCROOT%` (the git top level); the cwd when not given. */
  readonly sourceRoot?: string;
  /** The rule registry; `allRules` unless a caller narrows it. */
  readonly rules?: readonly RuleMeta[];
}

export function isOutputFormat(value: unknown): value is OutputFormat {
  return typeof value === "string" && (OUTPUT_FORMATS as readonly string[]).includes(value);
}

export function formatResult(result: CheckResult, format: OutputFormat, options: FormatOptions): string {
  const strict = options.strict === true;
  const exitCode = options.exitCode ?? exitCodeOf(result, strict);
  const rules = options.rules ?? allRules;
  const version = options.version ?? "0.0.0";
  switch (format) {
    case "text":
      return formatText(result, { cwd: options.cwd, color: options.color === true, strict, exitCode, version });
    case "json":
      return formatJson(result, { cwd: options.cwd, strict, exitCode, version });
    case "sarif":
      return formatSarif(result, {
        cwd: options.cwd,
        ...(options.sourceRoot !== undefined ? { sourceRoot: options.sourceRoot } : {}),
        rules,
        version,
        exitCode,
        strict,
        helpUri: (id) => ruleDocsUrl(id, version),
      });
    case "github":
      return formatGithub(result, { cwd: options.cwd, exitCode });
    case "markdown":
      return formatMarkdown(result, {
        cwd: options.cwd,
        exitCode,
        rules,
        ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
      });
  }
}
