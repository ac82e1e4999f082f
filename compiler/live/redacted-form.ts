/**
 * Is a value that arrived at a sink in the form its effective action there produces? The
 * forms are those of runtime/actions.ts (SPEC §1.2): `hmac-sha256:<64 hex>`, the constant of
 * `replace`, `*`s followed by at most `keep_last` characters, at most `length` characters;
 * `drop` means nothing may arrive. Non-string values are redacted as strings, and arrays
 * element by element, so a number or boolean arriving for a redacted field is raw. An empty
 * AnyValue carries nothing (the JS protobuf serializer sends "", 0 and false that way).
 */
import type { RedactionAction } from "../../contracts/model.js";
import { elementsOf, kindOf, stringOf } from "./values.js";

const HASHED = /^hmac-sha256:[0-9a-f]{64}$/;

function isRedactedString(s: string, action: RedactionAction): boolean {
  switch (action.kind) {
    case "keep":
      return true;
    case "drop":
      return false;
    case "hash":
      return HASHED.test(s);
    case "replace":
      return s === action.with;
    case "mask": {
      const chars = Array.from(s);
      const masked = Math.max(0, chars.length - action.keepLast);
      for (let i = 0; i < masked; i++) if (chars[i] !== "*") return false;
      return true;
    }
    case "truncate": {
      let n = 0;
      for (const _ of s) if (++n > action.length) return false;
      return true;
    }
  }
}

export function isRedactedForm(value: unknown, action: RedactionAction): boolean {
  if (action.kind === "keep") return true;
  if (action.kind === "drop") return false;
  const s = stringOf(value);
  if (s !== undefined) return isRedactedString(s, action);
  const kind = kindOf(value);
  if (kind === "empty") return true;
  if (kind !== "array") return false;
  for (const item of elementsOf(value)) {
    const element = stringOf(item);
    if (element === undefined ? kindOf(item) !== "empty" : !isRedactedString(element, action)) return false;
  }
  return true;
}

/** How a message names the form an action gives. */
export function describeAction(action: RedactionAction): string {
  switch (action.kind) {
    case "keep":
      return "raw";
    case "drop":
      return "not at all (drop)";
    case "hash":
      return "hashed (hmac-sha256:<hex>)";
    case "replace":
      return `replaced (${JSON.stringify(action.with)})`;
    case "mask":
      return `masked (all but the last ${action.keepLast} characters as *)`;
    case "truncate":
      return `truncated (at most ${action.length} characters)`;
  }
}
