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
