/**
 * Lower-cases ASCII letters only: `toLowerCase` also folds other letters (the
 * Kelvin sign to `k`), which Python's `lower` folds otherwise.
 *
 * @internal
 */
export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
