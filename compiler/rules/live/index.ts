import type { RuleMeta } from "../../../contracts/finding.js";
import { rule as leak } from "./leak.js";
import { rule as misclassified } from "./misclassified.js";
import { rule as undeclaredField } from "./undeclared-field.js";
import { rule as unknownService } from "./unknown-service.js";
import { rule as unreadable } from "./unreadable.js";
import { rule as wrongType } from "./wrong-type.js";

/** The live/* rules of SPEC §6 (found by `cordon live-check`), in the order the spec lists them. */
export const liveRules: readonly RuleMeta[] = [unknownService, undeclaredField, wrongType, misclassified, leak, unreadable];
