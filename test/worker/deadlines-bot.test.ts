// /deadlines through the real webhook route in workerd: an admin publishes a policy that states
// deadlines (upload, 确认上线), then a user's /deadlines lists them — upcoming first, a recurring
// one by its next date, the past one-off deadline last — with each clause's citation and its
// document's status. Today is the real day here (the bot's clock), so the dates asserted are
// those that do not depend on it.
import { env } from "cloudflare:test";
import { afterAll, describe, expect, it } from "vitest";
import { r2Store } from "../../src/store/r2-store.js";
import { DEADLINE_POLICY } from "../fixtures/deadline-checks.js";
import { ADMIN, buttonsOf, calls, documentMessage, fileFor, post, press, reset, sentTexts, text, USER } from "../support/telegram-updates.js";

const store = r2Store((env as unknown as { STORE: R2Bucket }).STORE);

async function buttonAt(label: string) {
  const withButton = (await calls("sendMessage")).filter((c) => buttonsOf(c).some((b) => b.text === label));
  expect(withButton.length, label).toBeGreaterThan(0);
  return buttonsOf(withButton.at(-1)!).find((b) => b.text === label)!.callback_data;
}

describe("/deadlines (workerd, through the webhook)", () => {
  afterAll(async () => {
    const keys = (await store.list("")).map((e) => e.key);
    if (keys.length) await store.delete(keys);
  });

  it("lists the deadlines of a newly published policy: upcoming first, past last", async () => {
    await reset();
    await post(text(USER, "/deadlines"));
    expect(await sentTexts()).toEqual(["收录的文件里没有找到写明申报、报送期限的条款。"]);

    await reset();
    await post(documentMessage(ADMIN, await fileFor("digital.txt", new TextEncoder().encode(DEADLINE_POLICY), "text/plain")));
    await post(press(ADMIN, await buttonAt("确认上线")));
    expect((await sentTexts()).join("\n")).toContain("✅ 已上线");

    await reset();
    await post(text(USER, "/deadlines"));
    const [message, ...more] = await sentTexts();
    expect(more).toEqual([]);
    const at = (s: string) => message.indexOf(s);
    expect(at("<b>申报和报送期限</b>")).toBe(0);
    expect(at("（每年6月30日前）：报送上一年度数字化改造项目申报材料")).toBeGreaterThan(at("<b>即将到来</b>"));
    expect(at("（每月10日前）：送交市财政局")).toBeGreaterThan(at("<b>即将到来</b>"));
    expect(at("<b>已过去的期限</b>")).toBeGreaterThan(at("每年6月30日前"));
    expect(at("<b>2020年12月10日前</b>：申报截止日期为2020年12月10日")).toBeGreaterThan(at("<b>已过去的期限</b>"));
    expect(message).toContain("出处：《戊市关于支持中小企业数字化改造的若干措施》 戊政〔2026〕3号");
  });
});
