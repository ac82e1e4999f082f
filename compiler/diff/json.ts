/** `cordon diff --format json`. */
import type { DiffResult } from "./model.js";

export function formatDiffJson(diff: DiffResult): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}
