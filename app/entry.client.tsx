import { RemixBrowser } from "@remix-run/react";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { isLocale, loadCatalog } from "./i18n";

// The page's own language only, and staff's wording only on staff's pages: the server rendered
// them, hydration must see the same words.
const { lang, dataset } = document.documentElement;
loadCatalog(isLocale(lang) ? lang : "ja", dataset.staffWords === "true").then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
