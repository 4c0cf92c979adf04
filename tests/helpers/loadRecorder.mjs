// Module hooks (node --import): append the URL of every ES module the process loads to the file
// named by AB_LOAD_LOG, so a test can say what a command loaded (e.g. `cdk synth`: no handler).
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    export async function load(url, context, next) {
      appendFileSync(process.env.AB_LOAD_LOG, url + '\\n');
      return next(url, context);
    }
  `)}`,
  import.meta.url,
);
