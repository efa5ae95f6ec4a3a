import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { runInRequestScope } from "~/utils/request-scope.server";
import { guardRoutes, uploadPathPatterns } from "~/utils/route-guard.server";
import { DatabaseUnavailableError } from "../../db/connection";

/** A build with one route whose loader and action do what the test says. */
function buildWith(
  behaviour: () => unknown,
  options: { path?: string; uploads?: boolean; seen?: { request?: Request } } = {},
): ServerBuild {
  const handler = async ({ request }: { request: Request }) => {
    if (options.seen) options.seen.request = request;
    return behaviour();
  };
  return {
    routes: {
      "routes/example": {
        id: "routes/example",
        path: options.path ?? "example/:id",
        module: { loader: handler, action: handler, handle: options.uploads ? { uploads: true } : undefined },
      },
    },
  } as unknown as ServerBuild;
}

function call(build: ServerBuild, kind: "loader" | "action", request: Request, params: Record<string, string> = {}) {
  const route = guardRoutes(build).routes["routes/example"];
  const run = route.module[kind] as (args: unknown) => Promise<unknown>;
  return runInRequestScope(() => run({ request, params, context: {} }), { requestId: "ERRNUMBER1", routeId: null });
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("nothing was thrown");
}

describe("the route guard", () => {
  it("turns a lost database into a 503 that carries what the form held, passwords left out", async () => {
    const build = buildWith(() => {
      throw new DatabaseUnavailableError(new Error("Connection terminated"));
    });
    const request = new Request("http://x/example/1", {
      method: "POST",
      body: new URLSearchParams({ name: "練馬", password: "secret-1", intent: "save" }),
    });
    const response = await thrown(call(build, "action", request));
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(await response.json()).toEqual({
      fault: "unavailable",
      errorId: "ERRNUMBER1",
      resend: {
        values: [
          ["name", "練馬"],
          ["intent", "save"],
        ],
        index: false,
        multipart: false,
        leftOutSecrets: true,
      },
    });
  });

  it("turns anything unexpected into a 500 with the error number and nothing else", async () => {
    const build = buildWith(() => {
      throw new TypeError("x is undefined at secret.js:12");
    });
    const response = await thrown(call(build, "loader", new Request("http://x/example/1")));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ fault: "error", errorId: "ERRNUMBER1" });
  });

  it("passes the route's own answers through: redirects, 404s", async () => {
    const build = buildWith(() => {
      throw new Response(null, { status: 302, headers: { Location: "/login" } });
    });
    const response = await thrown(call(build, "loader", new Request("http://x/example/1")));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login");
  });

  it("strips control characters from the query and the form, keeping tabs and line breaks", async () => {
    const seen: { request?: Request } = {};
    const build = buildWith(() => null, { seen });
    await call(build, "loader", new Request("http://x/example/1?q=%00a%1Bb%7F"));
    expect(new URL(seen.request!.url).searchParams.get("q")).toBe("ab");

    await call(
      build,
      "action",
      new Request("http://x/example/1", {
        method: "POST",
        body: new URLSearchParams({ note: "一\u0000行\t目\r\n二" }),
      }),
    );
    expect((await seen.request!.formData()).get("note")).toBe("一行\t目\r\n二");
  });

  it("refuses a path parameter with a control character, a body that is not a form, and a broken one", async () => {
    const build = buildWith(() => null);
    expect((await thrown(call(build, "loader", new Request("http://x/example/a"), { id: "a\u0000" }))).status).toBe(
      404,
    );
    const json = new Request("http://x/example/1", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect((await thrown(call(build, "action", json))).status).toBe(415);
    const broken = new Request("http://x/example/1", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=zz" },
      body: "garbage",
    });
    expect((await thrown(call(build, "action", broken))).status).toBe(400);
  });

  it("leaves an upload route's multipart body for the route to read", async () => {
    const seen: { request?: Request } = {};
    const build = buildWith(() => null, { uploads: true, seen });
    const form = new FormData();
    form.set("label", "資料");
    const request = new Request("http://x/example/1", { method: "POST", body: form });
    await call(build, "action", request);
    expect(seen.request).toBe(request);
    expect(uploadPathPatterns(build).map((pattern) => pattern.test("/example/abc.data"))).toEqual([true]);
    expect(uploadPathPatterns(build).map((pattern) => pattern.test("/example/abc/more"))).toEqual([false]);
  });
});
