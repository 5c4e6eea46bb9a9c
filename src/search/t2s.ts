// Traditional → simplified characters (OpenCC's t2cn dictionaries, pure JS): 技術改造有什麼補貼
// is searched as 技术改造有什么补贴.
import * as OpenCC from "opencc-js/t2cn";

let converter: ((text: string) => string) | undefined;

export function toSimplified(text: string): string {
  converter ??= OpenCC.Converter({ from: "t", to: "cn" });
  return converter(text);
}
