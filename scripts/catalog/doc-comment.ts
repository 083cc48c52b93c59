import type { AnyDesc, DescFile } from "@bufbuild/protobuf";
import { getComments } from "@bufbuild/protoplugin";

/**
 * The leading comment of a declaration in its .proto file, with the comment
 * markers' space removed and surrounding blank lines trimmed; "" when none.
 */
export function docComment(desc: Exclude<AnyDesc, DescFile>): string {
  const leading = getComments(desc).leading ?? "";
  return leading
    .split("\n")
    .map((line) => line.replace(/^ /, "").trimEnd())
    .join("\n")
    .trim();
}

/** The first sentence of a comment, for one-line summaries. */
export function firstSentence(comment: string): string {
  const flat = comment.split(/\n\s*\n/)[0]?.replace(/\s*\n\s*/g, " ").trim() ?? "";
  const end = flat.search(/\.(\s|$)/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}
