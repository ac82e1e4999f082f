import type { RuleMeta } from "../finding.js";

export const rule: RuleMeta = {
  id: "contract/duplicate-name",
  severity: "error",
  docs: {
    summary: "Two things of the same kind share a name.",
    what: "Names of data classes, regions, tiers, sinks, services, field sets and stores are unique per kind across the whole contract set, even when split over several files and documents; span, event and metric names are unique within a service, and a service lists each dependency and sink once.",
    why: "References are by name: with two `payments` services (or two `personal` classes) cordon could not tell which one a reference means, and one of the two declarations would silently be ignored.",
    fix: "Rename one of the two, or merge them into one declaration. The message names where the first one is.",
    example: "# services/a.yaml\nkind: Service\nname: payments\n# services/b.yaml\nkind: Service\nname: payments        # duplicate: rename to e.g. payments-eu",
  },
};
