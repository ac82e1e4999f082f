/**
 * Bounds on what `check --iac` reads, so a hostile or accidental input (a 200 MB file, a
 * plan with 100,000 resources, modules nested without end) ends in a finding and exit 2
 * in bounded time and memory instead of a hang.
 */

/** A `terraform show -json` of a large estate is a few tens of MB; beyond this we refuse unread. */
export const MAX_IAC_FILE_BYTES = 100 * 1024 * 1024;

/** Resources (managed, every instance) across all `--iac` files. */
export const MAX_IAC_RESOURCES = 50_000;

/** Module nesting, in the values tree and the configuration tree. Terraform itself has no cycles. */
export const MAX_MODULE_DEPTH = 64;

/** Steps followed through `var.*` references to find a provider's region. */
export const MAX_VARIABLE_HOPS = 16;
