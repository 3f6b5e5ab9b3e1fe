/** `npm run bench`: prints performance figures; never asserts timings (tests do not time anything). */
import { benchPlan } from "./plan.js";
import { benchPreview } from "./preview.js";

for (const line of benchPlan()) console.log(line);
console.log("");
for (const line of benchPreview()) console.log(line);
