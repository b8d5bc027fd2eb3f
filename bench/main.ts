/** `make bench`: every benchmark in one run, figures and ratios printed side by side. */
import { benchProtocol, printProtocolBench } from './protocol.js';

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
printProtocolBench(benchProtocol());
await import('./yield.js').then((yieldBench) => yieldBench.printYieldBench(yieldBench.benchYield()));
