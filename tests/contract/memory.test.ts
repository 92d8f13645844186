/** The conformance suite over the in-memory transport. */
import { contractSuite } from './suite';
import { makeMemoryHarness } from './harness';

contractSuite('the in-memory transport', makeMemoryHarness);
