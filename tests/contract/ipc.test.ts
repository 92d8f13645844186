/** The conformance suite over Electron IPC (simulated). */
import { contractSuite } from './suite';
import { makeIpcHarness } from './harness';

contractSuite('Electron IPC (simulated)', makeIpcHarness);
