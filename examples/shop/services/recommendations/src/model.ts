/** The served model, as the handlers see it. */

export const MODEL_VERSION = "als-2026-11";

export interface Recommender {
  similarTo(skus: readonly string[], limit: number): Promise<string[]>;
  forCustomer(customerId: string, limit: number): Promise<string[]>;
}
