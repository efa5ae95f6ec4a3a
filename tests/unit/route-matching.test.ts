import { matchRoutes } from "@remix-run/router";
import { describe, expect, it } from "vitest";
import { rememberingMatchRoutes } from "~/web/route-matching.server";

/** A route tree as Remix builds it: a root, pages with params, an index, a splat. */
const tree = () => [
  {
    id: "root",
    path: "",
    children: [
      { id: "routes/_index", index: true },
      { id: "routes/themes._index", path: "themes" },
      { id: "routes/themes.$id", path: "themes/:id" },
      { id: "routes/themes.new", path: "themes/new" },
      { id: "routes/proposals.$id.sections.$section", path: "proposals/:id/sections/:section" },
      { id: "routes/$", path: "*" },
    ],
  },
];

const PATHS = ["/", "/themes", "/themes/new", "/themes/abc-123", "/proposals/p1/sections/budget", "/nowhere/at/all"];
const plain = (matches: ReturnType<typeof matchRoutes>) =>
  matches?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, base: m.pathnameBase })) ?? null;

describe("remembered route matches", () => {
  const remembering = rememberingMatchRoutes(matchRoutes as never) as unknown as typeof matchRoutes;

  it("answer as the router does, first time and remembered", () => {
    for (const round of [1, 2])
      for (const path of PATHS) {
        expect(plain(remembering(tree(), path)), `${path} (round ${round})`).toEqual(plain(matchRoutes(tree(), path)));
        expect(plain(remembering(tree(), { pathname: path }))).toEqual(plain(matchRoutes(tree(), { pathname: path })));
      }
  });

  it("give the routes of the tree at hand, not of the tree first asked about", () => {
    const first = tree();
    const second = tree();
    remembering(first, "/themes/x");
    const matches = remembering(second, "/themes/x");
    expect(matches?.at(-1)?.route).toBe(second[0].children[2]);
  });

  it("cannot be changed by a caller", () => {
    const once = remembering(tree(), "/themes/abc");
    if (once) (once[1].params as Record<string, string>).id = "changed";
    expect(remembering(tree(), "/themes/abc")?.[1].params.id).toBe("abc");
  });

  it("tell trees of different shapes apart", () => {
    const other = tree();
    other[0].children[2].path = "topics/:id";
    expect(plain(remembering(tree(), "/themes/q"))?.at(-1)?.id).toBe("routes/themes.$id");
    expect(plain(remembering(other, "/themes/q"))?.at(-1)?.id).toBe("routes/$");
  });

  it("ignore a search or hash, and honour the basename", () => {
    expect(plain(remembering(tree(), "/themes?page=2#top"))?.at(-1)?.id).toBe("routes/themes._index");
    expect(plain(remembering(tree(), "/lab/themes", "/lab"))?.at(-1)?.id).toBe("routes/themes._index");
    expect(remembering(tree(), "/other/themes", "/lab")).toBeNull();
  });
});
