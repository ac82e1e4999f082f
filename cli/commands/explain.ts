/**
 * `cordon explain RULE`: a rule's docs (summary, what, why, how to fix, example), read from
 * the registry the checks, SARIF and the README read. `cordon explain list` (or `all`)
 * lists every rule. An unknown id exits 2 with the closest ids, compared both whole and by
 * the part after the slash (`raw-exprot` → `egress/raw-export`).
 */
import type { RuleMeta } from "../../contracts/finding.js";
import { damerauLevenshtein } from "../../contracts/did-you-mean.js";
import { allRules } from "../../compiler/rules/index.js";

const LIST_WORDS: ReadonlySet<string> = new Set(["list", "all"]);

export async function run(_options: Record<string, unknown>, args: readonly string[]): Promise<number> {
  const { output, error, exitCode } = explain(args[0] ?? "", allRules);
  if (output) process.stdout.write(output);
  if (error) process.stderr.write(error);
  return exitCode;
}

export interface Explanation {
  readonly output?: string;
  readonly error?: string;
  readonly exitCode: number;
}

/** What `cordon explain <word>` prints, as data (the command only writes it out). */
export function explain(word: string, rules: readonly RuleMeta[]): Explanation {
  const id = word.trim();
  if (LIST_WORDS.has(id.toLowerCase())) return { output: listRules(rules), exitCode: 0 };
  const rule = rules.find((candidate) => candidate.id === id);
  if (rule) return { output: describeRule(rule), exitCode: 0 };
  const suggestions = suggestRules(id, rules);
  const lines = [`cordon explain: unknown rule ${JSON.stringify(id)}`];
  if (suggestions.length === 1) lines.push(`did you mean \`${suggestions[0]}\`?`);
  else if (suggestions.length > 1) lines.push(`did you mean one of: ${suggestions.map((s) => `\`${s}\``).join(", ")}?`);
  lines.push("run `cordon explain list` to see every rule");
  return { error: `${lines.join("\n")}\n`, exitCode: 2 };
}

export function describeRule(rule: RuleMeta): string {
  const { docs } = rule;
  return [
    `${rule.id} (${rule.severity})`,
    indent(docs.summary),
    "",
    "What it detects",
    indent(docs.what),
    "",
    "Why it matters",
    indent(docs.why),
    "",
    "How to fix",
    indent(docs.fix),
    "",
    "Example",
    indent(docs.example),
    "",
  ].join("\n");
}

export function listRules(rules: readonly RuleMeta[]): string {
  const width = Math.max(0, ...rules.map((rule) => rule.id.length));
  const lines = rules.map((rule) => `${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.docs.summary}`);
  return `${lines.join("\n")}\n`;
}

/**
 * The closest rule ids: by edit distance to the whole id or to its part after the slash,
 * within a third of the word's length (at least 2); failing that, ids that contain the
 * word (`drill` → the three drill rules). At most three, closest first.
 */
export function suggestRules(word: string, rules: readonly RuleMeta[]): string[] {
  const lower = word.toLowerCase();
  if (lower === "") return [];
  const wordTail = tail(lower);
  const limit = Math.max(2, Math.floor(lower.length / 3));
  const scored: { id: string; distance: number }[] = [];
  for (const rule of rules) {
    const id = rule.id.toLowerCase();
    const distance = Math.min(
      damerauLevenshtein(lower, id),
      damerauLevenshtein(wordTail, tail(id)) + (lower.includes("/") && family(lower) !== family(id) ? 1 : 0),
    );
    if (distance <= limit) scored.push({ id: rule.id, distance });
  }
  if (scored.length > 0) {
    return scored
      .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
      .slice(0, 3)
      .map((s) => s.id);
  }
  if (lower.length < 3) return [];
  return rules
    .filter((rule) => rule.id.toLowerCase().includes(lower))
    .slice(0, 3)
    .map((rule) => rule.id);
}

function tail(id: string): string {
  const slash = id.lastIndexOf("/");
  return slash < 0 ? id : id.slice(slash + 1);
}

function family(id: string): string {
  const slash = id.indexOf("/");
  return slash < 0 ? "" : id.slice(0, slash);
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? "" : `  ${line}`))
    .join("\n");
}
