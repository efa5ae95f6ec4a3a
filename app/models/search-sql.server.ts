import { sql } from "kysely";
import type { SearchQuery } from "./search";

/**
 * The condition for a row of `table` (with `search_tokens` and `search_text`, see search.ts) to
 * match a keyword search: the bigram index finds the candidates, LIKE confirms each word occurs.
 */
export function matchesSearch(table: string, search: SearchQuery) {
  const conditions = search.likePatterns.map((pattern) => sql`${sql.ref(`${table}.search_text`)} like ${pattern}`);
  if (search.tokens.length)
    conditions.unshift(sql`${sql.ref(`${table}.search_tokens`)} @> ${sql.val(search.tokens)}::text[]`);
  return sql<boolean>`(${sql.join(conditions, sql` and `)})`;
}
