/**
 * The editor's patterns for values the CLI parses itself (contracts/duration.ts,
 * contracts/endpoint.ts). ECMA-262 syntax without flags, as JSON Schema `pattern` is read:
 * letter case is spelt out ([Pp]) where the parser ignores it. Each accepts at least every
 * string its parser accepts (a property test holds them to that); the parser may still
 * refuse a few strings the pattern lets through (an endpoint with credentials, say), never
 * the other way round.
 */

/** Surrounding whitespace: the duration parser trims (String.prototype.trim ≡ \s). */
const WS = "\\s*";
/** `1d2h3m4s`, every unit optional but one, largest first. */
const SHORT = "(?:\\d+d(?:\\d+h)?(?:\\d+m)?(?:\\d+s)?|\\d+h(?:\\d+m)?(?:\\d+s)?|\\d+m(?:\\d+s)?|\\d+s)";
/** ISO-8601 time part after `T`: at least one of H, M, S (seconds may be fractional). */
const ISO_TIME = "(?:\\d+[Hh](?:\\d+[Mm])?(?:\\d+(?:\\.\\d+)?[Ss])?|\\d+[Mm](?:\\d+(?:\\.\\d+)?[Ss])?|\\d+(?:\\.\\d+)?[Ss])";
/** ISO-8601 `PnW`, `PnD[TnHnMnS]` or `PTnHnMnS` (weeks stand alone; no years or months). */
const ISO = `(?:[Pp]\\d+[Ww]|[Pp]\\d+[Dd](?:[Tt]${ISO_TIME})?|[Pp][Tt]${ISO_TIME})`;

export const DURATION_PATTERN = `^${WS}(?:${SHORT}|${ISO})${WS}$`;

/**
 * `http(s)://` then anything: the WHATWG URL parser behind the CLI forgives much after the
 * scheme (extra slashes, tabs, an empty `?`), so the pattern only insists on what it never
 * forgives — a scheme, and that scheme being http or https.
 */
export const ENDPOINT_PATTERN = "^[Hh][Tt][Tt][Pp][Ss]?://[\\s\\S]+$";
