import type { Detector, RedactionAction } from "../model.js";
import type { RawDetector, RawRedaction } from "../schema/common.js";

export function resolveRedaction(raw: RawRedaction): RedactionAction {
  if (typeof raw === "string") return { kind: raw };
  if ("mask" in raw) return { kind: "mask", keepLast: raw.mask.keep_last };
  if ("truncate" in raw) return { kind: "truncate", length: raw.truncate.length };
  return { kind: "replace", with: raw.replace.with };
}

export function resolveDetector(raw: RawDetector): Detector {
  return typeof raw === "string" ? { kind: raw } : { kind: "pattern", pattern: raw.pattern };
}
