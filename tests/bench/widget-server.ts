/**
 * The widget's servers for the bench's timing figures, in a process of their own (widget-bench.ts starts
 * it): the browser driver's traffic then does not queue behind the API's answers, or these behind it, in
 * one event loop, as a deployed server never shares one with a visitor's browser. Prints the origins as one
 * JSON line; stops when its standard input closes.
 */
import { startWidgetServer } from '../e2e/harness';

const server = await startWidgetServer();
process.stdout.write(`${JSON.stringify({ apiOrigin: server.apiOrigin, hostOrigin: server.hostOrigin })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});
