import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { consoleSettings } from './consoleSettings.ts';
import { type ConsoleFile, contentTypeOf, serveConsole } from './serveConsole.ts';

/** The built console shipped beside this bundle (`console/`, copied there at `cdk synth`). */
async function readFiles(dir: string): Promise<ConsoleFile[]> {
  const names = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    names
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const full = join(entry.parentPath, entry.name);
        return {
          path: relative(dir, full),
          body: await readFile(full),
          contentType: contentTypeOf(full),
        };
      }),
  );
}

let serve: Promise<ReturnType<typeof serveConsole>> | undefined;

/** Console function: `GET /console/*` through the HTTP API, no token (its data calls need one). */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  serve ??= readFiles(fileURLToPath(new URL('./console', import.meta.url))).then((files) =>
    serveConsole(files, consoleSettings(process.env)),
  );
  return (await serve)(event);
}
