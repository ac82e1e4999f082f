/** Findings looked up by the subject they are about (the " #2" of repeats stripped). */
import type { ReportedFinding } from "../result.js";

export type FindingIndex = ReadonlyMap<string, readonly ReportedFinding[]>;

const REPEAT = / #\d+$/;

export function indexBySubject(findings: readonly ReportedFinding[]): FindingIndex {
  const index = new Map<string, ReportedFinding[]>();
  for (const finding of findings) {
    const subject = finding.subject.replace(REPEAT, "");
    const list = index.get(subject);
    if (list) list.push(finding);
    else index.set(subject, [finding]);
  }
  return index;
}

/** Every finding about any of `subjects`, each once. */
export function findingsAbout(index: FindingIndex, subjects: Iterable<string>): ReportedFinding[] {
  const found = new Set<ReportedFinding>();
  for (const subject of subjects) for (const finding of index.get(subject) ?? []) found.add(finding);
  return [...found];
}
