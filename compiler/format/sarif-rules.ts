/**
 * SARIF `reportingDescriptor`s from the rule registry: what GitHub code scanning shows on
 * an alert's page (short and full description, help in text and Markdown, tags, level).
 * The docs are written once, in the rule modules; this only arranges them.
 */
import type { RuleMeta } from "../../contracts/finding.js";
import { securitySeverity } from "./security-severity.js";

export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly fullDescription: { readonly text: string };
  readonly help: { readonly text: string; readonly markdown: string };
  readonly helpUri?: string;
  readonly defaultConfiguration: { readonly level: "error" | "warning" };
  readonly properties: {
    readonly tags: readonly string[];
    readonly precision: "very-high";
    /** GitHub's score (0.0–10.0) on the rules that guard data; absent elsewhere. */
    readonly "security-severity"?: string;
  };
}

/** Tags by rule family: what an alert list can be filtered by. */
const FAMILY_TAGS: ReadonlyMap<string, readonly string[]> = new Map([
  ["contract", ["correctness"]],
  ["egress", ["security", "privacy"]],
  ["residency", ["security", "compliance"]],
  ["tier", ["reliability"]],
  ["source", ["security", "privacy"]],
  ["waiver", ["maintainability"]],
  ["live", ["security", "privacy"]],
]);

export function familyOf(ruleId: string): string {
  const slash = ruleId.indexOf("/");
  return slash < 0 ? ruleId : ruleId.slice(0, slash);
}

export function sarifRule(rule: RuleMeta, helpUri?: (id: string) => string | undefined): SarifRule {
  const { docs } = rule;
  const family = familyOf(rule.id);
  const uri = helpUri?.(rule.id);
  const score = securitySeverity(rule.id);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: docs.summary },
    fullDescription: { text: docs.what },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    ...(uri ? { helpUri: uri } : {}),
    defaultConfiguration: { level: rule.severity },
    properties: {
      tags: ["cordon", family, ...(FAMILY_TAGS.get(family) ?? [])],
      precision: "very-high",
      ...(score !== undefined ? { "security-severity": score } : {}),
    },
  };
}

/** A descriptor for a rule id the registry does not know, so `ruleIndex` always resolves. */
export function unknownRule(id: string, severity: "error" | "warning"): SarifRule {
  return sarifRule({
    id,
    severity,
    docs: { summary: id, what: id, why: "", fix: "", example: "" },
  });
}

function helpText(rule: RuleMeta): string {
  const { docs } = rule;
  return [
    docs.summary,
    section("What it detects", docs.what),
    section("Why it matters", docs.why),
    section("How to fix", docs.fix),
    section("Example", docs.example),
  ]
    .filter((part) => part !== "")
    .join("\n\n");
}

function section(title: string, body: string): string {
  return body.trim() === "" ? "" : `${title}:\n${body}`;
}

function helpMarkdown(rule: RuleMeta): string {
  const { docs } = rule;
  const parts = [
    `**${rule.id}** (${rule.severity}): ${docs.summary}`,
    markdownSection("What it detects", docs.what),
    markdownSection("Why it matters", docs.why),
    markdownSection("How to fix", docs.fix),
    docs.example.trim() === "" ? "" : `## Example\n\n${fenced(docs.example, exampleLanguage(rule.id))}`,
  ];
  return parts.filter((part) => part !== "").join("\n\n");
}

function markdownSection(title: string, body: string): string {
  return body.trim() === "" ? "" : `## ${title}\n\n${body}`;
}

function exampleLanguage(ruleId: string): string {
  return familyOf(ruleId) === "source" ? "ts" : "yaml";
}

/** A fenced code block whose fence is longer than any backtick run inside it. */
export function fenced(code: string, language = ""): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${code.replace(/\n+$/, "")}\n${fence}`;
}

/** `egress/raw-export` → `EgressRawExport`: SARIF's non-localised rule name. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== "")
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join("");
}
