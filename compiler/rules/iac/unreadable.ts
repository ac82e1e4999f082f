import { relative } from "node:path";
import { findingAt, type ModelRule } from "../rule.js";

export const rule: ModelRule = {
  id: "iac/unreadable",
  severity: "error",
  docs: {
    summary: "An --iac file cannot be read as `terraform show -json` output (exit 2).",
    what:
      "Every file given to `check --iac` must be the JSON of `terraform show -json` (or `tofu show -json`) of a plan or of state, format version 0.x or 1.x, within cordon's limits (size, number of resources, module depth). A file that is missing, not JSON, another tool's format, a raw `terraform.tfstate`, or over a limit is this finding, and the run exits 2 as for unreadable contracts. The file's content is never printed.",
    why: "A gate must never pass what it did not see: a plan cordon could not read is not a plan without violations.",
    fix: "Give the output of `terraform show -json plan.out` (a binary plan file must go through `terraform show -json` first); split an estate too large for one run into one run per workspace.",
    example: "cordon check --iac plan.out         # iac/unreadable: a binary plan, not JSON\ncordon check --iac plan.json        # terraform show -json plan.out > plan.json",
  },
  check(context) {
    const iac = context.iac;
    if (!iac) return [];
    return iac.inventory.problems.map((problem) => {
      const name = relative(process.cwd(), problem.file) || problem.file;
      return findingAt(rule, context, {
        subject: `iac:${name}`,
        message: `--iac ${name}: ${problem.message}.`,
        hint: problem.hint,
      });
    });
  },
};
