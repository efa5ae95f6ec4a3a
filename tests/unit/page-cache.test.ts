import { describe, expect, it } from "vitest";
import { type CachedPage, PageCache, pageBody } from "../../app/web/page-cache.server";

const url = (path: string) => new URL(`http://lab.test${path}`);

function page(body: string, init: ResponseInit = {}) {
  return () => Promise.resolve(new Response(body, { status: 200, ...init }));
}

/** A cache listening for changes, its clock at `time.now`, pages correct until `time.until`. */
function listeningCache(time = { now: 1_000, until: 10_000 }, options: { maxBytes?: number } = {}) {
  const cache = new PageCache({
    nextChange: async () => new Date(time.until),
    clock: () => time.now,
    ...options,
  });
  cache.setListening(true);
  return { cache, time };
}

async function keep(cache: PageCache, key: string, body: string, nonce = "N0nce") {
  return (await cache.fill(key, nonce, page(body))) as CachedPage;
}

describe("which requests the page cache may answer", () => {
  const cache = new PageCache({ nextChange: async () => new Date() });

  it("GETs of the public pages and their data, by visitors with no cookie but the language", () => {
    for (const path of [
      "/",
      "/_root.data",
      "/themes",
      "/themes?q=公園&page=2",
      "/themes.data?_routes=routes%2Fthemes._index",
      "/themes/0b6f",
      "/projects/p-1",
      "/partners",
      "/organizations/org_1",
      "/help",
      "/sitemap",
    ]) {
      expect(cache.keyFor("GET", url(path), null), path).not.toBeNull();
    }
    expect(cache.keyFor("GET", url("/themes"), "lang=ImVuIg%3D%3D")).not.toBeNull();
  });

  it("never a write, a signed-in visitor, another cookie, or a page outside the list", () => {
    expect(cache.keyFor("POST", url("/themes/1"), null)).toBeNull();
    expect(cache.keyFor("HEAD", url("/themes"), null)).toBeNull();
    expect(cache.keyFor("GET", url("/themes"), "nerima_session=abc")).toBeNull();
    expect(cache.keyFor("GET", url("/themes"), "lang=x; flash=InNhdmVkIg%3D%3D")).toBeNull();
    // A language cookie spelled with spaces is still the language the page is rendered in, never "none".
    expect(cache.keyFor("GET", url("/themes"), "lang =ImVuIg%3D%3D")).toBe(
      cache.keyFor("GET", url("/themes"), "lang=ImVuIg%3D%3D"),
    );
    expect(cache.keyFor("GET", url("/themes"), " lang = ImVuIg%3D%3D ")).not.toBe(
      cache.keyFor("GET", url("/themes"), null),
    );
    for (const path of ["/me", "/staff", "/proposals/1", "/themes/1/calendar.ics", "/projects/1/manage", "/reviews"]) {
      expect(cache.keyFor("GET", url(path), null), path).toBeNull();
    }
  });

  it("keys by the whole address and by the language", () => {
    const keys = new Set([
      cache.keyFor("GET", url("/themes"), null),
      cache.keyFor("GET", url("/themes?page=2"), null),
      cache.keyFor("GET", url("/themes.data"), null),
      cache.keyFor("GET", url("/themes"), "lang=ImVuIg%3D%3D"),
      cache.keyFor("GET", url("/themes"), "lang=ImphIg%3D%3D"),
    ]);
    expect(keys.size).toBe(5);
    expect(cache.keyFor("GET", url("/_root.data"), null)).toBe(cache.keyFor("GET", url("/_root.data"), ""));
  });
});

describe("which review pages it may keep for a signed-in person", () => {
  const cache = new PageCache({ nextChange: async () => new Date() });
  const session = "nerima_session=abc";

  it("a reviewer's list, a theme's ranking and a proposal's reviews, with their data, by someone signed in", () => {
    for (const path of [
      "/reviews",
      "/reviews?sort=total&theme=t1&page=2",
      "/reviews.data",
      "/staff/themes/t1/review?stage=2&sort=spread",
      "/staff/themes/t1/reviews/p1",
      "/staff/themes/t1/reviews/p1.data?stage=1",
    ]) {
      expect(cache.personalKeyFor("GET", url(path), session), path).not.toBeNull();
    }
    expect(cache.personalKeyFor("GET", url("/reviews"), `lang=ImVuIg%3D%3D; ${session}`)).not.toBeNull();
  });

  it("never without a session, with another cookie, for a write, or for any other page", () => {
    expect(cache.personalKeyFor("GET", url("/reviews"), null)).toBeNull();
    expect(cache.personalKeyFor("GET", url("/reviews"), "lang=ImVuIg%3D%3D")).toBeNull();
    expect(cache.personalKeyFor("GET", url("/reviews"), `${session}; flash=InNhdmVkIg%3D%3D`)).toBeNull();
    expect(cache.personalKeyFor("GET", url("/reviews"), `${session}; nerima_login=x`)).toBeNull();
    expect(cache.personalKeyFor("POST", url("/reviews"), session)).toBeNull();
    expect(cache.personalKeyFor("HEAD", url("/reviews"), session)).toBeNull();
    for (const path of [
      "/me",
      "/reviews/p1",
      "/reviews/print",
      "/staff/themes/t1",
      "/staff/themes/t1/review/x",
      "/staff/projects",
      "/themes",
    ]) {
      expect(cache.personalKeyFor("GET", url(path), session), path).toBeNull();
    }
  });

  it("keys by the whole address and the language", () => {
    const keys = new Set([
      cache.personalKeyFor("GET", url("/reviews"), session),
      cache.personalKeyFor("GET", url("/reviews?sort=total"), session),
      cache.personalKeyFor("GET", url("/reviews.data"), session),
      cache.personalKeyFor("GET", url("/reviews"), `lang=ImVuIg%3D%3D; ${session}`),
    ]);
    expect(keys.size).toBe(4);
  });
});

