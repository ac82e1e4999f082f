/**
 * The rule list, rendered from the rules' own docs (nothing is written twice): the full
 * reference in docs/rules.md and the compact table in the README.
 */
import type { RuleMeta } from "../../contracts/finding.js";
import { securitySeverity, severityBand } from "../format/security-severity.js";
import { ruleAnchor as anchor } from "./links.js";

const GROUPS: readonly [prefix: string, title: string][] = [
  ["contract/", "Contract rules (`validate` and `check`; exit 2)"],
  ["egress/", "Egress rules"],
  ["residency/", "Residency rules"],
  ["tier/", "Tier rules"],
  ["source/", "Source rules (`check --src`)"],
  ["iac/", "Infrastructure rules (`check --iac`)"],
  ["waiver/", "Waiver rules"],
  ["live/", "Live rules (`live-check`)"],
];

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The README's table: id, severity, one line. */
export function ruleTable(rules: readonly RuleMeta[]): string {
  const lines = ["| rule | severity | what it catches |", "|---|---|---|"];
  for (const rule of rules) {
    lines.push(`| [\`${rule.id}\`](docs/rules.md#${anchor(rule.id)}) | ${rule.severity} | ${cell(rule.docs.summary)} |`);
  }
  return lines.join("\n");
}

/** docs/rules.md: every rule with what, why, how to fix and an example. */
export function rulesReference(rules: readonly RuleMeta[]): string {
  const out = [
    "# Rules",
    "",
    "<!-- Generated from the rules' own docs (compiler/rules, contracts/rules) by test/docs/generated-docs.test.ts; do not edit. -->",
    "",
    "Every finding carries one of these rule ids. `cordon explain <rule>` prints the same text.",
    "",
  ];
  for (const [prefix, title] of GROUPS) {
    const group = rules.filter((rule) => rule.id.startsWith(prefix));
    if (group.length === 0) continue;
    out.push(`## ${title}`, "");
    for (const rule of group) {
      const fence = rule.id.startsWith("source/") ? "ts" : rule.id.startsWith("iac/") ? "text" : "yaml";
      out.push(
        `<a id="${anchor(rule.id)}"></a>`,
        `### \`${rule.id}\` (${rule.severity})`,
        "",
        rule.docs.summary,
        "",
        `**What.** ${rule.docs.what}`,
        "",
        `**Why.** ${rule.docs.why}`,
        "",
        `**How to fix.** ${rule.docs.fix}`,
        "",
        "```" + fence,
        rule.docs.example,
        "```",
        "",
        ...codeScanningLine(rule.id),
      );
    }
  }
  return out.join("\n");
}

/** The rule's security-severity in GitHub code scanning, for the rules that guard data. */
function codeScanningLine(id: string): string[] {
  const score = securitySeverity(id);
  return score === undefined ? [] : [`In GitHub code scanning: a security alert, \`security-severity\` ${score} (${severityBand(score)}).`, ""];
}
