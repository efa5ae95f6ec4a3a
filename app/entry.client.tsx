import { RemixBrowser } from "@remix-run/react";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { isLocale, loadCatalog } from "./i18n";

// The page's own language only: the server rendered it, hydration must see the same words.
const lang = document.documentElement.lang;
loadCatalog(isLocale(lang) ? lang : "ja").then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
