import { describe, expect, it } from "vitest";
import { plainView } from "./plain-view.js";

describe("plainView", () => {
  it("gives a plain array over a Buffer's own bytes, whose slice() copies", () => {
    const buffer = Buffer.from([9, 1, 2, 3, 9]).subarray(1, 4);
    const view = plainView(buffer);
    expect(Object.getPrototypeOf(view)).toBe(Uint8Array.prototype);
    expect([view.buffer, view.byteOffset, view.byteLength]).toEqual([buffer.buffer, buffer.byteOffset, 3]);
    view.slice()[0] = 7;
    expect(buffer[0]).toBe(1);
    view[0] = 5;
    expect(buffer[0]).toBe(5);
  });

  it("gives a plain array back as it is", () => {
    const bytes = new Uint8Array([1, 2]);
    expect(plainView(bytes)).toBe(bytes);
  });
});
