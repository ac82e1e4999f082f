/**
 * POST /checkout/orders: authorise the payment, write the order and hand it to
 * fulfilment through the outbox.
 */
import { randomUUID } from "node:crypto";
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { SeverityNumber, logs } from "@opentelemetry/api-logs";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from "@opentelemetry/semantic-conventions";
import { cartTotal, type PlaceOrderRequest, type PlaceOrderResult } from "./domain.js";
import { orderValue, orders } from "./metrics.js";
import type { OrdersRepository, PaymentsClient } from "./ports.js";

const tracer = trace.getTracer("checkout", "4.12.0");
const logger = logs.getLogger("checkout");

export const PLACE_ORDER_ROUTE = "/checkout/orders";

export async function placeOrder(
  request: PlaceOrderRequest,
  payments: PaymentsClient,
  repository: OrdersRepository,
): Promise<PlaceOrderResult> {
  return tracer.startActiveSpan("checkout.place_order", async (span): Promise<PlaceOrderResult> => {
    const total = cartTotal(request.cart);
    const orderId = `ord_${randomUUID()}`;
    span.setAttributes({
      [ATTR_HTTP_REQUEST_METHOD]: request.method,
      [ATTR_HTTP_ROUTE]: PLACE_ORDER_ROUTE,
      "order.id": orderId,
      "user.id": request.customer.id,
      "user.email": request.customer.email,
      "user.country": request.customer.country,
      "cart.items": request.cart.lines.length,
      "cart.skus": request.cart.lines.map((line) => line.sku),
      "cart.total": total,
      "payment.method": request.payment.method,
    });

    try {
      const authorization = await payments.authorize({
        orderId,
        customer: request.customer,
        amount: total,
        payment: request.payment,
      });

      if (!authorization.approved) {
        span.addEvent("payment.declined", { "decline.reason": authorization.reason });
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, 402);
        orders.add(1, {
          "payment.method": request.payment.method,
          "user.country": request.customer.country,
          "order.outcome": "declined",
        });
        return { status: 402, reason: authorization.reason };
      }

      await repository.saveWithOutbox({
        id: orderId,
        customer: request.customer,
        cart: request.cart,
        paymentId: authorization.paymentId,
      });

      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, 201);
      orders.add(1, {
        "payment.method": request.payment.method,
        "user.country": request.customer.country,
        "order.outcome": "placed",
      });
      orderValue.record(total, { "payment.method": request.payment.method });
      logger.emit({
        severityNumber: SeverityNumber.INFO,
        severityText: "INFO",
        body: "order placed",
        attributes: {
          "order.id": orderId,
          "user.id": request.customer.id,
          "cart.total": total,
          "payment.method": request.payment.method,
        },
      });
      return { status: 201, orderId };
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      span.recordException(failure);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, 500);
      orders.add(1, {
        "payment.method": request.payment.method,
        "user.country": request.customer.country,
        "order.outcome": "failed",
      });
      logger.emit({
        severityNumber: SeverityNumber.ERROR,
        severityText: "ERROR",
        body: `order ${orderId} failed`,
        attributes: {
          [ATTR_ERROR_TYPE]: failure.name,
          "order.id": orderId,
          "user.id": request.customer.id,
          "client.address": request.clientAddress,
        },
      });
      return { status: 500 };
    } finally {
      span.end();
    }
  });
}
