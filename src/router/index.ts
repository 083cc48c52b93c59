export { createRouter, type EventHandler, type EventsHandler, type RoutedEvent, type Router } from "./create-router.js";
export type { DispatchContext, HandlerContext, MessageSource } from "./handler-context.js";
export { handleWithRetries, type HandleWithRetriesOptions, type HandlingOutcome } from "./handle-with-retries.js";
export { defaultRetryPolicy, resolveRetryPolicy, retryDelayMs, type RetryPolicy } from "./retry-policy.js";
export { checkUnknownEventPolicy, defaultUnknownEventPolicy, isUnknownEvent, type UnknownEventPolicy } from "./unknown-event-policy.js";
export { DeadLetterHeader, deadLetterHeaders, handlerFailedCode, maxDeadLetterMessageLength, type DeadLetterReason } from "./dead-letter-headers.js";
