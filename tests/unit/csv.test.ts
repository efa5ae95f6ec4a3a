import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "~/utils/csv";

describe("CSV", () => {
  it("quotes commas, quotes and line breaks, doubling quotes (RFC 4180)", () => {
    expect(csvField('見守り, "第2期"\n計画')).toBe('"見守り, ""第2期""\n計画"');
    expect(csvField("plain")).toBe("plain");
    expect(csvField(null)).toBe("");
    expect(csvField(120000)).toBe("120000");
  });

  it("neutralises text a spreadsheet would run as a formula", () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(csvField("+1+1")).toBe("'+1+1");
    expect(csvField("-2")).toBe("'-2");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField(-2)).toBe("-2");
  });

  it("ends every line with CRLF", () => {
    expect(toCsv(["a", "b"], [[1, "x"]])).toBe("a,b\r\n1,x\r\n");
  });
});
