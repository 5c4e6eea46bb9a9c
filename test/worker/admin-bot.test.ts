// Admins in the chat, end to end inside workerd: uploads (preview, /edit, 确认上线, replace),
// /docs with ids, /remove, /rollback, /stats, bad files, and everyone else refused. The worker
// under test uses the real R2 binding (STORE) and the Bot API stand-in.
import { createScheduledController, env } from "cloudflare:test";
import worker from "../../src/worker.js";
import { chinaDay } from "../../src/manage/question-stats.js";
import { beforeEach, describe, expect, it } from "vitest";
import { r2Store } from "../../src/store/r2-store.js";
import { SAMPLE_POLICY } from "../fixtures/sample-policy.js";
import { uploadFixture } from "../fixtures/uploads/fixtures.js";
import { audited, captureLogs } from "../support/logs.js";
import { ADMIN, buttonsOf, calls, documentMessage, fileFor, post, press, reset, sentTexts, text, USER } from "../support/telegram-updates.js";

const store = r2Store((env as unknown as { STORE: R2Bucket }).STORE);
const utf8 = (s: string) => new TextEncoder().encode(s);

const POLICY = SAMPLE_POLICY;

async function clearStore() {
  const keys = (await store.list("")).map((e) => e.key);
  if (keys.length) await store.delete(keys);
}

beforeEach(async () => {
  await clearStore();
  await reset();
});

async function upload(from: typeof USER, name: string, bytes: Uint8Array, mime?: string) {
  const res = await post(documentMessage(from, await fileFor(name, bytes, mime)));
  expect(res.status).toBe(200);
}

const lastMessage = async () => (await calls("sendMessage")).at(-1)!;
const button = async (label: string) => {
  const b = buttonsOf(await lastMessage()).find((x) => x.text === label);
  expect(b, `button ${label}`).toBeDefined();
  return b!.callback_data;
};
const ask = async (q: string) => {
  await reset();
  await post(text(USER, q));
  return (await sentTexts()).join("\n");
};

describe("not an admin", () => {
  it("gets a refusal that reveals nothing for every admin command and button, and nothing changes", async () => {
    const logs = captureLogs();
    for (const command of ["/remove 000_110e3aa23992a0c0", "/rollback", "/stats", "/stats 30", "/edit 文号 x"]) {
      await reset();
      await post(text(USER, command));
      expect(await sentTexts(), command).toEqual(["抱歉，你没有权限执行这个操作。"]);
    }
    await reset();
    await post(press(USER, "adm:ok:abcdefghij"));
    const [alert] = await calls("answerCallbackQuery");
    expect(alert.params).toMatchObject({ text: "抱歉，你没有权限执行这个操作。", show_alert: true });
    // a file from a user is not an upload: the usual hint, nothing read
    await reset();
    await upload(USER, "政策.txt", utf8(POLICY));
    expect(await sentTexts()).toEqual([expect.stringContaining("我只能读文字")]);
    expect((await calls()).some((c) => c.method === "getFile")).toBe(false);
    // /docs without ids
    await reset();
    await post(text(USER, "/docs"));
    expect((await sentTexts()).join("\n")).not.toContain("id：");
    // nothing stored but the day's count of refusals (and the seen-update markers): not one object per refusal
    const keys = (await store.list("")).map((e) => e.key);
    expect(keys.filter((k) => !k.startsWith("audit/") && !k.startsWith("stats/") && !k.startsWith("updates/"))).toEqual([]);
    const day = chinaDay(new Date());
    expect(keys.filter((k) => k.startsWith("audit/"))).toEqual([`audit/refused/${day}.json`]);
    // the hourly sweep merges what this instance counted since
    await worker.scheduled(createScheduledController({ cron: "23 * * * *" }), env as unknown as Record<string, unknown>);
    const counts = JSON.parse((await store.getText(`audit/refused/${day}.json`))!) as Record<string, number>;
    expect(counts).toMatchObject({ "telegram:remove": expect.any(Number), "telegram:rollback": expect.any(Number), "telegram:edit": expect.any(Number), "telegram:button ok": expect.any(Number) });
    expect(counts["telegram:stats"]).toBeGreaterThanOrEqual(2);
    // and an admin's /stats says how many were refused
    await reset();
    await post(text(ADMIN, "/stats"));
    const total = Object.values(counts).reduce((x, y) => x + y, 0);
    expect((await sentTexts()).join("\n")).toContain(`另有 ${total} 次管理操作被拒绝`);
    // each refusal is a log line, without what was asked for
    expect(logs.info).toEqual(
      ["remove", "rollback", "stats", "stats", "edit", "button ok"].map((kind) => `refused telegram:${kind}: telegram:1001 is not an admin`),
    );
    expect(logs.errors).toEqual([]);
  });
});

