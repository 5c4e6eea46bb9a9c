// A preamble's place in the ranking, in workerd: see test/fixtures/preamble-checks.ts.
import { describePreamble } from "../fixtures/preamble-checks.js";

describePreamble("workerd");
