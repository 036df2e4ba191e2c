import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

/** Writes the chunks to `path.tmp-<random>`, fsyncs, then renames over `path`. */
export async function writeBytesAtomic(path: string, chunks: Iterable<Uint8Array>): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await open(tmp, 'w');
  try {
    for (const chunk of chunks) {
      let done = 0;
      while (done < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, done, chunk.length - done);
        done += bytesWritten;
      }
    }
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  await rename(tmp, path);
}

/** Writes a JSON file atomically (pretty-printed, trailing newline). */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeBytesAtomic(path, [new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`)]);
}
