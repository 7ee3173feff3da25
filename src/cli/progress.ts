/** A byte-progress bar on stderr when it is a terminal; silent otherwise (pipes, CI, tests). */
import cliProgress from "cli-progress";

export interface ByteProgress {
  readonly onProgress: (bytesRead: number, totalBytes: number | undefined) => void;
  stop(): void;
}

/** A progress reporter for reading `label`; draws only on a TTY and only for inputs of at least `minBytes`. */
export function byteProgress(label: string, minBytes = 4 * 1024 * 1024): ByteProgress {
  if (!process.stderr.isTTY) return { onProgress: () => undefined, stop: () => undefined };
  let bar: cliProgress.SingleBar | undefined;
  return {
    onProgress(bytesRead, totalBytes) {
      if (totalBytes === undefined || totalBytes < minBytes) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `${label} [{bar}] {percentage}% | {value}/{total} MB`,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.ceil(totalBytes / 1e6), 0);
      }
      bar.update(Math.floor(bytesRead / 1e6));
    },
    stop() {
      bar?.stop();
    },
  };
}
