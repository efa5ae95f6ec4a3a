import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/utils/http.server";

describe("safeRedirectPath", () => {
  it("keeps a path on this site", () => {
    expect(safeRedirectPath("/themes/abc?page=2#q")).toBe("/themes/abc?page=2#q");
    expect(safeRedirectPath("/organizations/練馬")).toBe("/organizations/%E7%B7%B4%E9%A6%AC");
  });

  it.each([
    ["another site", "https://evil.example/phish"],
    ["a protocol-relative address", "//evil.example"],
    ["a tab the browser drops", "/\t/evil.example/phish"],
    ["a newline, which cannot go in a header", "/foo\nbar"],
    ["a carriage return", "/foo\r\nSet-Cookie: x=1"],
    ["a backslash the browser reads as a slash", "/\\evil.example"],
    ["a NUL", "/me\u0000"],
    ["a relative path", "me"],
    ["nothing", null],
  ])("falls back for %s", (_label, target) => {
    expect(safeRedirectPath(target, "/fallback")).toBe("/fallback");
  });
});

describe("safeRedirectPath against hostile strings (property-based)", () => {
  const SITE = "https://collab.example.jp";
  const pieces = [
    "/",
    "//",
    "\\",
    "\t",
    "\n",
    "\r",
    " ",
    "\u3000",
    "\u0000",
    "\u202e",
    "evil.example",
    "%2F",
    "%5C",
    "%09",
    "@",
    ":",
    "http:",
    "javascript:",
    "?",
    "#",
    "..",
    "me",
    "練馬",
  ];
  const hostile = fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((parts) => parts.join(""));

  it("never sends anyone off the site, whatever the target", () => {
    fc.assert(
      fc.property(fc.oneof(hostile, fc.string(), fc.webUrl()), (target) => {
        const result = safeRedirectPath(target, "/fallback");
        // What a browser does with it: resolve against the page's address.
        const resolved = new URL(result, SITE);
        expect(resolved.origin).toBe(SITE);
        expect(result.startsWith("/")).toBe(true);
        expect(result.startsWith("//")).toBe(false);
        expect(result).not.toMatch(/[\s\\\p{Cc}]/u);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses a path whose dot segments leave two slashes at the front (found by the property above)", () => {
    expect(safeRedirectPath("/..//", "/fallback")).toBe("/fallback");
    expect(safeRedirectPath("/..//evil.example/", "/fallback")).toBe("/fallback");
    expect(safeRedirectPath("/a/../..//evil.example", "/fallback")).toBe("/fallback");
  });

  it("keeps a plain local path as it is", () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { minLength: 1, maxLength: 4 }), (segments) => {
        const path = `/${segments.join("/")}`;
        expect(safeRedirectPath(path, "/fallback")).toBe(path);
      }),
    );
  });
});
