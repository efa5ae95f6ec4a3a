import { type BrowserContext, test as base } from "@playwright/test";

export { expect, type Page } from "@playwright/test";

/**
 * Every browser test runs under the site's Content-Security-Policy and fails on any violation.
 * Each browser context — the test's own and any it opens (several people at once) — reports the
 * `securitypolicyviolation` events its pages see (a refused script, style, frame or form target).
 */
const violations: string[] = [];
const watched = new WeakSet<BrowserContext>();

async function watch(context: BrowserContext) {
  if (watched.has(context)) return;
  watched.add(context);
  await context.exposeBinding("__reportCspViolation", ({ frame }, text: string) => {
    violations.push(`${frame.url()}: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation;
      report(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
}

export const test = base.extend<{ cspGuard: undefined }>({
  browser: [
    async ({ browser }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const context = await newContext(options);
        await watch(context);
        return context;
      };
      await use(browser);
    },
    { scope: "worker" },
  ],
  context: async ({ context }, use) => {
    await watch(context);
    await use(context);
  },
  cspGuard: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's needs from this pattern
    async ({}, use) => {
      violations.length = 0;
      await use(undefined);
      if (violations.length > 0) throw new Error(`Content-Security-Policy violations:\n${violations.join("\n")}`);
    },
    { auto: true },
  ],
});
