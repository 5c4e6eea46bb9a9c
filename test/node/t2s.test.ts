import { describe, expect, it } from "vitest";
import { toSimplified } from "../../src/search/t2s.js";

describe("traditional → simplified", () => {
  it("converts traditional characters", () => {
    expect(toSimplified("技術改造有什麼補貼")).toBe("技术改造有什么补贴");
    expect(toSimplified("高新技術企業獎勵")).toBe("高新技术企业奖励");
  });
  it("leaves simplified text as it is, including characters OpenCC lists as their own alternative", () => {
    for (const s of ["我能申请哪些技改补贴", "什么", "著作权人", "干部", "六安市中小企业"]) expect(toSimplified(s)).toBe(s);
  });
});
