/** `npm run bench`: prints performance figures; never asserts timings (tests do not time anything). */
import { benchPlan } from "./plan.js";

for (const line of benchPlan()) console.log(line);
