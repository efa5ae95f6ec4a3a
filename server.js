// The production server: express serves static files and hands every other request to Remix.
// `node server.js` runs it; the benchmark imports `startServer` to run the very same stack.

// React and Remix run their slow, checking development builds unless told otherwise (remix-serve
// makes the same default).
process.env.NODE_ENV ??= "production";

import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

/**
 * Boots the site (configuration, database, migrations, workers) and listens.
 * `instrumentDatabase` lets the benchmark count the queries pages run.
 * @param {{ env?: Record<string, string | undefined>, instrumentDatabase?: (db: import("kysely").Kysely<import("./db/schema").Database>) => import("kysely").Kysely<import("./db/schema").Database> }} [options]
 */
export async function startServer({ env = process.env, instrumentDatabase } = {}) {
  const build = await import("./build/index.js");
  const { boot, isCrossSiteRequest, runInRequestScope } = build.entry.module;
  const running = await boot(env, { instrumentDatabase });
  const { config } = running.services;

  const app = express();
  app.disable("x-powered-by");
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
    if (crossSite) {
      res
        .status(403)
        .type("text/plain; charset=utf-8")
        .send("別のサイトから送られた操作のため、受け付けられませんでした。 / Cross-site request refused.");
      return;
    }
    next();
  });

  // Loaders answering one request share what it has looked up (who is signed in).
  app.use((_req, _res, next) => runInRequestScope(next));
  app.all(
    "*",
    createRequestHandler({
      build,
      getLoadContext: (req) => ({ clientAddress: req.socket.remoteAddress ?? null }),
    }),
  );

  const server = await new Promise((resolve) => {
    const listening = app.listen(config.port, config.host ?? undefined, () => resolve(listening));
  });
  return {
    running,
    build,
    url: `http://${config.host ?? "localhost"}:${server.address().port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await running.stop();
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const site = await startServer();
  console.log(`ねりま協働ラボ: ${site.url}`);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      site.close().finally(() => process.exit(0));
    });
  }
}
