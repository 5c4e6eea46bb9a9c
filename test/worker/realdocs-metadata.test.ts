// Metadata of real-shaped documents in workerd: see test/fixtures/realdocs-metadata-checks.ts.
import { describeRealdocsMetadata } from "../fixtures/realdocs-metadata-checks.js";

describeRealdocsMetadata("workerd");
