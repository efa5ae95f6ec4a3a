// The production server: express serves static files and hands every other request to Remix.

import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const build = await import("./build/index.js");
const { boot, isCrossSiteRequest } = build.entry.module;
const running = await boot(process.env);
const { config } = running.services;

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

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

app.all(
  "*",
  createRequestHandler({
    build,
    getLoadContext: (req) => ({ clientAddress: req.socket.remoteAddress ?? null }),
  }),
);

const server = app.listen(config.port, config.host ?? undefined, () => {
  console.log(`ねりま協働ラボ: http://${config.host ?? "localhost"}:${config.port}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    server.close();
    running.stop().finally(() => process.exit(0));
  });
}
