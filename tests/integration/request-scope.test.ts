import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getUser } from "~/auth/session.server";
import { loadConfig } from "~/config.server";
import { createVerifiedUser } from "~/models/accounts.server";
import { createServices, installServices } from "~/services.server";
import { runInRequestScope } from "~/utils/request-scope.server";
import { createTestDatabase } from "../support/database";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let queries = 0;
let cookie = "";

beforeAll(async () => {
  handle = await createTestDatabase();
  const counted = handle.db.withPlugin({
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      queries += 1;
      return args.result;
    },
  });
  const services = createServices(loadConfig({ SMTP_URL: "smtp://127.0.0.1:2525" }), counted, handle.kind, "secret");
  installServices(services);
  const user = await createVerifiedUser(handle.db, {
    email: "scope@example.jp",
    name: "練馬 花子",
    password: "long password 1",
    role: "member",
  });
  const session = await services.lucia.createSession(user.id, {});
  cookie = services.lucia.createSessionCookie(session.id).serialize().split(";")[0];
}, 60_000);

afterAll(async () => {
  installServices(null);
  await handle.cleanup();
});

// Remix gives the root loader and the page's loader a Request object each.
const request = () => new Request("http://localhost/me", { headers: { Cookie: cookie } });

describe("who is signed in, within one HTTP request", () => {
  it("is looked up once for all the loaders answering it", async () => {
    queries = 0;
    const [a, b] = await runInRequestScope(() => Promise.all([getUser(request()), getUser(request())]));
    expect(a?.email).toBe("scope@example.jp");
    expect(b?.id).toBe(a?.id);
    expect(queries).toBe(1);
  });

  it("is looked up again by the next request", async () => {
    queries = 0;
    await runInRequestScope(() => getUser(request()));
    await runInRequestScope(() => getUser(request()));
    expect(queries).toBe(2);
  });

  it("is looked up per Request object outside a request scope", async () => {
    queries = 0;
    await getUser(request());
    await getUser(request());
    expect(queries).toBe(2);
  });
});
