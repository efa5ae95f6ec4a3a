/**
 * The memo of heavy reads (app/web/change-memo.server.ts) answers only what the query would answer
 * now: nothing is kept while changes cannot be heard, a change empties it, and a read begun before
 * a change is not kept.
 */
import { describe, expect, it } from "vitest";
import { ChangeMemo } from "~/web/change-memo.server";

function counter() {
  let calls = 0;
  return {
    read: async () => {
      calls += 1;
      return { calls };
    },
    get calls() {
      return calls;
    },
  };
}

describe("the change memo", () => {
  it("keeps nothing while changes cannot be heard", async () => {
    const memo = new ChangeMemo();
    const query = counter();
    await memo.read("board", query.read);
    await memo.read("board", query.read);
    expect(query.calls).toBe(2);
    expect(memo.size).toBe(0);
  });

  it("answers again from the first read until something changes, each key apart", async () => {
    const memo = new ChangeMemo();
    memo.setListening(true);
    const query = counter();
    expect(await memo.read("board page 1", query.read)).toEqual({ calls: 1 });
    expect(await memo.read("board page 1", query.read)).toEqual({ calls: 1 });
    expect(await memo.read("board page 2", query.read)).toEqual({ calls: 2 });
    memo.clear();
    expect(await memo.read("board page 1", query.read)).toEqual({ calls: 3 });
    memo.setListening(false);
    expect(await memo.read("board page 1", query.read)).toEqual({ calls: 4 });
  });

  it("does not keep a read that began before a change", async () => {
    const memo = new ChangeMemo();
    memo.setListening(true);
    let finish: (value: string) => void = () => undefined;
    const before = memo.read("board", () => new Promise<string>((resolve) => (finish = resolve)));
    memo.clear();
    finish("read before the change");
    expect(await before).toBe("read before the change");
    expect(await memo.read("board", async () => "read after the change")).toBe("read after the change");
  });

  it("lets requests arriving together share one read, and a failed read is not kept", async () => {
    const memo = new ChangeMemo();
    memo.setListening(true);
    const query = counter();
    const answers = await Promise.all([1, 2, 3].map(() => memo.read("board", query.read)));
    expect(query.calls).toBe(1);
    expect(answers).toEqual([{ calls: 1 }, { calls: 1 }, { calls: 1 }]);
    await expect(memo.read("failing", async () => Promise.reject(new Error("connection lost")))).rejects.toThrow();
    expect(await memo.read("failing", async () => "answered")).toBe("answered");
  });

  it("holds at most its number of answers, dropping the least recently used", async () => {
    const memo = new ChangeMemo(2);
    memo.setListening(true);
    await memo.read("a", async () => "a1");
    await memo.read("b", async () => "b1");
    await memo.read("a", async () => "a2");
    await memo.read("c", async () => "c1");
    expect(memo.size).toBe(2);
    expect(await memo.read("a", async () => "a3")).toBe("a1");
    expect(await memo.read("b", async () => "b2")).toBe("b2");
  });
});
