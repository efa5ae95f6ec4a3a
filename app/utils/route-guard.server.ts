import type { ActionFunction, LoaderFunction, ServerBuild } from "@remix-run/node";
import { isConnectionFailure } from "../../db/connection";
import { log } from "./log.server";
import { currentRequestId, noteRoute } from "./request-scope.server";

/**
 * What every loader and action goes through on the running server (server.js wraps the build with
 * it), so that no route has to remember it:
 * - control characters (NUL breaks PostgreSQL text, a newline breaks a header) are stripped from
 *   the query string and from every submitted text field; a path parameter holding one is a 404;
 * - a body that is not a form, or a form that cannot be parsed, is a 400 or 415, not a 500;
 * - a database that cannot be reached answers 503 with the typed values, so the error page can
 *   offer to send them again (nothing is lost), and every other failure a 500 whose page shows
 *   the request id; the stack goes to the log, never to the person.
 * Route tests call loaders and actions directly and therefore test the routes' own rules.
 */
export function guardRoutes(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = { ...route.module };
    if (module.loader) module.loader = guardLoader(id, module.loader);
    if (module.action) module.action = guardAction(id, module.action, route.index === true);
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}

// C0 controls and DEL, except tab, line feed and carriage return, which text areas legitimately send.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function withoutControlCharacters(value: string): string {
  return value.replace(CONTROL, "");
}

const RETRY_AFTER_SECONDS = "5";

/** A submitted form's text values, as the 503 page needs them to offer sending them again. */
export type SubmittedValues = [string, string][];

export interface FaultData {
  fault: "unavailable" | "error" | "badRequest";
  errorId: string | null;
  /** What the failed form held, to be sent again (passwords and tokens left out). */
  resend?: { values: SubmittedValues; index: boolean; leftOutSecrets: boolean };
}

function faultResponse(status: number, payload: FaultData): Response {
  const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8" };
  if (status === 503) headers["Retry-After"] = RETRY_AFTER_SECONDS;
  return new Response(JSON.stringify(payload), { status, headers });
}

function isThrownResponse(error: unknown): boolean {
  // Responses (redirects, 403, 404) and Remix's data() results are answers, not failures.
  return !(error instanceof Error);
}

function failure(error: unknown, routeId: string, resend: FaultData["resend"]): unknown {
  if (isThrownResponse(error)) return error;
  const errorId = currentRequestId();
  if (isConnectionFailure(error)) {
    log.warn({ reqId: errorId, route: routeId, err: (error as Error).message }, "database unavailable");
    return faultResponse(503, { fault: "unavailable", errorId, resend });
  }
  log.error({ reqId: errorId, route: routeId, err: error }, "unexpected error");
  return faultResponse(500, { fault: "error", errorId });
}

function cleanUrl(request: Request): Request {
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
    if (value && withoutControlCharacters(value) !== value) throw new Response("Not Found", { status: 404 });
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

/**
 * Reads the submitted form once, cleans its text and hands the action an equivalent request.
 * Files stay files (uploads); a form without files is passed on URL-encoded.
 */
async function readForm(
  request: Request,
): Promise<{ request: Request; values: SubmittedValues; leftOutSecrets: boolean }> {
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  const isForm = type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
  if (!isForm) {
    // A submission with nothing in it needs no type.
    if (!type && (!request.body || request.headers.get("Content-Length") === "0"))
      return { request, values: [], leftOutSecrets: false };
    throw badRequest(415);
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw badRequest();
  }
  const cleaned = new FormData();
  const values: SubmittedValues = [];
  let hasFiles = false;
  let leftOutSecrets = false;
  for (const [name, value] of form) {
    const cleanName = withoutControlCharacters(name);
    if (typeof value === "string") {
      const cleanValue = withoutControlCharacters(value);
      cleaned.append(cleanName, cleanValue);
      if (SECRET_FIELD.test(cleanName)) leftOutSecrets = true;
      else values.push([cleanName, cleanValue]);
    } else {
      hasFiles = true;
      cleaned.append(cleanName, value, withoutControlCharacters(value.name));
    }
  }
  const headers = new Headers(request.headers);
  headers.delete("Content-Type");
  headers.delete("Content-Length");
  const body = hasFiles ? cleaned : new URLSearchParams(formPairs(cleaned));
  return {
    request: new Request(request.url, { method: request.method, headers, body, signal: request.signal }),
    values,
    leftOutSecrets,
  };
}

function formPairs(form: FormData): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of form) if (typeof value === "string") pairs.push([name, value]);
  return pairs;
}

function guardAction(routeId: string, action: ActionFunction, index: boolean): ActionFunction {
  return async (args) => {
    noteRoute(routeId);
    checkParams(args.params);
    const { request, values, leftOutSecrets } = await readForm(cleanUrl(args.request));
    try {
      return await action({ ...args, request });
    } catch (error) {
      throw failure(error, routeId, { values, index, leftOutSecrets });
    }
  };
}
