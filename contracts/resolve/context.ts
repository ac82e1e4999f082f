/**
 * What every resolution step shares: where a document lives, how to make a NodeRef and how
 * to report an issue. Created per load; nothing here outlives one run.
 */
import { didYouMean } from "../did-you-mean.js";
import { parseDuration } from "../duration.js";
import type { Issue } from "../issue.js";
import type { NodeRef } from "../model.js";
import type { Kind, RawDocuments } from "../schema/index.js";
import { contractSubject } from "../subject.js";

export type Path = readonly (string | number)[];

/** A schema-valid document, ready to resolve. */
export interface CheckedDocument<K extends Kind = Kind> {
  readonly file: string;
  /** File path relative to the contracts folder (for messages). */
  readonly relative: string;
  readonly doc: number;
  readonly kind: K;
  readonly data: RawDocuments[K];
}

export class Context {
  readonly issues: Issue[] = [];

  ref(document: Pick<CheckedDocument, "file" | "doc">, path: Path): NodeRef {
    return { file: document.file, doc: document.doc, path: [...path] };
  }

  report(rule: string, at: NodeRef, message: string, hint?: string, reference?: string): void {
    this.issues.push({ rule, file: at.file, doc: at.doc, path: at.path, message, ...(hint ? { hint } : {}), ...(reference !== undefined ? { reference } : {}) });
  }

  /** A duration in seconds, or undefined (and a contract/duration issue). */
  duration(value: string | number, at: NodeRef): number | undefined {
    const parsed = parseDuration(value);
    if (parsed.ok) return parsed.seconds;
    this.report("contract/duration", at, parsed.message, parsed.hint);
    return undefined;
  }

  /** True when `name` is among `known`; else a contract/unknown-reference issue with a suggestion. */
  known(name: string, known: ReadonlyMap<string, unknown> | ReadonlySet<string>, what: string, at: NodeRef, declareHint: string): boolean {
    if (known.has(name)) return true;
    const suggestion = didYouMean(name, known.keys());
    this.report("contract/unknown-reference", at, `unknown ${what} \`${name}\``, suggestion ?? declareHint, name);
    return false;
  }
}

/** "services/a.yaml#/name" of a document's node, for messages that point at another place. */
export function describeRef(document: Pick<CheckedDocument, "relative" | "doc">, path: Path): string {
  return contractSubject(document.relative, { doc: document.doc, path });
}
