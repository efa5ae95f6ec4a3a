import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, isConnectionFailure } from "../../db/connection";

function withCode(message: string, code: string) {
  return Object.assign(new Error(message), { code });
}

describe("telling a lost database from a failed query", () => {
  it.each([
    ["a refused connection", withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED")],
    ["a reset connection", withCode("read ECONNRESET", "ECONNRESET")],
    ["the server shutting down (pg_terminate_backend)", withCode("terminating connection", "57P01")],
    ["the server starting up", withCode("the database system is starting up", "57P03")],
    ["a statement past statement_timeout", withCode("canceling statement due to statement timeout", "57014")],
    ["a connection exception", withCode("connection failure", "08006")],
    ["a client-side query timeout", new Error("Query read timeout")],
    ["a pool that could not connect in time", new Error("timeout exceeded when trying to connect")],
    ["a connection ended mid-query", new Error("Connection terminated unexpectedly")],
    ["an already wrapped failure", new DatabaseUnavailableError(new Error("x"))],
  ])("%s is the database being unavailable", (_label, error) => {
    expect(isConnectionFailure(error)).toBe(true);
  });

  it.each([
    ["a unique violation", withCode("duplicate key value", "23505")],
    ["a syntax error", withCode("syntax error at or near", "42601")],
    ["a NUL in text", withCode("invalid byte sequence for encoding", "22021")],
    ["a plain bug", new TypeError("cannot read properties of undefined")],
    ["a thrown Response", new Response(null, { status: 404 })],
  ])("%s is not", (_label, error) => {
    expect(isConnectionFailure(error)).toBe(false);
  });
});
