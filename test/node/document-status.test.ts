// Document status on Node: see test/fixtures/document-status-checks.ts.
import { describeDocumentStatus } from "../fixtures/document-status-checks.js";

describeDocumentStatus("node");
