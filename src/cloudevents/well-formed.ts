/**
 * Whether a string is well-formed Unicode: no lone surrogate, which neither language can encode
 * as UTF-8 (a JSON escape or a header given as a string can spell one).
 * String.prototype.isWellFormed is ES2024 (Node 20); the compiler's lib is ES2022.
 *
 * @internal
 */
export function isWellFormed(value: string): boolean {
  return (value as string & { isWellFormed(): boolean }).isWellFormed();
}
