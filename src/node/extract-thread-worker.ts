// The worker thread of ./extract-thread.ts: parses one file with the in-process parsers and
// posts the result back.
import { parentPort, workerData } from "node:worker_threads";
import { localParsers } from "../ingest/extract/binary-parsers.js";
import type { ExtractLimits } from "../ingest/extract/limits.js";

const { kind, bytes, limits } = workerData as { kind: "docx" | "pdf"; bytes: Uint8Array; limits: ExtractLimits };
parentPort!.postMessage(await localParsers[kind](bytes, limits));
