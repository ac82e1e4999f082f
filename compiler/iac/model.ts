/**
 * What `check --iac` knows about the infrastructure: every managed resource of the
 * `terraform show -json` files, with the region it really stands in (or why that is not
 * known before apply). Plans and state read alike; contracts are not involved yet.
 */

/** Where a resource's region came from, in the order SPEC §7 tries them. */
export type RegionSource = "argument" | "provider" | "arn" | "zone";

/** A resource's region: read from the files, or reported as unknown with the reason. Never guessed. */
export type RegionReading =
  | { readonly known: true; readonly region: string; readonly source: RegionSource }
  | { readonly known: false; readonly why: string };

export interface IacResource {
  /** The instance address as Terraform prints it: `module.orders.aws_db_instance.replica[0]`. */
  readonly address: string;
  /** The address without instance keys: `module.orders.aws_db_instance.replica`. */
  readonly configAddress: string;
  readonly type: string;
  /** The provider's type name: `aws`, `google`, `azurerm`. */
  readonly provider: string;
  /** Known attribute values (after apply for state, planned for plans). */
  readonly values: Readonly<Record<string, unknown>>;
  /** Top-level attributes a plan only knows after apply. */
  readonly unknown: ReadonlySet<string>;
  /**
   * Config addresses (module-prefixed, without instance keys) each top-level attribute refers
   * to in the configuration: `replicate_source_db` → `aws_db_instance.orders`.
   */
  readonly references: ReadonlyMap<string, readonly string[]>;
  readonly region: RegionReading;
  /** `cordon:service` / `cordon:store` and every other tag or label. */
  readonly tags: ReadonlyMap<string, string>;
  /** The --iac file it was read from (absolute). */
  readonly file: string;
}

/** A file that could not be read as Terraform JSON: why, in words that never quote its content. */
export interface IacProblem {
  readonly file: string;
  readonly message: string;
  readonly hint: string;
}

export interface IacInventory {
  readonly files: readonly string[];
  readonly resources: readonly IacResource[];
  readonly problems: readonly IacProblem[];
}
