import { formatDuration } from "../../duration-format.js";
import { child } from "../../flows.js";
import { tieredServices } from "./tiered.js";
import { findingAt, type ModelRule } from "../rule.js";

export const rule: ModelRule = {
  id: "tier/drill-failed",
  severity: "error",
  docs: {
    summary: "The last DR drill failed, or measured an rto/rpo over the tier's target.",
    what:
      "The service's `deployment.drill` has `result: failed`, or its measured `rto` or `rpo` exceeds its tier's `rto` or `rpo`.",
    why:
      "A drill is the only evidence that recovery works. A failed or slow drill means the estimate is not what happens.",
    fix: "Fix what the drill found, run it again, and record the passing drill.",
    example: [
      "tiers:",
      "  - { name: tier-0, rto: 15m, rpo: 0s }",
      "---",
      "deployment:",
      "  drill: { date: 2026-10-02, rto: 40m, rpo: 0s, result: passed }   # 40m > 15m: tier/drill-failed",
    ].join("\n"),
  },
  check(context) {
    const { set } = context;
    const findings = [];
    for (const { service, tier } of tieredServices(set)) {
      const drill = service.deployment.drill;
      if (!drill) continue;
      const problems: string[] = [];
      let at = drill.ref;
      if (drill.rpo !== undefined && drill.rpo > tier.rpo) {
        problems.push(`measured rpo ${formatDuration(drill.rpo)} > ${formatDuration(tier.rpo)}`);
        at = child(drill.ref, "rpo");
      }
      if (drill.rto !== undefined && drill.rto > tier.rto) {
        problems.push(`measured rto ${formatDuration(drill.rto)} > ${formatDuration(tier.rto)}`);
        at = child(drill.ref, "rto");
      }
      if (drill.result === "failed") {
        problems.unshift("result: failed");
        at = child(drill.ref, "result");
      }
      if (problems.length === 0) continue;
      findings.push(
        findingAt(rule, context, {
          subject: service.name,
          message: `${service.name}'s DR drill of ${drill.date} did not meet ${tier.name}: ${problems.join(", ")}.`,
          hint: "fix what the drill found, run it again and record the passing drill",
          at: [at, drill.ref],
        }),
      );
    }
    return findings;
  },
};
