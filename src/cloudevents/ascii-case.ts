/**
 * Lower-cases ASCII letters only: `toLowerCase` also folds other letters (the
 * Kelvin sign to `k`), which Python's `lower` folds otherwise.
 *
 * @internal
 */
export function asciiLowerCase(text: string): string {
  // Header names and media types are mostly lower case already: returned as they are, unscanned by a regex.
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x41 && unit <= 0x5a) return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  }
  return text;
}
