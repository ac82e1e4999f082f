/** What checkout needs from the outside world; wired up in server.ts. */
import type { Cart, Customer, PaymentDetails } from "./domain.js";

export type Authorization =
  | { readonly approved: true; readonly paymentId: string }
  | { readonly approved: false; readonly reason: string };

export interface PaymentsClient {
  authorize(request: {
    readonly orderId: string;
    readonly customer: Customer;
    readonly amount: number;
    readonly payment: PaymentDetails;
  }): Promise<Authorization>;
}

export interface OrdersRepository {
  /** Writes the order and its outbox message in one transaction. */
  saveWithOutbox(order: { readonly id: string; readonly customer: Customer; readonly cart: Cart; readonly paymentId: string }): Promise<void>;
}

export interface CartStore {
  load(customerId: string): Promise<Cart | undefined>;
}
