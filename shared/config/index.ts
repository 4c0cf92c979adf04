export { type Config, configSchema, loadConfig } from './Config.ts';
