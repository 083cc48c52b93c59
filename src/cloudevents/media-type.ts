import { asciiLowerCase } from "./ascii-case.js";

/**
 * The media type of a content type: before any `;` parameters, without the
 * spaces and tabs around it, ASCII letters in lower case.
 *
 * @internal
 */
export function mediaTypeOf(contentType: string): string {
  const semicolon = contentType.indexOf(";");
  let end = semicolon === -1 ? contentType.length : semicolon;
  let start = 0;
  while (start < end && isSpaceOrTab(contentType.charCodeAt(start))) start++;
  while (end > start && isSpaceOrTab(contentType.charCodeAt(end - 1))) end--;
  return asciiLowerCase(start === 0 && end === contentType.length ? contentType : contentType.slice(start, end));
}

function isSpaceOrTab(unit: number): boolean {
  return unit === 0x20 || unit === 0x09;
}