describe("what the page cache keeps", () => {
  it("answers the second request from what the first rendered, with the new answer's nonce", async () => {
    const { cache } = listeningCache();
    let renders = 0;
    const render = () => {
      renders += 1;
      return page('<script nonce="N0nce">1</script><script nonce="N0nce">2</script>')();
    };
    const first = await cache.fill("k", "N0nce", render);
    expect(first).not.toBeInstanceOf(Response);
    const kept = await cache.get("k");
    expect(kept).toBeDefined();
    expect(renders).toBe(1);
    const body = pageBody(kept as CachedPage, "Fresh").toString();
    expect(body).toBe('<script nonce="Fresh">1</script><script nonce="Fresh">2</script>');
  });

  it("keeps nothing while change notices cannot be heard, and forgets all when they stop", async () => {
    const { cache } = listeningCache();
    await keep(cache, "k", "a");
    expect(await cache.get("k")).toBeDefined();
    cache.setListening(false);
    expect(await cache.get("k")).toBeUndefined();
    await keep(cache, "k", "a");
    expect(await cache.get("k")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("does not keep a render that began before a change", async () => {
    const { cache } = listeningCache();
    const kept = await cache.fill("k", undefined, async () => {
      cache.clear();
      return new Response("old", { status: 200 });
    });
    expect(pageBody(kept as CachedPage, undefined).toString()).toBe("old");
    expect(await cache.get("k")).toBeUndefined();
  });

  it("does not keep a render when a change came after the request began reading (its session)", async () => {
    const { cache } = listeningCache();
    const begun = cache.currentGeneration();
    cache.clear();
    await cache.fill("k", undefined, page("rendered with a role read before the change"), begun);
    expect(await cache.get("k")).toBeUndefined();
    await cache.fill("k", undefined, page("read after it"), cache.currentGeneration());
    expect(await cache.get("k")).toBeDefined();
  });

  it("forgets every page at the moment pages change by themselves (a deadline, midnight)", async () => {
    const { cache, time } = listeningCache({ now: 1_000, until: 5_000 });
    await keep(cache, "a", "A");
    await keep(cache, "b", "B");
    time.now = 4_999;
    expect(await cache.get("a")).toBeDefined();
    time.now = 5_000;
    expect(await cache.get("b")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("does not keep a page rendered across that moment", async () => {
    const { cache, time } = listeningCache({ now: 1_000, until: 5_000 });
    await cache.fill("k", undefined, async () => {
      time.now = 5_000;
      return new Response("rendered as the deadline passed", { status: 200 });
    });
    expect(cache.size).toBe(0);
  });

  it("keeps nothing when it cannot tell when pages change by themselves", async () => {
    const cache = new PageCache({ nextChange: () => Promise.reject(new Error("database down")) });
    cache.setListening(true);
    await keep(cache, "k", "a");
    expect(cache.size).toBe(0);
  });

  it("hands back, untouched, what is not a page for everyone: an error, a redirect, a cookie", async () => {
    const { cache } = listeningCache();
    const answers: ResponseInit[] = [
      { status: 404 },
      { status: 302, headers: { Location: "/login" } },
      { status: 200, headers: { "Set-Cookie": "flash=x" } },
    ];
    for (const init of answers) {
      const answer = await cache.fill("k", undefined, () => Promise.resolve(new Response("body", init)));
      expect(answer).toBeInstanceOf(Response);
      expect(await (answer as Response).text()).toBe("body");
    }
    expect(cache.size).toBe(0);
  });

  it("lets the least recently used page go when it is full", async () => {
    const { cache } = listeningCache(undefined, { maxBytes: 10 });
    await keep(cache, "a", "aaaa");
    await keep(cache, "b", "bbbb");
    await cache.get("a");
    await keep(cache, "c", "cccc");
    expect(await cache.get("a")).toBeDefined();
    expect(await cache.get("b")).toBeUndefined();
    expect(await cache.get("c")).toBeDefined();
  });
});
