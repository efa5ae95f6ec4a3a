import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { log } from "./utils/log.server";
import { NonceProvider } from "./utils/nonce";
import { currentRequestId } from "./utils/request-scope.server";
import { stripNulBytes } from "./utils/strip-nul.server";
import { rememberRouteMatches } from "./web/route-matching.server";

rememberRouteMatches();

// server.js reaches these through the build, so the server process holds one copy of every module.
export { SESSION_COOKIE_NAME } from "./auth/lucia.server";
export { boot } from "./boot.server";
export { acceptableRequestId, log, newRequestId } from "./utils/log.server";
export { isCrossSiteRequest } from "./utils/origin.server";
export { plainRefusal } from "./utils/plain-refusal.server";
export { runInRequestScope } from "./utils/request-scope.server";
export { FORM_BODY_LIMIT, guardRoutes, uploadPathPatterns } from "./utils/route-guard.server";
export { forgetBuiltDatasets } from "./web/opendata.server";
export { pageBody } from "./web/page-cache.server";

export const streamTimeout = 5_000;

/**
 * The whole document is rendered before it is sent, in one piece. No page streams data in later
 * (no defer), so streaming bought nothing but work: every chunk went through a Node stream, a web
 * stream and compression separately, which the benchmark measured at a quarter of a page's time.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;
  return new Promise<Response>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const body = stripNulBytes();
    body.on("data", (chunk: Buffer) => chunks.push(chunk));
    body.on("end", () => {
      clearTimeout(timeout);
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider nonce={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timeout);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          log.error({ reqId: currentRequestId(), err: error }, "rendering failed");
        },
      },
    );
    const timeout = setTimeout(abort, streamTimeout + 1000);
  });
}

/** Errors Remix meets outside our loaders and actions (route-guard.server.ts logs those). */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  log.error({ reqId: currentRequestId(), err: error }, "unexpected error");
};
