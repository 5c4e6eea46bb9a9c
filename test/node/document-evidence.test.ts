// Document evidence on Node: see test/fixtures/document-evidence-checks.ts.
import { describeDocumentEvidence } from "../fixtures/document-evidence-checks.js";

describeDocumentEvidence("Node");
