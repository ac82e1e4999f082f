import type { ContractSet } from "../../../contracts/model.js";
import { allowance } from "../../residency.js";

/** "allowed_in [EU]" or "the default (deny: raw values stay in EU)", for messages. */
export function describeAllowance(set: ContractSet, className: string, origin: string): string {
  const rule = allowance(set, className, origin);
  if (rule.rule) return `allowed_in [${rule.allowedIn.join(", ")}]`;
  return set.residency.default === "deny"
    ? `no residency rule, and default deny keeps raw values in ${origin}`
    : "the default (allow)";
}
