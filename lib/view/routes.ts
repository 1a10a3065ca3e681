/**
 * The viewer's pages and their addresses. Every page has a URL of its own, so a link can be
 * pasted into a notebook or a message:
 *
 *   /                                   runs (?q=filter text, ?offset=N)
 *   /run/<run>                          one run: its iterations
 *   /run/<run>/iteration/<t>            what iteration t selected (?sort=rank|score|kind|id|children, ?dir=asc|desc, ?offset=N)
 *   /run/<run>/example/<id>             a seed (or a synthetic sample) as that run saw it
 *   /example/<id>                       an example and the runs that selected it
 *   /search?q=text                      questions containing the text (?after=N pages on)
 *
 * Ids go in one path segment each, percent-encoded (`arith/v1/s0/seed/00001` is
 * `arith%2Fv1%2Fs0%2Fseed%2F00001`). A static export writes the same pages as files in one folder
 * (`staticFile`), whose links point at each other.
 */
import { createHash } from "node:crypto";

export type SortKey = "rank" | "score" | "kind" | "id" | "children";
export const SORT_KEYS: readonly SortKey[] = ["rank", "score", "kind", "id", "children"];

export type Route =
  | { page: "runs"; q?: string; offset?: number }
  | { page: "run"; run: string }
  | { page: "iteration"; run: string; iteration: number; sort?: SortKey; dir?: "asc" | "desc"; offset?: number }
  | { page: "example"; id: string; run?: string }
  | { page: "search"; q: string; after?: number };

const enc = encodeURIComponent;

function query(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== "");
  return parts.length ? "?" + parts.map(([k, v]) => `${k}=${enc(String(v))}`).join("&") : "";
}

/**
 * The server's URL of a page (a path from the server's root, with its query).
 * @example serverUrl({ page: "example", run: "r", id: "arith/v1/s0/seed/00012" }) // "/run/r/example/arith%2Fv1%2Fs0%2Fseed%2F00012"
 */
export function serverUrl(route: Route): string {
  switch (route.page) {
    case "runs":
      return "/" + query({ q: route.q, offset: route.offset || undefined });
    case "run":
      return `/run/${enc(route.run)}`;
    case "iteration":
      return `/run/${enc(route.run)}/iteration/${route.iteration}` +
        query({ sort: route.sort && route.sort !== "rank" ? route.sort : undefined, dir: route.dir, offset: route.offset || undefined });
    case "example":
      return route.run !== undefined ? `/run/${enc(route.run)}/example/${enc(route.id)}` : `/example/${enc(route.id)}`;
    case "search":
      return "/search" + query({ q: route.q, after: route.after || undefined });
  }
}

/** An id as a file-name part: letters, digits, `-` and `_` kept, every other byte as `~XX` (unique, reversible, no `.` or `/`). */
export function fileSafe(id: string): string {
  let out = "";
  for (const byte of Buffer.from(id, "utf8")) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_-]/.test(c) ? c : "~" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/**
 * The file of a page in a static export, relative to the export's folder; null for pages a
 * static export does not write (search, a filtered or paged runs list, other sort orders: tables
 * of exported pages hold every row and sort in the browser).
 */
export function staticFile(route: Route): string | null {
  const name = staticName(route);
  // file names stay under common limits (255 bytes): a long one becomes a hash of itself
  return name === null || name.length <= 200 ? name : `page.${createHash("sha256").update(name).digest("hex").slice(0, 32)}.html`;
}

function staticName(route: Route): string | null {
  switch (route.page) {
    case "runs":
      return route.q || route.offset ? null : "index.html";
    case "run":
      return `run.${fileSafe(route.run)}.html`;
    case "iteration":
      return (route.sort && route.sort !== "rank") || route.offset ? null : `run.${fileSafe(route.run)}.t${route.iteration}.html`;
    case "example":
      return route.run !== undefined ? `example.${fileSafe(route.run)}.${fileSafe(route.id)}.html` : null;
    case "search":
      return null;
  }
}

/** An integer query parameter (>= 0), or undefined when absent or not one. */
function intParam(value: string | null): number | undefined {
  if (value === null || !/^\d{1,12}$/.test(value)) return undefined;
  return Number(value);
}

/** The page a request's URL asks for, or null (a 404). */
export function parseRoute(url: string): Route | null {
  let parsed: URL;
  try {
    parsed = new URL(url, "http://view.invalid");
  } catch {
    return null;
  }
  let segments: string[];
  try {
    segments = parsed.pathname.split("/").slice(1).map(decodeURIComponent);
  } catch {
    return null; // a malformed percent-escape
  }
  if (segments.length > 1 && segments[segments.length - 1] === "") segments.pop(); // a trailing slash
  const p = parsed.searchParams;
  const [a, b, c, d, ...rest] = segments;
  if (rest.length > 0) return null;
  if (segments.length === 1 && a === "") {
    const q = p.get("q") ?? "";
    const offset = intParam(p.get("offset"));
    return { page: "runs", ...(q ? { q } : {}), ...(offset ? { offset } : {}) };
  }
  if (a === "search" && segments.length === 1) {
    const after = intParam(p.get("after"));
    return { page: "search", q: p.get("q") ?? "", ...(after ? { after } : {}) };
  }
  if (a === "example" && b !== undefined && b !== "" && segments.length === 2) return { page: "example", id: b };
  if (a !== "run" || b === undefined || b === "") return null;
  if (segments.length === 2) return { page: "run", run: b };
  if (c === "example" && d !== undefined && d !== "" && segments.length === 4) return { page: "example", id: d, run: b };
  if (c === "iteration" && d !== undefined && /^\d{1,9}$/.test(d) && segments.length === 4) {
    const sort = p.get("sort");
    const dir = p.get("dir");
    const offset = intParam(p.get("offset"));
    return {
      page: "iteration", run: b, iteration: Number(d),
      ...(sort !== null && (SORT_KEYS as readonly string[]).includes(sort) ? { sort: sort as SortKey } : {}),
      ...(dir === "asc" || dir === "desc" ? { dir } : {}),
      ...(offset ? { offset } : {}),
    };
  }
  return null;
}
