/**
 * The SARIF 2.1.0 schema shipped with @microsoft/jest-sarif (the OASIS schema as of its
 * final committee draft, rtm.5). It is a draft-04 schema; Ajv 8 reads it once its draft-04
 * `id` is spelt `$id` (the schema uses no other draft-04-only keyword: no boolean
 * exclusiveMinimum/Maximum). Formats are not validated (no ajv-formats); its `language`
 * pattern is not valid under the `u` flag Ajv uses by default.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AjvModule from "ajv";

// ajv is CommonJS: under NodeNext its class is the default export's `default`.
const Ajv = AjvModule.default;

export function sarifValidator() {
  const require = createRequire(import.meta.url);
  const path = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
  const { $schema: _draft, id, ...schema } = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true, unicodeRegExp: false });
  return ajv.compile({ ...schema, $id: String(id) });
}
