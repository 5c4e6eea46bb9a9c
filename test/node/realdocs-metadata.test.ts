// Metadata of real-shaped documents on Node: see test/fixtures/realdocs-metadata-checks.ts.
import { describeRealdocsMetadata } from "../fixtures/realdocs-metadata-checks.js";

describeRealdocsMetadata("node");
