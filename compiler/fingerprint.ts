import { createHash } from "node:crypto";

/**
 * The stable id of a finding (SPEC §2.1): a hash of rule + subject only, so the same
 * finding keeps its id across runs, reformatting and unrelated edits.
 */
export function fingerprint(rule: string, subject: string): string {
  return createHash("sha256").update(rule).update("\u0000").update(subject).digest("hex").slice(0, 16);
}
