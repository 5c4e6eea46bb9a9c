// Document evidence in workerd: see test/fixtures/document-evidence-checks.ts.
import { describeDocumentEvidence } from "../fixtures/document-evidence-checks.js";

describeDocumentEvidence("workerd");
