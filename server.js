// The production server: express serves static files and hands every other request to Remix.
// `node server.js` runs it; the benchmark and the fault tests import `startServer` to run the very
// same stack.

// React and Remix run their slow, checking development builds unless told otherwise (remix-serve
// makes the same default).
process.env.NODE_ENV ??= "production";

import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
// The adapter's own request and response conversion (not in its index; the version is pinned), so
// that pages from the cache and from Remix are read and sent the same way.
import remixExpress from "@remix-run/express/dist/server.js";
import { createRequestHandler } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";

/**
 * A form with a file, on the routes that take files (`handle = { uploads: true }`): files over
 * 10 MB (files.server.ts) up to this size get the form's own message. Every other route allows a
 * form of FORM_BODY_LIMIT (1 MB; a proposal's longest section is a few tens of kilobytes).
 */
const UPLOAD_BODY_LIMIT = 32 * 1024 * 1024;
/** On SIGTERM, requests under way get this long to finish; a send to the mail server gets less. */
const DRAIN_MS = 10_000;
const MAIL_GRACE_MS = 5_000;
/** How long no connection or request must arrive before a stopping server closes its doors. */
const QUIET_MS = 500;
/** A process that has not exited by then (a hung mail server, a stuck socket) is ended anyway. */
const EXIT_BOUND_MS = 15_000;

