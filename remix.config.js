/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*", "**/content-page.tsx"],
  // The ward's own pages share one route module; their text is in app/content/pages/.
  routes: async (defineRoutes) =>
    defineRoutes((route) => {
      for (const name of ["help", "privacy", "terms", "accessibility", "contact"])
        route(name, "routes/content-page.tsx", { id: `routes/content-page.${name}` });
    }),
  serverModuleFormat: "esm",
  serverDependenciesToBundle: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
