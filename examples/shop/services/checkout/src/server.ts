/** checkout's HTTP entry point. Telemetry first, so the SDK is up before any span. */
import { shutdownTelemetry } from "./otel.js";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { getCart } from "./cart.js";
import type { PlaceOrderRequest } from "./domain.js";
import { PLACE_ORDER_ROUTE, placeOrder } from "./place-order.js";
import type { CartStore, OrdersRepository, PaymentsClient } from "./ports.js";

export interface Dependencies {
  readonly payments: PaymentsClient;
  readonly orders: OrdersRepository;
  readonly carts: CartStore;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

export function startServer(deps: Dependencies, port = Number(process.env.PORT ?? 8080)) {
  const server = createServer(async (request, response) => {
    const customerId = String(request.headers["x-customer-id"] ?? "");
    if (request.method === "POST" && request.url === PLACE_ORDER_ROUTE) {
      const body = (await readJson(request)) as Omit<PlaceOrderRequest, "method" | "clientAddress">;
      const result = await placeOrder(
        { ...body, method: "POST", clientAddress: request.socket.remoteAddress ?? "" },
        deps.payments,
        deps.orders,
      );
      send(response, result.status, result);
      return;
    }
    if (request.method === "GET" && request.url === "/checkout/cart") {
      const result = await getCart(customerId, deps.carts);
      send(response, result.status, result.cart ?? { error: "no cart" });
      return;
    }
    send(response, 404, { error: "not found" });
  });

  process.once("SIGTERM", () => {
    server.close();
    void shutdownTelemetry();
  });
  return server.listen(port);
}
