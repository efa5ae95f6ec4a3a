/**
 * Remembers which routes a path matches. Remix and React Router match the same path against the
 * same ~150 routes four times per page (the request handler, the partial manifest, the render),
 * and each time the router flattens the whole route tree, ranks it and compiles every path pattern
 * again: a tenth of a signed-in page's time in the 2026-12-01 profile (README › Performance).
 *
 * `matchRoutes` is wrapped on the router's CommonJS module, the one the Remix server runtime and
 * React Router call through (`router.matchRoutes(...)`), so every such call goes through here. The
 * route tree is rebuilt for each render, so a tree is known by its shape (ids, paths, index and
 * case flags), computed once per tree object; the answer for a (shape, basename, path) is kept as
 * route ids and rebuilt on the tree at hand, new objects each time, so no caller can change what
 * is kept. A tree whose routes lack ids goes to the router unchanged.
 */
import { createRequire } from "node:module";

interface RouteLike {
  id?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children?: RouteLike[];
}
interface MatchLike {
  params: Record<string, string | undefined>;
  pathname: string;
  pathnameBase: string;
  route: RouteLike;
}
type Kept = { id: string; params: MatchLike["params"]; pathname: string; pathnameBase: string }[] | null;
type MatchRoutes = (
  routes: RouteLike[],
  location: string | { pathname?: string },
  basename?: string,
) => MatchLike[] | null;

/** Enough paths for every page of a busy day; past it the memory is emptied and refilled. */
const MAX_KEPT = 5000;

interface Tree {
  /** The same number for every tree of the same shape. */
  shape: number;
  byId: Map<string, RouteLike>;
}

const trees = new WeakMap<RouteLike[], Tree | null>();
const shapes = new Map<string, number>();
const kept = new Map<string, Kept>();

function treeOf(routes: RouteLike[]): Tree | null {
  let tree = trees.get(routes);
  if (tree !== undefined) return tree;
  const byId = new Map<string, RouteLike>();
  const parts: string[] = [];
  let complete = true;
  const walk = (list: RouteLike[], depth: number) => {
    for (const route of list) {
      if (typeof route.id !== "string") complete = false;
      else byId.set(route.id, route);
      parts.push(`${depth}|${route.id}|${route.path ?? ""}|${route.index ? 1 : 0}|${route.caseSensitive ? 1 : 0}`);
      if (route.children?.length) walk(route.children, depth + 1);
    }
  };
  walk(routes, 0);
  const shape = parts.join("\n");
  if (!shapes.has(shape)) shapes.set(shape, shapes.size);
  tree = complete ? { shape: shapes.get(shape) as number, byId } : null;
  trees.set(routes, tree);
  return tree;
}

/** The router's matchRoutes, remembering its answers (see above). */
export function rememberingMatchRoutes(original: MatchRoutes): MatchRoutes {
  return (routes, location, basename = "/") => {
    const tree = treeOf(routes);
    // A string may carry a search or a hash, which play no part in matching.
    const path = typeof location === "string" ? location.split(/[?#]/)[0] : location.pathname;
    if (!tree || path == null) return original(routes, location, basename);
    const key = `${tree.shape}\u0000${basename}\u0000${path}`;
    let answer = kept.get(key);
    if (answer === undefined) {
      const matches = original(routes, location, basename);
      answer = matches
        ? matches.map((m) => ({
            id: m.route.id as string,
            params: { ...m.params },
            pathname: m.pathname,
            pathnameBase: m.pathnameBase,
          }))
        : null;
      if (kept.size >= MAX_KEPT) kept.clear();
      kept.set(key, answer);
    }
    return answer
      ? answer.map((m) => ({
          params: { ...m.params },
          pathname: m.pathname,
          pathnameBase: m.pathnameBase,
          route: tree.byId.get(m.id) as RouteLike,
        }))
      : null;
  };
}

let installed = false;

/** Wraps the router module's matchRoutes once per process. */
export function rememberRouteMatches() {
  if (installed) return;
  installed = true;
  const router = createRequire(import.meta.url)("@remix-run/router") as { matchRoutes: MatchRoutes };
  router.matchRoutes = rememberingMatchRoutes(router.matchRoutes);
}
