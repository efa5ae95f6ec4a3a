import { describe, expect, it } from "vitest";
import { can as canOnOrganization } from "~/models/organization-policy";
import { policy } from "~/models/policy";
import { can as canOnProject } from "~/models/project-policy";
import { can as canOnProposal } from "~/models/proposal-policy";

describe("policy", () => {
  const can = policy<"a" | "b", "read" | "write">({ read: ["a", "b"], write: ["a"] });

  it("allows exactly the kinds of access an action lists", () => {
    expect(can("a", "write")).toBe(true);
    expect(can("b", "write")).toBe(false);
    expect(can("b", "read")).toBe(true);
  });

  it("refuses someone with no access at all", () => {
    expect(can(null, "read")).toBe(false);
    expect(can(undefined, "read")).toBe(false);
  });
});

describe("the domains' rules", () => {
  it("projects: the team reports and staff decide, never the other way round", () => {
    expect([canOnProject("team", "report"), canOnProject("team", "decide")]).toEqual([true, false]);
    expect([canOnProject("staff", "report"), canOnProject("staff", "decide")]).toEqual([false, true]);
    expect([canOnProject("team", "read"), canOnProject("staff", "read"), canOnProject(null, "read")]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("proposals: staff read but only the team edits; an invited representative sees the invitation only", () => {
    expect([canOnProposal("team", "edit"), canOnProposal("staff", "edit"), canOnProposal("invited", "edit")]).toEqual([
      true,
      false,
      false,
    ]);
    expect([canOnProposal("staff", "readContent"), canOnProposal("invited", "readContent")]).toEqual([true, false]);
    expect([canOnProposal("invited", "read"), canOnProposal("invited", "answerInvitation")]).toEqual([true, true]);
    expect(canOnProposal("team", "answerInvitation")).toBe(false);
  });

  it("organisations: any member acts for it, only a representative manages it", () => {
    expect([canOnOrganization("member", "actFor"), canOnOrganization("member", "manage")]).toEqual([true, false]);
    expect(canOnOrganization("representative", "manage")).toBe(true);
  });
});
