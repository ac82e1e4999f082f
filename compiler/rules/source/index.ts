import type { RuleMeta } from "../../../contracts/finding.js";
import { rule as dynamicKey } from "./dynamic-key.js";
import { rule as missingSource } from "./missing-source.js";
import { rule as staleGenerated } from "./stale-generated.js";
import { rule as undeclaredEndpoint } from "./undeclared-endpoint.js";
import { rule as undeclaredField } from "./undeclared-field.js";
import { rule as unlockedExporter } from "./unlocked-exporter.js";

/** The source/* rules of SPEC §3.4, in the order the spec lists them. */
export const sourceRules: readonly RuleMeta[] = [
  undeclaredField,
  dynamicKey,
  unlockedExporter,
  undeclaredEndpoint,
  staleGenerated,
  missingSource,
];
