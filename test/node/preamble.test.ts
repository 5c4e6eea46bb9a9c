// A preamble's place in the ranking, on Node: see test/fixtures/preamble-checks.ts.
import { describePreamble } from "../fixtures/preamble-checks.js";

describePreamble("Node");
