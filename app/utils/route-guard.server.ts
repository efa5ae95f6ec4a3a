import type { ActionFunction, LoaderFunction, ServerBuild } from "@remix-run/node";
import { isConnectionFailure } from "../../db/connection";
import { withoutControlCharacters, withoutControlCharactersInForm } from "./control-characters";
import { notFound } from "./http.server";
import { log } from "./log.server";
import { currentRequestId, noteRoute } from "./request-scope.server";

/**
 * What every loader and action goes through on the running server (server.js wraps the build with
 * it), so that no route has to remember it:
 * - control characters (NUL breaks PostgreSQL text, a newline breaks a header) are stripped from
 *   the query string and from every submitted text field; a path parameter holding one is a 404;
 * - a body that is not a form, or a form that cannot be parsed, is a 400 or 415, not a 500;
 * - a database that cannot be reached answers 503 with the typed values, so the error page can
 *   offer to send them again, and every other failure a 500 whose page shows the request id;
 *   the stack goes to the log, never to the person.
 * Routes that take files say so (`handle = { uploads: true }`): their multipart bodies, up to
 * 32 MB, are left for the route to read after it has checked who is asking, and the route cleans
 * their text itself (withoutControlCharactersInForm).
 * Route tests call loaders and actions directly and therefore test the routes' own rules.
 */
export function guardRoutes(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = { ...route.module };
    if (module.loader) module.loader = guardLoader(id, module.loader);
    if (module.action) {
      module.action = guardAction(id, module.action, { index: route.index === true, uploads: takesUploads(route) });
    }
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}

type BuildRoute = ServerBuild["routes"][string];

function takesUploads(route: BuildRoute): boolean {
  return (route.module.handle as { uploads?: boolean } | undefined)?.uploads === true;
}

/** The paths of the routes that take files, for server.js's body limits (flat routes: path is whole). */
export function uploadPathPatterns(build: ServerBuild): RegExp[] {
  return Object.values(build.routes)
    .filter(takesUploads)
    .map((route) => {
      const pattern = (route.path ?? "")
        .split("/")
        .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
        .join("/");
      // Single fetch addresses a route's data as PATH.data.
      return new RegExp(`^/${pattern}(\\.data)?$`);
    });
}

const RETRY_AFTER_SECONDS = "5";
/** A form without files is read by the guard: nothing larger (server.js refuses it first too). */
export const FORM_BODY_LIMIT = 1024 * 1024;

/** A submitted form's text values, as the 503 page needs them to offer sending them again. */
export type SubmittedValues = [string, string][];

export interface FaultData {
  fault: "unavailable" | "error" | "badRequest";
  errorId: string | null;
  /** After a failed form: what it held, to be sent again (passwords and tokens left out). */
  resend?: { values: SubmittedValues; index: boolean; multipart: boolean; leftOutSecrets: boolean };
}

function faultResponse(status: number, payload: FaultData): Response {
  const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8" };
  if (status === 503) headers["Retry-After"] = RETRY_AFTER_SECONDS;
  return new Response(JSON.stringify(payload), { status, headers });
}

function failure(error: unknown, routeId: string, resend: FaultData["resend"]): unknown {
  // Responses (redirects, 403, 404) and Remix's data() results are answers, not failures.
  if (!(error instanceof Error)) return error;
  const errorId = currentRequestId();
  if (isConnectionFailure(error)) {
    log.warn({ reqId: errorId, route: routeId, err: error.message }, "database unavailable");
    return faultResponse(503, { fault: "unavailable", errorId, resend });
  }
  log.error({ reqId: errorId, route: routeId, err: error }, "unexpected error");
  return faultResponse(500, { fault: "error", errorId });
}

function cleanUrl(request: Request): Request {
  // A control character can only reach a URL percent-encoded: most requests have none to strip.
  if (!/%(?:[01][0-9a-f]|7f)/i.test(request.url)) return request;
  const url = new URL(request.url);
  let changed = false;
  const cleaned = new URLSearchParams();
  for (const [name, value] of url.searchParams) {
    const cleanName = withoutControlCharacters(name);
    const cleanValue = withoutControlCharacters(value);
    changed ||= cleanName !== name || cleanValue !== value;
    cleaned.append(cleanName, cleanValue);
  }
  if (!changed) return request;
  url.search = cleaned.toString();
  return new Request(url, request);
}

function checkParams(params: Record<string, string | undefined>): void {
  for (const value of Object.values(params)) {
    if (value && withoutControlCharacters(value) !== value) throw notFound();
  }
}

function guardLoader(routeId: string, loader: LoaderFunction): LoaderFunction {
  return async (args) => {
    noteRoute(routeId);
    checkParams(args.params);
    const request = cleanUrl(args.request);
    try {
      return await loader({ ...args, request });
    } catch (error) {
      throw failure(error, routeId, undefined);
    }
  };
}

function badRequest(status = 400): Response {
  return faultResponse(status, { fault: "badRequest", errorId: currentRequestId() });
}

const SECRET_FIELD = /password|token/i;

interface ReadForm {
  request: Request;
  values: SubmittedValues;
  multipart: boolean;
  leftOutSecrets: boolean;
}

/**
 * Reads the submitted form once, cleans its text and hands the action an equivalent request in
 * the same encoding. An upload route's multipart body is passed on unread.
 */
async function readForm(request: Request, uploads: boolean): Promise<ReadForm> {
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  const multipart = type.startsWith("multipart/form-data");
  const untouched = { request, values: [], multipart, leftOutSecrets: false };
  if (!multipart && !type.startsWith("application/x-www-form-urlencoded")) {
    // A submission with nothing in it needs no type (a stated length of 0, or none and not chunked).
    const length = request.headers.get("Content-Length");
    const empty = length === "0" || (length === null && !request.headers.get("Transfer-Encoding"));
    if (!type && (empty || !request.body)) return untouched;
    throw badRequest(415);
  }
  if (multipart && uploads) return untouched;
  if (Number(request.headers.get("Content-Length") ?? 0) > FORM_BODY_LIMIT) throw badRequest(413);
  let form: FormData;
  try {
    form = withoutControlCharactersInForm(await request.formData());
  } catch {
    throw badRequest();
  }
  const values: SubmittedValues = [];
  let leftOutSecrets = false;
  for (const [name, value] of form) {
    if (typeof value !== "string") continue;
    if (SECRET_FIELD.test(name)) leftOutSecrets = true;
    else values.push([name, value]);
  }
  const headers = new Headers(request.headers);
  headers.delete("Content-Type");
  headers.delete("Content-Length");
  const body = multipart ? form : new URLSearchParams(textPairs(form));
  return {
    request: new Request(request.url, { method: request.method, headers, body, signal: request.signal }),
    values,
    multipart,
    leftOutSecrets,
  };
}

function textPairs(form: FormData): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of form) if (typeof value === "string") pairs.push([name, value]);
  return pairs;
}

function guardAction(
  routeId: string,
  action: ActionFunction,
  route: { index: boolean; uploads: boolean },
): ActionFunction {
  return async (args) => {
    noteRoute(routeId);
    checkParams(args.params);
    const { request, values, multipart, leftOutSecrets } = await readForm(cleanUrl(args.request), route.uploads);
    try {
      return await action({ ...args, request });
    } catch (error) {
      throw failure(error, routeId, { values, index: route.index, multipart, leftOutSecrets });
    }
  };
}
