/** The payment service provider as payments sees it (Adyen today). */

export interface CardToken {
  readonly token: string;
  readonly brand: "visa" | "mastercard" | "amex";
  readonly last4: string;
}

export type PspOutcome =
  | { readonly kind: "approved"; readonly reference: string }
  | { readonly kind: "declined"; readonly reason: string; readonly code: string }
  | { readonly kind: "challenge"; readonly redirectUrl: string };

export interface Psp {
  readonly name: string;
  authorize(card: CardToken, amount: number, currency: string): Promise<PspOutcome>;
  refund(reference: string, amount: number): Promise<void>;
}

export interface Vault {
  /** Stores the PAN in the card vault (EU only) and returns a token. */
  tokenize(card: { readonly number: string; readonly expiry: string; readonly cvc: string }): Promise<CardToken>;
}
