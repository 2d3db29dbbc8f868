// The shared scan layer: run scanners, gate on severity, render table/JSON/SARIF/JUnit.
export * from './model.js';
export * from './render.js';
export { runScan, withBaseline, scannerErrorRule, type RunScanOptions } from './run-scan.js';
export { jsonReport, jsonReportVersion, type JsonReport } from './json.js';
export { sarifReport } from './sarif.js';
