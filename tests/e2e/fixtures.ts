import { type BrowserContext, test as base, type Page } from "@playwright/test";
import {
  type Account,
  account,
  type DemoPerson,
  logIn,
  logOut,
  Mailbox,
  signUpAndVerify,
  uniqueEmail,
} from "./support";

export { expect, type Locator, type Page } from "@playwright/test";

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

/** The pages someone is signed in on, so that signing the next person in signs them out first. */
const signedIn = new WeakSet<Page>();

export interface People {
  /** The mail the site sent since the test began. */
  mailbox: Mailbox;
  /**
   * Signs a demo person (`"staff"`, `"chokai"`…) or an account in on `page` (the test's own by
   * default), signing out whoever was signed in there; staff and admin give the demo's second factor.
   */
  signIn: (who: DemoPerson | Account, page?: Page) => Promise<void>;
  signOut: (page?: Page) => Promise<void>;
  /** A new account with a unique address, confirmed through the e-mailed link and signed in. */
  signUp: (person: { name: string; label: string; password: string }, page?: Page) => Promise<Account>;
  /** A page of its own (a separate browser, as for two people at once), with `who` signed in. */
  pageAs: (who: DemoPerson | Account) => Promise<Page>;
}

export const test = base.extend<{ cspGuard: undefined } & People>({
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
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's needs from this pattern
  mailbox: async ({}, use) => {
    await use(Mailbox.fromNow());
  },
  signIn: async ({ page }, use) => {
    await use(async (who, on = page) => {
      if (signedIn.has(on)) await logOut(on);
      await logIn(on, account(who));
      signedIn.add(on);
    });
  },
  signOut: async ({ page }, use) => {
    await use(async (on = page) => {
      await logOut(on);
      signedIn.delete(on);
    });
  },
  signUp: async ({ page, mailbox, signIn, signOut }, use) => {
    await use(async ({ name, label, password }, on = page) => {
      if (signedIn.has(on)) await signOut(on);
      const created = { email: uniqueEmail(label), password };
      await signUpAndVerify(on, mailbox, name, created);
      await signIn(created, on);
      return created;
    });
  },
  pageAs: async ({ browser, signIn }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (who) => {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      await signIn(who, page);
      return page;
    });
    for (const context of contexts) await context.close();
  },
});
