import { findingAt, type ModelRule } from "../rule.js";
import { describeRegion, regionSubject } from "./region-words.js";

export const rule: ModelRule = {
  id: "iac/store-region",
  severity: "error",
  docs: {
    summary: "A resource behind a store stands in a region the store does not declare (or one known only after apply).",
    what:
      "With `check --iac`, each resource a store maps (its `iac:` addresses, or the `cordon:service`/`cordon:store` tags) is placed in its region: its `region` argument (`location` for Google and Azure), else its provider configuration's region (aliases followed), else the region in its ARN, else its availability zone. A region the store's `regions` do not list is a finding, and so is a region the plan knows only after apply: cordon reports it rather than guess.",
    why:
      "The contract is what reviewers and the residency rules read; the plan is what will exist. A database created in a region the contract does not mention holds its data there all the same. The residency rules judge the region found (`residency/store`), so a forbidden one fails the gate twice over; an allowed one still makes the contract wrong.",
    fix:
      "Add the region to the store's `regions` if the data may be there (the residency rules then judge it), or move the resource: set its provider (alias) or `region` to a declared region. For a region known only after apply, set it from a constant or a variable with a value.",
    example: [
      "stores:",
      "  - name: orders-db",
      "    kind: database",
      "    regions: [eu-west-1]",
      "    classes: [personal]",
      "    iac: [module.orders.aws_rds_cluster.this]   # its provider is aws.frankfurt: iac/store-region (eu-central-1)",
    ].join("\n"),
  },
  check(context) {
    const iac = context.iac;
    if (!iac) return [];
    return iac.placements
      .filter(({ resource, store }) => !resource.region.known || !store.regions.includes(resource.region.region))
      .map(({ service, store, resource, ref }) => {
        const where = resource.region.known
          ? `stands in ${describeRegion(context.set, resource.region.region)} (from its ${resource.region.source})`
          : `stands in a region not known before apply: ${resource.region.why}`;
        return findingAt(rule, context, {
          subject: `${service.name}/store:${store.name}/${resource.address} -> ${regionSubject(resource.region)}`,
          message: `${resource.address}, behind store ${store.name} of ${service.name}, ${where}; the store declares ${store.regions.join(", ")}.`,
          hint: resource.region.known
            ? `add ${resource.region.region} to ${store.name}'s regions if its data may be there, or give ${resource.address} a provider in ${store.regions.join(" or ")}`
            : `set the region of ${resource.address} (or of its provider) from a constant or a variable with a value`,
          resource: resource.address,
          at: ref,
        });
      });
  },
};
