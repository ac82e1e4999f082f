/** checkout's instruments, created once and shared by the handlers. */
import { metrics } from "@opentelemetry/api";

const meter = metrics.getMeter("checkout");

/** Orders by outcome: placed, declined (by the card issuer) or failed (by us). */
export const orders = meter.createCounter("checkout.orders", {
  description: "Orders by outcome",
});

/** Value of placed orders, for the revenue SLO dashboard. */
export const orderValue = meter.createHistogram("checkout.order_value", {
  description: "Value of placed orders",
  unit: "EUR",
});
