/** Entry point of the `mutual` command (npm run mutual, bin/mutual.js): binds `run` to this process. */
import { run } from './run';

// `mutual list | head` closes the pipe early: not a failure. Any other write error is one line.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`mutual: could not write the output (${error.code ?? 'unknown error'}).\n`);
  process.exit(1);
});

const onInterrupt = (handler: () => void) => {
  process.on('SIGINT', handler);
  return () => void process.off('SIGINT', handler);
};

run(process.argv.slice(2), { env: process.env, cwd: process.cwd(), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, onInterrupt }).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    // run() reports its own failures; this only guards against a failure while reporting one.
    process.exitCode = 1;
  },
);
