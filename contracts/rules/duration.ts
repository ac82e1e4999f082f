import type { RuleMeta } from "../finding.js";

export const rule: RuleMeta = {
  id: "contract/duration",
  severity: "error",
  docs: {
    summary: "A duration is not in a form cordon reads.",
    what: "Durations (`rto`, `rpo`, `drill_every`, `max_lag`, backup `interval`, drill measurements, `strategy_rto`) are written `0s`, `90s`, `15m`, `4h`, `1d`, `1h30m` (units d, h, m, s, largest first, each once) or ISO-8601 (`PT15M`, `P1D`, `P2W`). Years and months are refused: their length in seconds is not fixed.",
    why: "A bare number has no unit (seconds? minutes?), and a target that is read wrongly makes every tier verdict wrong.",
    fix: "Write the duration with a unit, e.g. `15m` or `PT15M`.",
    example: "tiers:\n  - name: tier-1\n    rto: 60        # wrong: no unit\n    rto: 1h        # right",
  },
};
