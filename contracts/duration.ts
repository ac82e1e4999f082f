/**
 * Durations of SPEC §1.4: `0s`, `90s`, `15m`, `4h`, `1d`, `1h30m` (units d, h, m, s, each
 * at most once, largest first) or ISO-8601 `PnDTnHnMnS` / `PnW` (no years or months: their
 * length in seconds is not fixed). Result in seconds.
 */
export type DurationResult = { readonly ok: true; readonly seconds: number } | { readonly ok: false; readonly message: string; readonly hint?: string };

const SHORT = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(value: unknown): DurationResult {
  if (typeof value === "number") {
    return {
      ok: false,
      message: `${value} is a number without a unit`,
      hint: value === 0 ? "write `0s`" : `write it with a unit, e.g. \`${value}s\` or \`${value}m\``,
    };
  }
  if (typeof value !== "string") return { ok: false, message: "a duration must be text such as `15m`" };
  const text = value.trim();
  const short = SHORT.exec(text);
  if (text !== "" && short) {
    const [, d, h, m, s] = short;
    return seconds(Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3_600 + Number(m ?? 0) * 60 + Number(s ?? 0), value);
  }
  const iso = ISO.exec(text.toUpperCase());
  if (iso && text.length > 1 && !text.toUpperCase().endsWith("T")) {
    const [, w, d, h, m, s] = iso;
    if (w !== undefined && (d !== undefined || h !== undefined || m !== undefined || s !== undefined)) {
      return { ok: false, message: `"${value}" mixes weeks with other units`, hint: "write it in days, e.g. `P10D`" };
    }
    return seconds(Number(w ?? 0) * 604_800 + Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3_600 + Number(m ?? 0) * 60 + Number(s ?? 0), value);
  }
  return { ok: false, message: `"${value}" is not a duration`, hint: hintFor(text) };
}

function seconds(total: number, value: string): DurationResult {
  if (!Number.isSafeInteger(Math.round(total))) return { ok: false, message: `"${value}" is too long a duration` };
  return { ok: true, seconds: total };
}

function hintFor(text: string): string {
  if (/^\d+\s*(sec|secs|second|seconds|min|mins|minute|minutes|hr|hrs|hour|hours|day|days)$/i.test(text)) {
    const [, n, unit] = /^(\d+)\s*([a-z]+)$/i.exec(text) ?? [];
    return `write \`${n}${(unit ?? "s")[0]!.toLowerCase()}\``;
  }
  if (/^P.*[YM]/i.test(text) && !/T.*M/i.test(text)) return "years and months have no fixed length; write days, e.g. `P30D`";
  return "use one of 0s, 90s, 15m, 4h, 1d, 1h30m or ISO-8601 (PT15M, P1D)";
}
