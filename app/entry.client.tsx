import { RemixBrowser } from "@remix-run/react";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { type Catalog, isLocale, type Locale, loadCatalog, startWithPageWords } from "./i18n";

// Hydration needs only the words the server rendered the page with, which it sends in the page
// (page-words.server.ts). The language's whole catalog, and staff's wording on staff's pages, comes
// when the person first acts: before they can open a menu, type into a form or follow a link.
const { lang, dataset } = document.documentElement;
const locale: Locale = isLocale(lang) ? lang : "ja";
const staff = dataset.staffWords === "true";
const pageWords = (window as { __pageWords?: Partial<Record<Locale, Catalog>> }).__pageWords;
const loadAll = () => loadCatalog(locale, staff);
const ready = pageWords ? Promise.resolve(startWithPageWords(pageWords, staff)) : loadAll();
for (const event of ["pointerdown", "keydown", "touchstart", "focusin"]) {
  window.addEventListener(event, loadAll, { once: true, passive: true, capture: true });
}

ready.then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
