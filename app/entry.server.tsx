import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { pageWordsScript, renderNotingWords } from "./i18n/page-words.server";
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
export { personalStamp } from "./web/personal-pages.server";

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
      const html = withWords(Buffer.concat(chunks), pageWordsScript(rendered.words(), nonce));
      resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }));
    });
    const rendered = renderNotingWords(() =>
      renderToPipeableStream(
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
      ),
    );
    const { pipe, abort } = rendered.result;
    const timeout = setTimeout(abort, streamTimeout + 1000);
  });
}

/** The page's words go last in its body, read before entry.client runs (module scripts wait for the parse). */
function withWords(html: Buffer, script: string) {
  const end = html.lastIndexOf("</body>");
  if (end < 0) return Buffer.concat([html, Buffer.from(script)]);
  return Buffer.concat([html.subarray(0, end), Buffer.from(script), html.subarray(end)]);
}

/** Errors Remix meets outside our loaders and actions (route-guard.server.ts logs those). */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  log.error({ reqId: currentRequestId(), err: error }, "unexpected error");
};
