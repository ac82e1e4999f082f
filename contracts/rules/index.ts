/** Every contract/* rule (SPEC §3.1), emitted by the loader. */
import type { RuleMeta } from "../finding.js";
import { rule as schema } from "./schema.js";
import { rule as duplicateName } from "./duplicate-name.js";
import { rule as unknownReference } from "./unknown-reference.js";
import { rule as duration } from "./duration.js";
import { rule as unsafePattern } from "./unsafe-pattern.js";
import { rule as conflict } from "./conflict.js";
import { rule as yaml } from "./yaml.js";
import { rule as duplicateKey } from "./duplicate-key.js";
import { rule as insecureEndpoint } from "./insecure-endpoint.js";

export const contractRules: readonly RuleMeta[] = [
  schema,
  duplicateName,
  unknownReference,
  duration,
  unsafePattern,
  conflict,
  yaml,
  duplicateKey,
  insecureEndpoint,
];
