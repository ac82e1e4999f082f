import { findingAt, type ModelRule } from "../rule.js";

export const rule: ModelRule = {
  id: "iac/unmapped-store",
  severity: "error",
  docs: {
    summary: "A store's `iac:` address matches no resource in the --iac files.",
    what:
      "Each address in a store's `iac:` list must match a managed resource of the files given to `check --iac` (an address without an instance key matches every instance: `aws_sqs_queue.outbox` matches `aws_sqs_queue.outbox[0]`). Not reported when an --iac file could not be read (`iac/unreadable` exits 2 and the address may be in it).",
    why:
      "An address that matches nothing checks nothing: the resource was renamed, moved into a module, or lives in a workspace whose plan was not given. The gate must not pass what it did not see.",
    fix: "Correct the address (module path included, as `terraform state list` prints it), or give the plan or state of the workspace that holds it to --iac.",
    example: [
      "stores:",
      "  - name: carts",
      "    kind: cache",
      "    regions: [eu-west-1]",
      "    classes: [personal]",
      "    iac: [aws_elasticache_replication_group.cart]   # the plan has module.carts.aws_elasticache_replication_group.this",
    ].join("\n"),
  },
  check(context) {
    const iac = context.iac;
    // A file that could not be read may hold the address: its iac/unreadable (exit 2) says all there is.
    if (!iac || iac.inventory.problems.length > 0) return [];
    return iac.unmapped.map(({ service, store, entry, ref }) =>
      findingAt(rule, context, {
        subject: `${service.name}/store:${store.name}/${entry}`,
        message: `store ${store.name} of ${service.name} names ${entry}, but no resource of the --iac files (${iac.inventory.files.length}) has that address.`,
        hint: "correct the address as `terraform state list` prints it, or give the plan of the workspace that holds it to --iac",
        resource: entry,
        at: ref,
      }),
    );
  },
};
