// Long-running commands (mock-gateway, record) run until the user stops them with Ctrl-C or a service manager's SIGTERM.

/** Resolves with the signal's name on the first SIGINT or SIGTERM, then stops listening for both. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
