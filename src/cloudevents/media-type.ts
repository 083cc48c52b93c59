import { asciiLowerCase } from "./ascii-case.js";

/**
 * The media type of a content type: before any `;` parameters, without the
 * spaces and tabs around it, ASCII letters in lower case.
 *
 * @internal
 */
export function mediaTypeOf(contentType: string): string {
  return asciiLowerCase(contentType.split(";")[0] ?? "").replace(/^[ \t]+|[ \t]+$/g, "");
}
