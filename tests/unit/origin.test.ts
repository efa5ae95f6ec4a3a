import { describe, expect, it } from "vitest";
import { isCrossSiteRequest } from "~/utils/origin.server";

const base = { requestOrigin: "http://localhost:3000", publicOrigin: "https://lab.example.jp" };

describe("cross-site request check", () => {
  it("lets every GET through", () => {
    expect(
      isCrossSiteRequest({ ...base, method: "GET", origin: "https://evil.example", secFetchSite: "cross-site" }),
    ).toBe(false);
  });

  it("refuses a POST a browser marks as cross-site or same-site", () => {
    expect(isCrossSiteRequest({ ...base, method: "POST", origin: null, secFetchSite: "cross-site" })).toBe(true);
    expect(isCrossSiteRequest({ ...base, method: "POST", origin: null, secFetchSite: "same-site" })).toBe(true);
  });

  it("accepts a POST from the same origin or typed by the user", () => {
    expect(
      isCrossSiteRequest({ ...base, method: "POST", origin: "http://localhost:3000", secFetchSite: "same-origin" }),
    ).toBe(false);
    expect(isCrossSiteRequest({ ...base, method: "POST", origin: null, secFetchSite: "none" })).toBe(false);
  });

  it("falls back to Origin for browsers without Sec-Fetch-Site", () => {
    expect(isCrossSiteRequest({ ...base, method: "POST", origin: "https://evil.example", secFetchSite: null })).toBe(
      true,
    );
    expect(isCrossSiteRequest({ ...base, method: "POST", origin: "https://lab.example.jp", secFetchSite: null })).toBe(
      false,
    );
    expect(isCrossSiteRequest({ ...base, method: "POST", origin: "http://localhost:3000", secFetchSite: null })).toBe(
      false,
    );
  });

  it("lets a client that sends neither header through (it carries no browser cookies)", () => {
    expect(isCrossSiteRequest({ ...base, method: "POST", origin: null, secFetchSite: null })).toBe(false);
  });
});
