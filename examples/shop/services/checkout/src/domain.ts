/** The shapes checkout works with. */

export interface Customer {
  /** cus_… */
  readonly id: string;
  readonly email: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

export interface CartLine {
  readonly sku: string;
  readonly quantity: number;
  /** Unit price in cents, as cached from catalog. */
  readonly unitPrice: number;
}

export interface Cart {
  readonly id: string;
  readonly lines: readonly CartLine[];
}

export type PaymentMethod = "card" | "paypal" | "klarna";

export interface PaymentDetails {
  readonly method: PaymentMethod;
  /** Card details go straight to payments; checkout never stores them. */
  readonly card?: { readonly number: string; readonly expiry: string; readonly cvc: string };
}

export interface PlaceOrderRequest {
  readonly method: string;
  readonly customer: Customer;
  readonly cart: Cart;
  readonly payment: PaymentDetails;
  readonly clientAddress: string;
}

export type PlaceOrderResult =
  | { readonly status: 201; readonly orderId: string }
  | { readonly status: 402; readonly reason: string }
  | { readonly status: 500 };

export function cartTotal(cart: Cart): number {
  return cart.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0) / 100;
}
