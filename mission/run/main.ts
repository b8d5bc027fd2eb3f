/** The process entry of `npx mission` (bin/mission.js runs dist/mission/run/main.js). */
import { missionMain } from './cli.js';

process.exitCode = await missionMain(process.argv.slice(2));
