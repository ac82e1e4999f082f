import type { RedactionAction } from "../contracts/model.js";

/** A redaction action as the contract language writes it. */
export function describeAction(action: RedactionAction): string {
  switch (action.kind) {
    case "mask":
      return `mask (keep_last ${action.keepLast})`;
    case "truncate":
      return `truncate (length ${action.length})`;
    case "replace":
      return `replace (with ${JSON.stringify(action.with)})`;
    default:
      return action.kind;
  }
}

/** "a", "a and b", "a, b and c". */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
