const segment = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/** The fewest and most dot-separated segments an event name has. */
export const eventNameSegments = { min: 2, max: 4 } as const;

/**
 * Tells whether an event name is well formed: lowercase, dot-separated, 2 to 4
 * segments, each a letter followed by letters, digits and single underscores
 * (`user.created`, `order.line_item.added`).
 */
export function isValidEventName(name: string): boolean {
  const parts = name.split(".");
  return parts.length >= eventNameSegments.min && parts.length <= eventNameSegments.max && parts.every((p) => segment.test(p));
}

/**
 * Suggests a well-formed spelling of an event name: camel case and other
 * separators become dots, letters become lowercase (`User.EmailChanged` gives
 * `user.email.changed`). The suggestion may still have too many or too few
 * segments.
 */
export function suggestEventName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1.$2")
    .toLowerCase()
    .split(/[^a-z0-9_]+/)
    .map((p) => p.replace(/^[0-9_]+/, "").replace(/_+$/, ""))
    .filter((p) => p !== "")
    .join(".");
}

// Irregular past tenses and participles that event names use; regular ones end in -ed.
const irregularPastTense = new Set([
  "begun", "bought", "broken", "brought", "built", "caught", "chosen", "cut", "done", "drawn", "found",
  "frozen", "given", "got", "gotten", "held", "hidden", "kept", "known", "laid", "led", "left", "lent", "lost", "made",
  "met", "paid", "put", "quit", "read", "rebuilt", "reset", "resent", "run", "sent", "set", "shown", "shut", "sold",
  "spent", "split", "stolen", "struck", "taken", "told", "thrown", "undone", "withdrawn", "won", "written",
]);
const notPastTense = new Set(["bed", "breed", "embed", "feed", "need", "seed", "shed", "speed"]);

/**
 * Tells whether the last segment of an event name holds a past tense verb
 * (`created`, `email_changed`, `paid`, `logged_in`): a heuristic for advice.
 */
export function endsInPastTense(name: string): boolean {
  const last = name.slice(name.lastIndexOf(".") + 1);
  return last.split("_").some((word) => irregularPastTense.has(word) || (word.length > 3 && word.endsWith("ed") && !notPastTense.has(word)));
}
