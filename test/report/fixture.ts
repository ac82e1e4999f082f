/**
 * Report fixtures: the shared small organisation (test/helpers/shop-base.ts) with one of
 * each thing a report must show (a raw-export violation, a residency violation, a waived
 * finding, a stale drill), and text written to attack the HTML and Markdown.
 */
import { analyse } from "../../compiler/check.js";
import { buildReport } from "../../compiler/report/build.js";
import type { Report } from "../../compiler/report/model.js";
import type { ContractSet } from "../../contracts/model.js";
import { AS_OF } from "../helpers/check-files.js";
import { loadValid, writeFiles } from "../helpers/contract-files.js";
import { BASE, withFiles } from "../helpers/shop-base.js";

export const HOSTILE = `</td></table><script>alert("x")</script><img src="https://evil.example/x.png" onerror="alert(1)"> | *bold* [link](https://evil.example) \`code\` @admin`;

export function violatingFiles(text = "fallback ships in Q1"): Record<string, string> {
  const checkout = BASE["checkout.yaml"]!
    // raw personal to a US sink: egress/raw-export on vendor-apm
    .replace("user.email: { class: personal, type: string }", "user.email: { class: internal, type: string }\n        user.name: { class: personal, type: string, redaction: keep }")
    // a store replica in the US: residency/store
    .replace("regions: [eu-west-1, eu-central-1]\n    classes: [personal, internal]", "regions: [eu-west-1, us-east-1]\n    classes: [personal, internal]")
    // a hard dependency on a tier-2 service: tier/dependency-inversion (waived below)
    .replace("service: recommendations\n    hard: false", "service: recommendations\n    hard: true")
    .replace("owner: team-payments", `owner: ${JSON.stringify(text)}`);
  return withFiles({
    "checkout.yaml": checkout,
    "waiver.yaml": `apiVersion: cordon/v1
kind: Waiver
rule: tier/dependency-inversion
subject: checkout -> recommendations
reason: ${JSON.stringify(text)}
approved_by: ${JSON.stringify(text.includes("<") ? text : "jane.doe@example.com")}
expires: 2027-01-31
`,
  });
}

export async function reportOf(files: Record<string, string>): Promise<{ set: ContractSet; report: Report; dir: string }> {
  const dir = writeFiles(files);
  const set = await loadValid(dir);
  const analysis = analyse(set, { asOf: AS_OF });
  const report = buildReport(set, analysis, { version: "9.9.9", asOf: AS_OF, generatedAt: "2026-11-21T12:00:00.000Z", cwd: dir });
  return { set, report, dir };
}
