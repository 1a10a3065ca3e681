/**
 * The viewer's HTTP server (node:http): GET a page by its URL (routes.ts), plotly.js from
 * node_modules at /assets/plotly.min.js, nothing fetched from elsewhere. Binds 127.0.0.1 unless
 * told otherwise. What the store does not hold, and any URL that is not a page, is a 404 page; an
 * unexpected error is a 500 page that says so without a stack trace (the stack goes to stderr).
 *
 *   const server = await startViewServer({ db: "store.sqlite" }); console.log(server.url); ... await server.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { plotlyBundle } from "../plots/html.js";
import { html } from "./html.js";
import { ViewData } from "./queries.js";
import { parseRoute, serverUrl } from "./routes.js";
import { build, notFound, shell } from "./render.js";
import type { Built, ViewContext } from "./pages/context.js";

export const PLOTLY_PATH = "/assets/plotly.min.js";

export interface ViewServerOptions {
  /** The store file (opened read-only). */
  db: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Called with each request's path, status and milliseconds (the bench and --verbose use it). */
  onRequest?: (path: string, status: number, ms: number) => void;
}

export interface ViewServer {
  /** `http://host:port` (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Security headers of every answer: no sniffing, no referrer, scripts and styles only from the page itself. */
const HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "content-security-policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'",
};

export async function startViewServer(options: ViewServerOptions): Promise<ViewServer> {
  const data = new ViewData(options.db);
  const ctx: ViewContext = { data, link: serverUrl, static: false };
  const shellOptions = { plotlySrc: PLOTLY_PATH, home: "/", search: "/search" };
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...HEADERS, "content-type": type, "content-length": Buffer.byteLength(body), ...extra });
    res.end(res.req.method === "HEAD" ? undefined : body);
  };
  const handle = (req: IncomingMessage, res: ServerResponse): number => {
    const url = req.url ?? "/";
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, "text/plain; charset=utf-8", "read-only: GET only\n", { allow: "GET, HEAD" });
      return 405;
    }
    if (url === PLOTLY_PATH) {
      send(res, 200, "text/javascript; charset=utf-8", plotlyBundle(), { "cache-control": "public, max-age=86400" });
      return 200;
    }
    if (url === "/favicon.ico") {
      send(res, 204, "image/x-icon", "");
      return 204;
    }
    const route = parseRoute(url);
    let built: Built;
    try {
      built = route ? build(ctx, route) : notFound("There is no such page here.");
    } catch (error) {
      console.error(`activesynth view: ${url}: ${(error as Error).stack ?? String(error)}`);
      built = { status: 500, title: "Error", body: html`<h1>Something went wrong</h1><p>This page could not be built from the store (the error is in the view's log).</p><p><a href="/">All runs</a></p>` };
    }
    send(res, built.status, "text/html; charset=utf-8", shell(ctx, built, shellOptions), { "cache-control": "no-store" });
    return built.status;
  };
  const server = createServer((req, res) => {
    const t0 = performance.now();
    let status = 500;
    try {
      status = handle(req, res);
    } catch (error) {
      console.error(`activesynth view: ${req.url}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "error\n");
    }
    options.onRequest?.(req.url ?? "/", status, performance.now() - t0);
  });
  const host = options.host ?? "127.0.0.1";
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    data.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        data.close();
        resolve();
      });
    }),
  };
}
