import type { Kysely } from "kysely";

/**
 * The same database, counting the queries run through it (as they are built: a query with a CTE
 * counts once). For the "a fixed number of queries whatever the data" tests.
 */
export function countingQueries<DB>(db: Kysely<DB>) {
  let queries = 0;
  const counted = db.withPlugin({
    transformQuery: (args) => {
      queries += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  return { db: counted, count: () => queries };
}