describe("an admin uploads a document", () => {
  it("previews it, takes corrections, and on 确认上线 every user can find it", async () => {
    const logs = captureLogs();
    await upload(ADMIN, "襄阳数字经济措施.txt", utf8(POLICY), "text/plain");
    const preview = String((await lastMessage()).params.text);
    expect(preview).toContain("上传预览");
    expect(preview).toContain("《襄阳市人民政府关于支持数字经济发展的若干措施》");
    expect(preview).toContain("文号：襄政发〔2024〕8号");
    expect(preview).toContain("发文机关：襄阳市人民政府");
    expect(preview).toContain("日期：2024年3月1日");
    expect(preview).toMatch(/识别出 \d+ 条条款/);
    expect(preview).toContain("一、支持企业数字化改造");
    expect(buttonsOf(await lastMessage()).map((b) => b.text)).toEqual(["确认上线", "取消"]);
    // not live yet
    expect(await ask("数字化改造投资补助")).not.toContain("襄阳");

    await reset();
    await post(text(ADMIN, "/edit 日期 2024年3月5日"));
    expect(String((await lastMessage()).params.text)).toContain("日期：2024年3月5日（管理员 42 填写）");
    await post(text(ADMIN, "/edit 类型 草稿"));
    expect(String((await lastMessage()).params.text)).toContain("类型只能是：正式文件、征求意见稿、工作汇报");
    await post(text(ADMIN, "/edit 日期 2024年3月5日"));

    const confirm = await buttonFromPreview();
    await reset();
    await post(press(ADMIN, confirm));
    const done = (await sentTexts()).join("\n");
    expect(done).toContain("✅ 已上线：《襄阳市人民政府关于支持数字经济发展的若干措施》 襄政发〔2024〕8号");
    expect(done).toMatch(/资料库新版本 v\d{14}-[0-9a-f]{8}-[0-9a-z]{6}：6份文件/);

    const answer = await ask("襄阳数字化改造投资补助多少");
    expect(answer).toContain("《襄阳市人民政府关于支持数字经济发展的若干措施》");
    expect(answer).toContain("最高200万元");
    expect(answer).toContain("襄政发〔2024〕8号");

    await reset();
    await post(text(ADMIN, "/docs"));
    const docs = (await sentTexts()).join("\n");
    expect(docs).toContain("共6份");
    expect(docs).toMatch(/id：<code>u_[0-9a-f]{16}<\/code>/);
    // the original file is kept
    expect((await store.list("originals/")).map((e) => e.meta.name)).toEqual(["襄阳数字经济措施.txt"]);
    // every admin action is logged with who did it (the refused /edit 类型 changed nothing: not an action)
    expect(audited(logs).map((a) => [a.by, a.action.split(" ")[0], a.ok])).toEqual([
      ["telegram:42", "upload", true],
      ["telegram:42", "edit", true],
      ["telegram:42", "edit", true],
      ["telegram:42", "add", true],
    ]);
    expect(audited(logs)[1].detail).toMatch(/: date = 2024-03-05$/);
    expect(audited(logs)[3].detail).toContain("✅ 已上线：《襄阳市人民政府关于支持数字经济发展的若干措施》");
  });

  it("取消 leaves everything as it was", async () => {
    const logs = captureLogs();
    await upload(ADMIN, "a.txt", utf8(POLICY));
    const confirm = await buttonOf("确认上线");
    const cancel = await buttonOf("取消");
    await reset();
    await post(press(ADMIN, cancel));
    expect(await sentTexts()).toEqual(["已取消这次上传，资料库没有变化。"]);
    expect(await store.getText("index/live.json")).toBeNull();
    // its 确认上线, pressed afterwards, does nothing
    await reset();
    await post(press(ADMIN, confirm));
    expect(await sentTexts()).toEqual(["这份上传已经过期或已处理，请重新发送文件。"]);
    expect(await store.getText("index/live.json")).toBeNull();
    // the refused press is an admin action too: audited, with why
    expect(audited(logs).map((a) => [a.action, a.ok])).toEqual([
      ["upload", true],
      ["cancel", true],
      ["add", false],
    ]);
    expect(audited(logs)[2].detail).toMatch(/^pending \S+: missing$/);
  });

  it("a document with the same 文号 offers to replace the old one", async () => {
    const logs = captureLogs();
    await upload(ADMIN, "v1.txt", utf8(POLICY));
    await post(press(ADMIN, await buttonFromPreview()));
    const revised = POLICY.replace("最高200万元", "最高300万元");
    await reset();
    await upload(ADMIN, "v2.txt", utf8(revised));
    const preview = String((await lastMessage()).params.text);
    expect(preview).toContain("已收录文号或标题相同的文件");
    expect(buttonsOf(await lastMessage()).map((b) => b.text)).toEqual(["替换旧文件并上线", "作为新文件上线", "取消"]);
    const replace = await buttonOf("替换旧文件并上线");
    await reset();
    await post(press(ADMIN, replace));
    expect((await sentTexts()).join("\n")).toContain("已替换：《襄阳市人民政府关于支持数字经济发展的若干措施》");
    const answer = await ask("襄阳数字化改造投资补助多少");
    expect(answer).toContain("最高300万元");
    expect(answer).not.toContain("最高200万元");
    await reset();
    await post(text(ADMIN, "/docs"));
    expect((await sentTexts()).join("\n")).toContain("共6份");
    expect(audited(logs).map((a) => [a.action.split(" ")[0], a.ok])).toEqual([
      ["upload", true],
      ["add", true],
      ["upload", true],
      ["replace", true],
    ]);
  });
});

