// Node's HTTP parser refuses some requests before they reach the app — a request line or
// headers over its limit (431), bytes it cannot parse (raw non-ASCII in the URL: 400) — and by
// default answers them with an empty body. Here they get the API's JSON error like any other.
import type { Server } from "node:http";
import type { Socket } from "node:net";

export function jsonClientErrors(server: Pick<Server, "on">): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === "ECONNRESET" || !socket.writable) return void socket.destroy();
    const tooLong = error.code === "HPE_HEADER_OVERFLOW";
    const status = tooLong ? "431 Request Header Fields Too Large" : "400 Bad Request";
    const body = JSON.stringify({
      error: "invalid_request",
      message: tooLong ? "the request line or headers are too long (the URL included)" : "the request could not be parsed (a URL must be percent-encoded)",
    });
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=UTF-8\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
