import type { Finding } from "../contracts/finding.js";
import type { Waiver } from "../contracts/model.js";

/** A finding as every output format sees it: with its stable id and waiver state. */
export interface ReportedFinding extends Finding {
  /** Stable fingerprint of rule + subject (see fingerprint.ts). */
  readonly id: string;
  readonly waived: boolean;
  /** The waiver that matched, when `waived`. */
  readonly waiver?: Waiver;
}

export interface Summary {
  readonly errors: number;
  readonly warnings: number;
  readonly waived: number;
}

/** What `validate` and `check` hand to a formatter. */
export interface CheckResult {
  /** "sha256:…", or undefined when the set could not be read at all. */
  readonly contractsDigest?: string;
  /** Absolute path of the contracts folder. */
  readonly contractsRoot: string;
  /** Unwaived errors first, then warnings, then waived; each group by file, line, column. */
  readonly findings: readonly ReportedFinding[];
  readonly summary: Summary;
  /** Text of the files findings point into, for code frames (absolute path → text). */
  readonly sources: ReadonlyMap<string, string>;
}