describe("each file type", () => {
  // .docx and .pdf go through the extractor worker (service binding EXTRACTOR), as deployed.
  it.each([
    ["数字化转型措施.docx", "policy.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["数字化转型措施.pdf", "policy.pdf", "application/pdf"],
    ["软件产业政策.md", "notice.md", "text/markdown"],
    ["成都开门红.txt", "policy-gb18030.txt", "text/plain"],
    ["成都开门红-utf16.txt", "policy-utf16.txt", "text/plain"],
  ] as const)("%s is read, previewed and goes live", async (name, fixture, mime) => {
    const logs = captureLogs();
    await upload(ADMIN, name, uploadFixture(fixture), mime);
    const preview = (await calls("sendMessage")).at(-1)!;
    const html = String(preview.params.text);
    expect(html, html).toContain("上传预览");
    expect(html).toMatch(/识别出 [1-9]\d* 条条款/);
    if (fixture.startsWith("policy.")) {
      expect(html).toContain("《某市经济和信息化局关于支持中小企业数字化转型的若干措施》");
      expect(html).toContain("文号：某经信发〔2024〕12号");
      expect(html).toContain("二、支持措施");
    }
    if (fixture === "policy-gb18030.txt") expect(html).toContain("GB18030");
    expect(audited(logs)[0]).toMatchObject({ by: "telegram:42", action: "upload", ok: true, detail: expect.stringMatching(new RegExp(`^${name}: pending \\w+, \\d+ clauses$`)) });
    if (fixture.startsWith("policy-")) {
      // the same text as a live seed: offered as a replacement
      expect(html).toContain("已收录文号或标题相同的文件");
      return;
    }
    const confirm = buttonsOf(preview).find((b) => b.text === "确认上线")!.callback_data;
    await reset();
    await post(press(ADMIN, confirm));
    expect((await sentTexts()).join("\n")).toContain("✅ 已上线");
    if (fixture.startsWith("policy.")) expect(await ask("购买工业软件云服务补助多少")).toContain("最高不超过50万元");
    expect(audited(logs).map((a) => [a.action.split(" ")[0], a.ok])).toEqual([
      ["upload", true],
      ["add", true],
    ]);
    expect(logs.errors).toEqual([]);
  });

  it.each([
    ["扫描件.pdf", "scanned.pdf", /扫描/],
    ["加密.pdf", "encrypted.pdf", /密码|加密/],
    ["坏的.docx", "corrupt.docx", /无法|损坏/],
  ] as const)("%s gets a clear explanation and nothing changes", async (name, fixture, message) => {
    const logs = captureLogs();
    await upload(ADMIN, name, uploadFixture(fixture));
    const reply = (await sentTexts()).join("\n");
    expect(reply).toMatch(message);
    expect(reply).toContain("资料库没有变化");
    expect(await store.getText("index/live.json")).toBeNull();
    // the refused upload is an audited action, logged with the reason the admin was given
    expect(audited(logs)).toEqual([{ at: expect.any(String), by: "telegram:42", action: "upload", ok: false, detail: expect.stringMatching(new RegExp(`^${name}: `)) }]);
    expect(audited(logs)[0].detail).toMatch(message);
  });
});

describe("/remove and /rollback", () => {
  it("withdraws a document after confirmation, and /rollback brings it back", async () => {
    const logs = captureLogs();
    const id = "001_a845484a276ad0be";
    expect(await ask("大手牵小手活动的补助标准是什么")).toContain("许昌");
    await reset();
    await post(text(ADMIN, `/remove ${id}`));
    expect(String((await lastMessage()).params.text)).toContain("确定要下线这份文件吗");
    const removeButton = await buttonOfAt("确认下线");
    expect(new TextEncoder().encode(removeButton).length).toBeLessThanOrEqual(64);
    await post(press(ADMIN, removeButton));
    expect((await sentTexts()).join("\n")).toContain("✅ 已下线");
    // pressed again after the index changed: a clear reply, nothing removed
    await reset();
    await post(press(ADMIN, removeButton));
    expect(await sentTexts()).toEqual(["资料库已经更新，这个按钮已失效，请重新发送 /remove。"]);
    expect(await ask("大手牵小手活动的补助标准是什么")).not.toContain("《许昌市人民政府关于稳定工业经济增长的实施意见》");

    await reset();
    await post(text(ADMIN, "/rollback"));
    const question = String((await lastMessage()).params.text);
    expect(question).toContain("回退到：随程序发布的资料库（5份文件");
    await post(press(ADMIN, await buttonOfAt("确认回退")));
    expect((await sentTexts()).join("\n")).toContain("✅ 已回退到：随程序发布的资料库");
    expect(await ask("大手牵小手活动的补助标准是什么")).toContain("许昌");

    await reset();
    await post(text(ADMIN, "/rollback"));
    expect(await sentTexts()).toEqual(["没有更早的版本可以回退：现在用的是随程序发布的资料库。"]);
    await post(text(ADMIN, "/remove no-such-doc"));
    expect((await sentTexts()).at(-1)).toContain("没有 id 为“no-such-doc”的文件");
    expect(audited(logs).map((a) => [a.action, a.ok])).toEqual([
      [`remove ${id}`, true],
      ["rollback", true],
    ]);
  });
});

describe("/help", () => {
  it("shows admins their commands, and others only the public help", async () => {
    await post(text(ADMIN, "/help"));
    expect((await sentTexts()).join("\n")).toContain("/remove id：下线文件");
    await reset();
    await post(text(USER, "/help"));
    const help = (await sentTexts()).join("\n");
    expect(help).toContain("不构成法律意见");
    expect(help).not.toContain("管理员");
  });
});

describe("/stats", () => {
  it("counts questions, the share answered, and the most frequent ones that found nothing", async () => {
    await ask("技改补贴");
    await ask("今天天气怎么样");
    await ask("今天天气怎么样？");
    await ask("股票明天会涨吗");
    await reset();
    await post(text(ADMIN, "/stats"));
    const stats = (await sentTexts()).join("\n");
    expect(stats).toContain("提问 4 次，找到答案 1 次（25%），没找到 3 次。");
    expect(stats).toMatch(/1\. 今天天气怎么样？?（2次）/);
    expect(stats).toContain("2. 股票明天会涨吗（1次）");
    await reset();
    await post(text(ADMIN, "/stats 2020-01-01 2020-01-31"));
    expect((await sentTexts()).join("\n")).toContain("这段时间没有人提问。");
    await post(text(ADMIN, "/stats 上个月"));
    expect((await sentTexts()).at(-1)).toContain("用法：/stats");
  });
});

describe("bad files change nothing and say why", () => {
  it.each([
    ["empty.txt", new Uint8Array(0), /空/],
    ["blank.txt", utf8(" \n\n\t \n"), /空|没有文字/],
    ["picture.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), /\.txt|\.docx|\.pdf/],
    ["old.doc", utf8("not really a doc"), /docx/],
    ["broken.docx", utf8("this is not a zip file at all"), /无法|读取|损坏/],
    ["broken.pdf", utf8("%PDF-1.4 garbage"), /无法|读取|损坏/],
    ["short.txt", utf8("你好"), /条款/],
  ])("%s", async (name, bytes, message) => {
    const logs = captureLogs();
    await upload(ADMIN, name, bytes);
    const reply = (await sentTexts()).join("\n");
    expect(reply).toMatch(message);
    expect(reply).toContain("资料库没有变化");
    expect(await store.getText("index/live.json")).toBeNull();
    expect(await store.list("pending/")).toEqual([]);
    expect(audited(logs)).toEqual([{ at: expect.any(String), by: "telegram:42", action: "upload", ok: false, detail: expect.stringMatching(new RegExp(`^${name.replace(".", "\\.")}: `)) }]);
  });

  it("an oversized file is refused before it is downloaded", async () => {
    const logs = captureLogs();
    await post(documentMessage(ADMIN, { file_id: "big", file_unique_id: "big", file_name: "big.pdf", file_size: 30 * 1024 * 1024 }));
    expect((await sentTexts()).join("\n")).toMatch(/文件太大（30\.0 MB），上限是 10 MB/);
    expect((await calls()).some((c) => c.method === "getFile")).toBe(false);
    expect(audited(logs)).toEqual([{ at: expect.any(String), by: "telegram:42", action: "upload", ok: false, detail: "big.pdf: too large (31457280 bytes)" }]);
  });
});

// ---------------------------------------------------------------------------------------

async function buttonFromPreview() {
  const previews = (await calls("sendMessage")).filter((c) => String(c.params.text).includes("上传预览"));
  const b = buttonsOf(previews.at(-1)!).find((x) => x.text === "确认上线");
  expect(b).toBeDefined();
  return b!.callback_data;
}
const buttonOf = button;
async function buttonOfAt(label: string) {
  const withButton = (await calls("sendMessage")).filter((c) => buttonsOf(c).some((b) => b.text === label));
  expect(withButton.length, label).toBeGreaterThan(0);
  return buttonsOf(withButton.at(-1)!).find((b) => b.text === label)!.callback_data;
}
