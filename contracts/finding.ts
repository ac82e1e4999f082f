/**
 * Findings: the one currency of every cordon diagnostic, from a YAML syntax error to a
 * residency violation or an undeclared attribute found in a service's TypeScript.
 */

export type Severity = "error" | "warning";

/** A resolved position. `file` is absolute; formatters make it relative to the cwd. */
export interface Location {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  /**
   * What the finding is about, in the form a person writes in a Waiver's `subject`
   * (`checkout -> recommendations`, `checkout/span:checkout.place_order/user.email -> vendor-apm`).
   * Never contains line numbers, so the finding's id is stable across unrelated edits.
   */
  readonly subject: string;
  readonly message: string;
  /** A concrete next step ("did you mean `tier-1`?", "add `eu-central-1` to allowed_in ..."). */
  readonly hint?: string;
  readonly location?: Location;
  /** The Terraform resource address the finding is about (`check --iac`): SARIF's logical location. */
  readonly resource?: string;
}

/** Metadata every rule module exports; `cordon explain`, SARIF and the docs read it. */
export interface RuleDocs {
  /** One line, used as SARIF shortDescription and in rule lists. */
  readonly summary: string;
  /** What the rule detects. */
  readonly what: string;
  /** Why it matters. */
  readonly why: string;
  /** How to fix it. */
  readonly fix: string;
  /** A YAML (or TypeScript) example that triggers it, and its fix. */
  readonly example: string;
}

export interface RuleMeta {
  readonly id: string;
  readonly severity: Severity;
  readonly docs: RuleDocs;
}
