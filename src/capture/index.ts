// Capture: the recording proxy and the fetch/axios loggers, all writing the same NDJSON line per exchange.
export { captureLine, BODY_LIMIT_CHARS, type CaptureLine, type Exchange } from './capture-line.js';
export { createCaptureLog, openCaptureLog, type CaptureLog, type CaptureLogOptions } from './capture-log.js';
export { startRecordingProxy, type RecordingProxy, type RecordingProxyOptions } from './recording-proxy.js';
export { captureFetch } from './fetch-logger.js';
export { captureAxios, type AxiosLike } from './axios-logger.js';
