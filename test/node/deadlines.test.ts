// Deadlines on Node: see test/fixtures/deadline-checks.ts.
import { describeDeadlines } from "../fixtures/deadline-checks.js";

describeDeadlines("node");
