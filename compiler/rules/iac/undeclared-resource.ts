import { SERVICE_TAG, STORE_TAG } from "../../iac/placement.js";
import { findingAt, type ModelRule } from "../rule.js";

export const rule: ModelRule = {
  id: "iac/undeclared-resource",
  severity: "warning",
  docs: {
    summary: "A resource tagged `cordon:service` belongs to no store the contracts declare.",
    what:
      "A resource tagged `cordon:service = S` is claimed by service S; with `cordon:store = N` it belongs to store N of S. When S has no such store (or the tag names no store, or no service S exists) and no store maps it by `iac:`, it is a resource the contracts do not know.",
    why:
      "Tags are how platform teams mark what a service owns. A tagged database, queue or bucket that no store declares holds data whose classes and regions no rule judges.",
    fix: "Declare the store (with its classes and regions) in the service's contract, add the address to an existing store's `iac:`, or correct the tags.",
    example: [
      "resource \"aws_sqs_queue\" \"refunds\" {",
      "  tags = { \"cordon:service\" = \"checkout\", \"cordon:store\" = \"refunds\" }   # checkout declares no store refunds",
      "}",
    ].join("\n"),
  },
  check(context) {
    const iac = context.iac;
    if (!iac) return [];
    return iac.undeclared.map((resource) => {
      const serviceName = resource.tags.get(SERVICE_TAG) ?? "";
      const storeName = resource.tags.get(STORE_TAG);
      const service = context.set.services.get(serviceName);
      const claim = storeName === undefined ? `tagged ${SERVICE_TAG} = ${serviceName}` : `tagged for store ${storeName} of ${serviceName}`;
      const why = !service ? "no service of that name is declared" : storeName === undefined ? "no store maps it" : `${serviceName} declares no store ${storeName} that maps it`;
      return findingAt(rule, context, {
        subject: resource.address,
        message: `${resource.address} is ${claim}, but ${why}.`,
        hint: service
          ? `declare the store in ${serviceName}'s contract or add ${resource.address} to a store's \`iac:\``
          : `correct the ${SERVICE_TAG} tag of ${resource.address}, or declare the service`,
        resource: resource.address,
        ...(service ? { at: service.ref } : {}),
      });
    });
  },
};
