import { decodeEnvelope, LimitExceededError } from "protoevents";

// A consumer of a topic whose messages are at most 1 MiB takes no envelope larger than that.
const limits = { maxBytes: 1024 * 1024 };
const received = new Uint8Array(2 * 1024 * 1024); // 2 MiB from the broker

try {
  decodeEnvelope(received, { limits });
} catch (error) {
  if (error instanceof LimitExceededError) console.log(error.code, error.limit, error.value, error.max);
}
