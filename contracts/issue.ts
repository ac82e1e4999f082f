/**
 * A problem found while loading, before it becomes a Finding: it knows the document and
 * YAML path (or a raw offset) but not yet the subject and line/column, which need the
 * contracts root and the file's line table (see load.ts).
 */
export interface Issue {
  readonly rule: string;
  readonly message: string;
  readonly hint?: string;
  /** Absolute path of the file, when the issue is inside one. */
  readonly file?: string;
  /** Document index inside the file. */
  readonly doc?: number;
  /** YAML path inside the document. */
  readonly path?: readonly (string | number)[];
  /** A character offset, for problems that have no path (syntax errors). */
  readonly offset?: number;
  /** End of the offending text, with `offset`. */
  readonly endOffset?: number;
  /** Where the subject should point, when it differs from `path` (e.g. the second duplicate key). */
  readonly subjectPath?: readonly (string | number)[];
  /** The name an unknown-reference issue looked for (to tell whether a broken document could declare it). */
  readonly reference?: string;
  /** `file` is a folder (one that could not be read): the issue has no position. */
  readonly folder?: boolean;
  /** Locate `path` at the key itself even when its value is a scalar. */
  readonly atKey?: boolean;
}
