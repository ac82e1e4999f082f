/** GET /checkout/cart: the cart page, with totals from the cached catalog prices. */
import { trace } from "@opentelemetry/api";
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from "@opentelemetry/semantic-conventions";
import { cartTotal, type Cart } from "./domain.js";
import type { CartStore } from "./ports.js";

const tracer = trace.getTracer("checkout", "4.12.0");

export async function getCart(customerId: string, carts: CartStore): Promise<{ status: 200 | 404; cart?: Cart }> {
  const span = tracer.startSpan("checkout.get_cart", {
    attributes: {
      [ATTR_HTTP_REQUEST_METHOD]: "GET",
      [ATTR_HTTP_ROUTE]: "/checkout/cart",
      "user.id": customerId,
    },
  });
  try {
    const cart = await carts.load(customerId);
    if (!cart) {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, 404);
      return { status: 404 };
    }
    span.setAttributes({
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: 200,
      "cart.items": cart.lines.length,
      "cart.total": cartTotal(cart),
    });
    return { status: 200, cart };
  } finally {
    span.end();
  }
}
