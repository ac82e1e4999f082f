/**
 * Where cordon's documentation lives on the web: SARIF's `helpUri` (an absolute URI, SARIF
 * §3.49.12) links each rule to its section of docs/rules.md at the released version, so an
 * alert on GitHub opens the text `cordon explain` prints for the cordon that raised it.
 */

/** The repository cordon is published from (one place to change it). */
export const REPOSITORY_URL = "https://github.com/cordon-dev/cordon";

/** The `id` of a rule's section in docs/rules.md: `egress/raw-export` → `egress-raw-export`. */
export function ruleAnchor(id: string): string {
  return id.replace(/[^a-z0-9]+/g, "-");
}

/** The rule's section of docs/rules.md as of cordon `version` (its release tag). */
export function ruleDocsUrl(id: string, version: string): string {
  return `${REPOSITORY_URL}/blob/v${encodeURIComponent(version)}/docs/rules.md#${ruleAnchor(id)}`;
}
