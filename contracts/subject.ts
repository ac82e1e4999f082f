import type { NodeRef } from "./model.js";

/** RFC 6901 JSON pointer of a YAML path. */
export function jsonPointer(path: readonly (string | number)[]): string {
  return path.map((segment) => "/" + String(segment).replaceAll("~", "~0").replaceAll("/", "~1")).join("");
}

/**
 * The subject of a contract finding (CONTRIBUTING.md): `<file relative to the contracts
 * folder>#<JSON pointer>`, `<file>[<doc>]#…` for documents after the first.
 */
export function contractSubject(relativeFile: string, ref: Pick<NodeRef, "doc" | "path">): string {
  const doc = ref.doc > 0 ? `[${ref.doc}]` : "";
  return `${relativeFile}${doc}#${jsonPointer(ref.path)}`;
}
