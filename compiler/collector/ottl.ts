/**
 * Writing OTTL text safely. Every contract string that reaches a statement (attribute keys,
 * span and metric names, replacement text, detector patterns) goes through {@link ottlString},
 * so no contract value can end a string literal early or inject a statement.
 *
 * Two layers of escaping apply, in this order:
 * 1. OTTL string literals: `\` and `"` are backslash-escaped, control characters spelled as
 *    `\n`, `\r`, `\t` or `\u00XX` (OTTL unquotes literals the way Go's `strconv.Unquote` does).
 * 2. Collector configuration: the Collector expands `${…}` (and `$VAR`) in every configuration
 *    string before OTTL sees it, so a literal `$` is written `$$`
 *    (pkg/ottl/ottlfuncs/README.md, `replace_pattern`: "`$` must be escaped to `$$`").
 *
 * {@link HASH_KEY_REFERENCE} is the one `${…}` we write on purpose.
 */

/** The environment variable that holds the hash key, as for the generated modules' `hashKey`. */
export const HASH_KEY_ENV = "CORDON_HASH_KEY";

/** Expanded by the Collector from its environment when it loads the configuration. */
export const HASH_KEY_REFERENCE = "${env:" + HASH_KEY_ENV + "}";

/** Prefix of a hash, as the runtime writes it (runtime/hash.ts): the two tiers' digests join. */
export const COLLECTOR_HASH_PREFIX = "hmac-sha256:";

/** Values to hash wait under this key prefix for the redaction processor (./hmac.ts). */
export const HMAC_STAGE_PREFIX = "cordon.hmac/";

/** Set on a map that holds staged values, so that only those maps are finished. */
export const HMAC_STAGE_FLAG = "cordon.hmac";

/** Digests of detector hits, staged once before the copies (./hits.ts), wait under this key prefix. */
export const HIT_PREFIX = "cordon.hmac.hit/";

/** Set on a map that holds staged hit digests, until each sink has taken or removed them (./hits.ts). */
export const HIT_FLAG = "cordon.hmac.hit";

/** Every key the redaction processor hashes: values staged for hashing and hit digests (./hmac.ts). */
export const HASHED_KEYS = "^cordon\\.hmac(?:\\.hit)?/";

/** Escape `$` for the Collector's configuration expansion. */
export function configText(text: string): string {
  return text.replaceAll("$", () => "$$"); // a function: in a replacement string "$$" means "$"
}

function escapeChar(c: string): string {
  switch (c) {
    case "\\":
      return "\\\\";
    case '"':
      return '\\"';
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    default: {
      const code = c.charCodeAt(0);
      // control characters, and the ones YAML 1.1 (the Collector's parser) takes for line breaks
      const escaped = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff;
      return escaped ? `\\u${code.toString(16).padStart(4, "0")}` : c;
    }
  }
}

/** An OTTL string literal of `text`, escaped for the Collector configuration. */
export function ottlString(text: string): string {
  let out = '"';
  for (const c of text) out += escapeChar(c);
  return configText(out + '"');
}

/** `["a", "b"]` */
export function ottlStringList(texts: readonly string[]): string {
  return `[${texts.map(ottlString).join(", ")}]`;
}

/** `attributes["key"]` (or another map path). */
export function entry(map: string, key: string): string {
  return `${map}[${ottlString(key)}]`;
}

/** Conditions joined with `and`, skipping absent ones; undefined when none is left. */
export function and(...conditions: (string | undefined)[]): string | undefined {
  const present = conditions.filter((c): c is string => c !== undefined && c !== "");
  return present.length === 0 ? undefined : present.join(" and ");
}

/** `not (a or b or …)`, or undefined for an empty list (nothing to exclude). */
export function noneOf(conditions: readonly string[]): string | undefined {
  return conditions.length === 0 ? undefined : `not (${conditions.join(" or ")})`;
}

/** `statement where condition` (or just `statement`). */
export function where(statement: string, condition: string | undefined): string {
  return condition === undefined ? statement : `${statement} where ${condition}`;
}

/** A regular expression (RE2) matching `text` literally. */
export const regexEscape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
