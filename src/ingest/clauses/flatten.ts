// Flattens the clause tree into clauses in document order, each with a stable id (its
// position path: "3.3.1.2"), its ancestors' labels and the lead-in text they carry.
import type { Clause } from "../../shared/schema.js";
import type { ClauseNode } from "./tree.js";

export function flattenTree(docId: string, nodes: ClauseNode[]): Clause[] {
  const out: Clause[] = [];
  const walk = (siblings: ClauseNode[], ordinals: number[], path: string[], context: string[]) => {
    siblings.forEach((node, i) => {
      const own = ordinals.concat(i + 1);
      const text = node.paragraphs.join("\n");
      out.push({
        id: `${docId}:${own.join(".")}`,
        docId,
        kind: node.kind,
        label: node.label,
        path,
        text,
        context: context.join("\n"),
        children: node.children.length,
        order: out.length,
      });
      walk(node.children, own, path.concat(node.label), text ? context.concat(text) : context);
    });
  };
  walk(nodes, [], [], []);
  return out;
}
