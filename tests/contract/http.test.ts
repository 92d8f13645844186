/** The conformance suite over HTTP + WebSocket. */
import { contractSuite } from './suite';
import { makeHttpHarness } from './harness';

contractSuite('HTTP + WebSocket', makeHttpHarness);