/** Resolves after the event loop's next poll for I/O (connections accepted, requests read). */
function afterPoll() {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `TRUST_PROXY`: a hop count, or express's names and address lists. */
function trustProxySetting(value) {
  return /^\d+$/.test(value) ? Number(value) : value.split(",").map((part) => part.trim());
}

/**
 * Boots the site (configuration, database, migrations, workers) and listens.
 * `instrumentDatabase` lets the benchmark count the queries pages run.
 * @param {{ env?: Record<string, string | undefined>, instrumentDatabase?: (db: import("kysely").Kysely<import("./db/schema").Database>) => import("kysely").Kysely<import("./db/schema").Database> }} [options]
 */
export async function startServer({ env = process.env, instrumentDatabase } = {}) {
  const build = await import("./build/index.js");
  const { boot, isCrossSiteRequest, runInRequestScope, guardRoutes, log, newRequestId, acceptableRequestId } =
    build.entry.module;
  const { plainRefusal, uploadPathPatterns, FORM_BODY_LIMIT, SESSION_COOKIE_NAME, pageBody, personalStamp } =
    build.entry.module;
  const sessionCookie = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE_NAME}=`);
  const signedIn = (req) => sessionCookie.test(req.get("cookie") ?? "");
  const uploadPaths = uploadPathPatterns(build);
  const running = await boot(env, { instrumentDatabase });
  const { config } = running.services;

  let shuttingDown = false;
  let inFlight = 0;
  /** When a connection or a request last arrived: a shutdown waits for a quiet moment. */
  let lastActivity = Date.now();

  const app = express();
  app.disable("x-powered-by");
  if (config.trustProxy) app.set("trust proxy", trustProxySetting(config.trustProxy));

  // Every request: an id (answered as X-Request-Id, shown on error pages), a scope its loaders
  // share, one log line when it ends, and a place in the count a graceful shutdown waits for.
  app.use((req, res, next) => {
    // A proxy's request id is kept only from a proxy we trust: anyone else could choose the error number.
    const proxyId = config.trustProxy ? acceptableRequestId(req.get("x-request-id")) : null;
    const info = { requestId: proxyId ?? newRequestId(), routeId: null };
    const started = process.hrtime.bigint();
    inFlight += 1;
    lastActivity = Date.now();
    res.setHeader("X-Request-Id", info.requestId);
    const writeHead = res.writeHead;
    res.writeHead = function (statusCode, ...rest) {
      if (statusCode === 503 && !res.hasHeader("Retry-After")) res.setHeader("Retry-After", "5");
      // Clients must not send another request on a connection that is about to close.
      if (shuttingDown) res.setHeader("Connection", "close");
      // A page for someone signed in, and any page's data, must not be kept by a browser or a proxy
      // (a shared computer at a community centre, a caching proxy).
      if (res.locals.fromRemix && (req.path.endsWith(".data") || signedIn(req))) {
        res.setHeader("Cache-Control", "private, no-store");
      }
      return writeHead.call(this, statusCode, ...rest);
    };
    res.once("close", () => {
      inFlight -= 1;
      lastActivity = Date.now();
      const entry = {
        reqId: info.requestId,
        method: req.method,
        // A path that carries a secret (an invitation link) is logged without it.
        path: info.routeId?.includes("$token") ? req.path.replace(/[^/]+$/, "…") : req.path,
        route: info.routeId ?? undefined,
        status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
        aborted: res.writableFinished ? undefined : true,
      };
      if (req.path === "/healthz" || req.path === "/readyz") log.debug(entry, "request");
      else if (res.statusCode >= 500) log.warn(entry, "request");
      else log.info(entry, "request");
    });
    runInRequestScope(next, info);
  });

  // Security headers. The CSP allows no inline script but Remix's own, which carry this request's
  // nonce (entry.server.tsx, root.tsx); no framing; nothing loaded from elsewhere.
  const https = config.publicUrl.startsWith("https://");
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      crossOriginEmbedderPolicy: false,
      xFrameOptions: { action: "deny" },
    }),
  );
  app.use((_req, res, next) => {
    res.setHeader(
      "Permissions-Policy",
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    );
    next();
  });

  // For a load balancer: /healthz says the process answers; /readyz that it can serve pages.
  app.get("/healthz", (_req, res) => {
    res.set("Cache-Control", "no-store").type("text/plain").send("ok");
  });
  app.get("/readyz", async (_req, res) => {
    const readiness = shuttingDown
      ? { ready: false, database: "unknown", migrations: "unknown", oldestUnsentMailSeconds: null }
      : await running.readiness();
    res
      .status(readiness.ready ? 200 : 503)
      .set("Cache-Control", "no-store")
      .json({ ...readiness, shuttingDown });
  });

  const refuse = (res, status, key) => {
    res.status(status).set("Connection", "close").type("text/plain; charset=utf-8").send(plainRefusal(key));
  };
  app.use((req, res, next) => {
    // Remix v1's data requests: single fetch replaced them, and Remix answers them with a 500.
    if (Object.hasOwn(req.query, "_data")) return refuse(res, 400, "error.legacyData");
    if (req.method === "GET" || req.method === "HEAD") return next();
    // Refused on its declared size, before a byte of it is read.
    const limit = uploadPaths.some((pattern) => pattern.test(req.path)) ? UPLOAD_BODY_LIMIT : FORM_BODY_LIMIT;
    const length = req.get("content-length");
    if (length === undefined && req.get("transfer-encoding")) return refuse(res, 411, "error.lengthRequired");
    if (length !== undefined && !(Number(length) <= limit)) return refuse(res, 413, "error.tooLarge");
    next();
  });

  app.use(compression());
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Only a path with a file extension can be a file in public/: pages skip the disk look-up.
  const publicFiles = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));

  const publicOrigin = new URL(config.publicUrl).origin;
  app.use((req, res, next) => {
    const crossSite = isCrossSiteRequest({
      method: req.method,
      origin: req.get("origin") ?? null,
      secFetchSite: req.get("sec-fetch-site") ?? null,
      requestOrigin: `${req.protocol}://${req.get("host")}`,
      publicOrigin,
    });
    if (crossSite) return refuse(res, 403, "error.crossOrigin");
    next();
  });

  app.all("*", (_req, res, next) => {
    res.locals.fromRemix = true;
    next();
  });
  const { createRemixRequest, sendRemixResponse } = remixExpress;
  const remix = createRequestHandler(guardRoutes(build), process.env.NODE_ENV);
  const { pageCache } = running;
  /** A visitor's public page, or a review page for the person whose session the request carries. */
  const cacheKey = async (req, request) => {
    const url = new URL(request.url);
    const cookie = req.get("cookie") ?? null;
    const publicKey = pageCache.keyFor(req.method, url, cookie);
    if (publicKey !== null) return publicKey;
    const pageKey = pageCache.personalKeyFor(req.method, url, cookie);
    // A database fault here is left to Remix, which answers it as on any page (503, what was typed kept).
    const person = pageKey === null ? null : await personalStamp(request).catch(() => null);
    return person === null ? null : `${person}\n${pageKey}`;
  };
  app.all("*", async (req, res, next) => {
    try {
      const request = createRemixRequest(req, res);
      const loadContext = {
        clientAddress: (config.trustProxy ? req.ip : req.socket.remoteAddress) ?? null,
        cspNonce: res.locals.cspNonce,
      };
      if (req.method !== "GET" && req.method !== "HEAD") {
        // A change this process made is seen by its next request, before the database's notice arrives.
        res.once("finish", () => running.forgetKept());
      }
      // Before the session is checked: a change meanwhile (a demotion) means the render is not kept.
      const generation = pageCache.currentGeneration();
      const key = await cacheKey(req, request);
      if (key === null) return await sendRemixResponse(res, await remix(request, loadContext));
      const kept = await pageCache.get(key);
      const render = () => remix(request, loadContext);
      const page = kept ?? (await pageCache.fill(key, res.locals.cspNonce, render, generation));
      if (page instanceof Response) return await sendRemixResponse(res, page);
      res.status(page.status);
      for (const [name, value] of page.headers) res.append(name, value);
      res.setHeader("X-Page-Cache", kept ? "hit" : "miss");
      res.end(pageBody(page, res.locals.cspNonce));
    } catch (error) {
      next(error);
    }
  });
  // Whatever escaped everything above: logged with its id, answered without a stack.
  app.use((error, req, res, _next) => {
    log.error({ reqId: res.getHeader("X-Request-Id"), path: req.path, err: error }, "unhandled error");
    if (res.headersSent) return res.destroy();
    res
      .status(500)
      .type("text/plain; charset=utf-8")
      .send(`Error ${res.getHeader("X-Request-Id")}`);
  });

  const server = await new Promise((resolve) => {
    const listening = app.listen(config.port, config.host ?? undefined, () => resolve(listening));
  });
  server.on("connection", () => {
    lastActivity = Date.now();
  });
  let closing = null;
  return {
    running,
    build,
    url: `http://${config.host ?? "localhost"}:${server.address().port}`,
    /**
     * Graceful shutdown: stop claiming mail, answer every request already sent (at most DRAIN_MS),
     * give the mail send under way MAIL_GRACE_MS, then close the connections and the pool.
     */
    close() {
      closing ??= (async () => {
        shuttingDown = true;
        const workers = running.stopWorkers(MAIL_GRACE_MS);
        // Lame duck: /readyz already says 503, so the load balancer sends nothing new. What clients
        // have already sent — on open connections, or on connections the kernel completed for us and
        // queued — is still taken in and answered (with Connection: close), until no request has been
        // under way or arrived for QUIET_MS, or DRAIN_MS have passed. Closing the listener at once
        // would reset the queued connections: their clients would never know whether their request
        // was saved.
        const deadline = Date.now() + DRAIN_MS;
        while (Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(50, deadline - Date.now()))));
          // A timer fires before the event loop polls for I/O; setImmediate runs after that poll.
          await afterPoll();
          if (inFlight === 0 && Date.now() - lastActivity >= QUIET_MS) break;
        }
        const closed = new Promise((resolve) => server.close(resolve));
        server.closeAllConnections();
        await closed;
        await workers;
        await running.stop();
      })();
      return closing;
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const site = await startServer();
  const { log } = site.build.entry.module;
  console.log(`ねりま協働ラボ: ${site.url}`);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      log.info({ signal }, "shutting down");
      setTimeout(() => {
        log.error({ boundMs: EXIT_BOUND_MS }, "shutdown did not finish in time; exiting");
        process.exit(1);
      }, EXIT_BOUND_MS).unref();
      site.close().then(
        () => {
          log.info("stopped");
          process.exit(0);
        },
        (error) => {
          log.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}
