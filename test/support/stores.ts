// Stores that misbehave where a test says, around a real one.
import type { BlobStore } from "../../src/store/blob-store.js";
import { LIVE_KEY } from "../../src/store/index-versions.js";

/** Runs `meanwhile` just before the first switch of index/live.json, then lets the switch go on. */
export function beforeFirstSwitch(store: BlobStore, meanwhile: () => Promise<unknown>): BlobStore {
  let raced = false;
  return {
    ...store,
    putIfUnchanged: async (key, value, version) => {
      if (!raced && key === LIVE_KEY) {
        raced = true;
        await meanwhile();
      }
      return store.putIfUnchanged(key, value, version);
    },
  };
}
