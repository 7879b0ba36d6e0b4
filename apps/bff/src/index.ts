export {
  API_CONTENT_SECURITY_POLICY,
  API_HEADERS,
  CONTENT_SECURITY_POLICY,
  SECURITY_HEADERS,
} from './answers.ts'
export { createApp } from './app.ts'
export { type RunningBff, type StartBffOptions, startBff } from './bff.ts'
export { type Config, ConfigError, type EmConfig, loadConfig } from './env.ts'
export { createLogger, type Logger, silentLogger } from './log.ts'
