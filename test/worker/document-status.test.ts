// Document status in workerd: see test/fixtures/document-status-checks.ts.
import { describeDocumentStatus } from "../fixtures/document-status-checks.js";

describeDocumentStatus("workerd");
