import { findingAt, type ModelRule } from "../rule.js";
import { describeAllowance } from "./explain-allowance.js";

export const rule: ModelRule = {
  id: "residency/dependency",
  severity: "error",
  docs: {
    summary: "A service sends a class to a dependency whose home region is not allowed for it.",
    what:
      "A dependency's `sends` lists a class that, for the calling service's origin, is not allowed in the dependency's home region.",
    why:
      "Calling another service hands it the data: the dependency processes (and usually logs and stores) it in its own region.",
    fix:
      "Stop sending that class (send an id or a token instead), call a deployment of the dependency inside the allowed jurisdictions, or widen the class's `allowed_in` if the transfer is lawful.",
    example: [
      "# checkout (EU) -> recommendations (home us-east-1)",
      "dependencies:",
      "  - service: recommendations",
      "    hard: false",
      "    sends: [personal]        # residency/dependency: personal from EU may not go to US",
    ].join("\n"),
  },
  check(context) {
    return context.flows.residency
      .filter((flow) => flow.kind === "dependency" && !flow.allowed)
      .map((flow) =>
        findingAt(rule, context, {
          subject: flow.subject,
          message: `${flow.service} sends ${flow.class} to ${flow.dependency}, whose home region ${flow.region} (${flow.jurisdiction}) is not allowed: ${flow.class} from ${flow.origin} has ${describeAllowance(context.set, flow.class, flow.origin)}.`,
          hint: `send ${flow.dependency} a pseudonymous id instead of ${flow.class}, or remove ${flow.class} from sends`,
          at: flow.ref,
        }),
      );
  },
};
